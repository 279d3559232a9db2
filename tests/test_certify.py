"""fla certify against the built-in mock: clean means no findings, each fault is caught."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from fla_conformance.certify import Options, certify, write_reports
from fla_conformance.certify.scenarios.access import OTHER_EMPLOYER
from fla_conformance.certify.target import seeded_employees
from fla_conformance.cli import main
from fla_conformance.mock import FAULTS

# The check that catches each fault of the mock: the README's fault table. Every fault is run
# through all of certify's parts (fewer examples than the default), so that no part hides
# another's finding; a fault missing here must still make the run fail.
CATCHES: dict[str, str] = {
    "credit-off-by-one": "credit-worked-example",
    "sector-before-legal": "credit-worked-example",
    "newest-year-first": "credit-worked-example",
    "odd-half-days": "fla_request_rules",
    "drop-provider-reference": "provider-validation",
    "error-500-on-bad-input": "not_a_server_error",
    "ignore-deactivation": "deletion",
    "wrong-anomaly-class": "fla_anomaly_classes",
    "leak-other-employer": "auth-isolation",
    "no-resend-warning": "resend-warning",
    "accept-read-only": "fla_request_rules",
    "legal-right-not-owned": "legal-ownership",
    "provider-auto-validate": "provider-validation",
    "stale-waiting-list": "provider-validation",
    "expired-token-accepted": "expired-token",
    "source-always": "rights-round-trip",
    "echo-computed-legal-right": "computed-legal-right",
}


@pytest.fixture(scope="module")
def clean_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    directory = tmp_path_factory.mktemp("clean")
    code = main(["certify", "--max-examples", "8", "--seed", "3", "--report-dir", str(directory)])
    return code, directory


def test_the_clean_mock_passes_with_no_findings(clean_reports: tuple[int, Path]) -> None:
    code, directory = clean_reports
    report = json.loads((directory / "certify.json").read_text())
    assert report["findings"] == []
    assert code == 0
    assert report["summary"]["failed"] == 0
    assert report["summary"]["passed"] >= 20  # 13 fuzzing units, probes, 12 scenarios


def test_the_json_evidence_names_what_reproduces_the_run(clean_reports: tuple[int, Path]) -> None:
    report = json.loads((clean_reports[1] / "certify.json").read_text())
    assert re.fullmatch(r"[0-9a-f]{64}", report["specHash"])
    assert report["ruleCatalogueVersion"]
    assert report["seed"] == 3
    assert report["options"]["maxExamples"] == 8
    assert report["cases"] > 100 and report["casesPerSecond"] > 0
    assert set(report["coverage"]) == {
        "putTrainingRights", "getTrainingRights", "putTrainings", "getTrainings",
        "getCreditCalculation", "getEmployeesTrainings", "getEmployeesTrainingRights",
        "(no operation)",
    }
    exercised = {rule for cov in report["coverage"].values() for rule in cov["rules"]}
    assert exercised >= {"FLAC-020", "00014-017", "FLAC-201", "FLAC-202", "FLA04-272",
                         "FLAC-013", "FLAC-103", "FLAC-130", "FLAC-131"}


def test_junit_and_html_are_well_formed(clean_reports: tuple[int, Path]) -> None:
    root = ET.parse(clean_reports[1] / "junit.xml").getroot()
    assert root.tag == "testsuites" and root.get("failures") == "0"
    assert {suite.get("name") for suite in root} == {"schemathesis", "scenarios"}
    html = (clean_reports[1] / "certify.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "external asset"
    assert "Coverage per rule" in html and "FLAC-103" in html


def _run(tmp_path: Path, faults: list[str], only: tuple[str, ...] = ()) -> Any:
    options = Options(max_examples=5, faults=faults, only=list(only), report_dir=tmp_path)
    report = certify(options)
    write_reports(report, tmp_path)
    return report


def _run_all(tmp_path: Path, faults: list[str]) -> Any:
    report = certify(Options(max_examples=3, faults=faults, report_dir=tmp_path))
    write_reports(report, tmp_path)
    return report


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_fault_of_the_mock_is_caught(fault: str, tmp_path: Path) -> None:
    report = _run_all(tmp_path, [fault])
    assert report.failed, f"certify did not catch the fault {fault}"
    if fault in CATCHES:
        assert CATCHES[fault] in {finding.check for finding in report.run.findings}


def test_reports_never_show_a_raw_inss(tmp_path: Path) -> None:
    report = _run(tmp_path, ["source-always", "accept-read-only", "leak-other-employer"],
                  ("probes", "rights-round-trip", "auth-isolation"))
    assert report.failed
    text = "\n".join(path.read_text() for path in tmp_path.iterdir() if path.is_file())
    assert "*********" in text  # the evidence is there, masked
    for inss in [*seeded_employees(0), *report.run.masker.known_order]:
        assert str(inss) not in text
    assert "Bearer" not in text and "authorization" not in text.lower()
    assert str(OTHER_EMPLOYER) in text  # employers are not personal data
    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert int(root.get("failures") or 0) >= 3
    assert "accepted a request that breaks FLAC-013" in (tmp_path / "certify.html").read_text()


def test_replay_reproduces_the_findings_of_a_report(tmp_path: Path) -> None:
    first = tmp_path / "first"
    code = main(["certify", "--fault", "accept-read-only", "--fault", "no-resend-warning",
                 "--only", "probes", "--only", "resend-warning", "--report-dir", str(first)])
    assert code == 1
    data = json.loads((first / "certify.json").read_text())
    assert data["findings"]
    code = main(["certify", "--replay", str(first / "certify.json"), "--report-dir", str(first)])
    assert code == 1
    again = json.loads((first / "replay" / "certify.json").read_text())
    assert {f["check"] for f in again["findings"]} >= {"fla_request_rules", "resend-warning"}
    assert all(o["reason"] in ("reproduced", "") for o in again["outcomes"])


def test_replay_against_a_fixed_server_finds_nothing(tmp_path: Path) -> None:
    main(["certify", "--fault", "accept-read-only", "--only", "probes",
          "--report-dir", str(tmp_path)])
    data = json.loads((tmp_path / "certify.json").read_text())
    data["options"]["faults"] = []  # the server was fixed
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(data))
    assert main(["certify", "--replay", str(fixed), "--report-dir", str(tmp_path)]) == 0
