"""certify's parts without a server: safety, masking, the credit and anomaly checks, CLI errors."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fla_conformance.certify import Masker, Options, PlainProgress, check_safety, selection
from fla_conformance.certify.checks import Observation, fla_anomaly_classes, fla_credit
from fla_conformance.certify.findings import Exchange, Finding
from fla_conformance.certify.progress import for_stream
from fla_conformance.cli import main
from fla_conformance.contract import load_contract
from fla_conformance.errors import UsageError
from fla_conformance.identifiers import make_inss

EXAMPLES = Path(__file__).resolve().parents[1] / "contracts" / "examples"
INSS = 81511716525
REMOTE = "https://services-sim.socialsecurity.be/REST/federalLearningAccount/v1"
PRODUCTION = "https://services.socialsecurity.be/REST/federalLearningAccount/v1"


# -- safety ---------------------------------------------------------------------------------
def test_the_production_host_is_refused_without_allow_production() -> None:
    options = Options(base_url=PRODUCTION, employer=880820673, employees=[INSS])
    with pytest.raises(UsageError, match="--allow-production"):
        check_safety(options)
    options.allow_production = True
    check_safety(options)


def test_a_non_local_url_needs_the_identities_named() -> None:
    with pytest.raises(UsageError, match="--employer KBO and --employee INSS"):
        check_safety(Options(base_url=REMOTE))
    with pytest.raises(UsageError, match="--employee"):
        check_safety(Options(base_url=REMOTE, employer=880820673))
    check_safety(Options(base_url=REMOTE, employer=880820673, employees=[INSS]))
    check_safety(Options(base_url="http://127.0.0.1:9/REST/federalLearningAccount/v1"))


def test_identities_with_wrong_check_digits_are_refused() -> None:
    with pytest.raises(UsageError, match="not a valid INSS"):
        check_safety(Options(employees=[INSS + 1]))
    with pytest.raises(UsageError, match="not a valid KBO"):
        check_safety(Options(employer=880820674))


def test_the_cli_refuses_unsafe_runs_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify", "--base-url", PRODUCTION, "--employer", "880820673",
                 "--employee", str(INSS)]) == 2
    assert "production host" in capsys.readouterr().err
    assert main(["certify", "--base-url", REMOTE]) == 2
    assert "name the identities" in capsys.readouterr().err


def test_only_names_parts_and_scenarios() -> None:
    assert selection(["schemathesis"]) == ({"fuzz", "probes"}, ())
    assert selection(["deletion", "probes"]) == ({"probes"}, ("deletion",))
    with pytest.raises(UsageError, match="known: schemathesis"):
        selection(["everything"])
    assert main(["certify", "--only", "everything"]) == 2
    assert main(["certify", "--max-examples", "0"]) == 2


def test_replay_of_something_else_is_a_usage_error(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"findings": []}))
    assert main(["certify", "--replay", str(other)]) == 2
    assert main(["certify", "--replay", str(tmp_path / "missing.json")]) == 2


# -- masking --------------------------------------------------------------------------------
inss_numbers = st.builds(
    make_inss, st.dates(dt.date(1920, 1, 1), dt.date(2024, 12, 31)), st.integers(1, 998)
)


@given(inss_numbers)
def test_masking_leaves_no_inss_in_urls_bodies_or_text(inss: int) -> None:
    masker = Masker([inss], secrets=["tok3n"])
    exchange = Exchange(
        "PUT", f"http://h/REST/federalLearningAccount/v1/employers/880820673/employees/{inss}/x",
        {"employee": {"inss": inss}, "note": f"about {inss}", "list": [inss]}, 400,
        {"anomalies": [{"path": "employee.inss"}], "employee": {"inss": str(inss)}},
        {"Authorization": "Bearer tok3n", "X-Trace": "tok3n"},
    )
    masked = masker.exchange(exchange)
    text = json.dumps(masked.to_json())
    assert str(inss) not in text and "tok3n" not in text
    assert "authorization" not in text.lower()
    assert masker.text(masker.text(masked.url)) == masked.url  # masking twice changes nothing


def test_a_finding_round_trips_through_json() -> None:
    finding = Finding("deletion", "still there", "putTrainingRights", "scenarios",
                      rule="FLAC-201", exchanges=[Exchange("GET", "/x", None, 200, {})],
                      unit="deletion")
    assert Finding.from_json(json.loads(json.dumps(finding.to_json()))) == finding


# -- checks ---------------------------------------------------------------------------------
def _credit_observation(body: dict[str, Any]) -> Observation:
    return Observation("getCreditCalculation", "GET",
                       f"/employers/880820673/employees/{INSS}/creditCalculation", None, 200, body)


def test_the_manuals_credit_example_passes_the_credit_check() -> None:
    example = json.loads((EXAMPLES / "GetCreditCalculation_output.json").read_text())
    assert fla_credit(_credit_observation(example), load_contract()) == []


def test_the_credit_check_sees_totals_order_and_years() -> None:
    example = json.loads((EXAMPLES / "GetCreditCalculation_output.json").read_text())
    contract = load_contract()
    off = copy.deepcopy(example)
    off["legalFlaCredit"]["totalLegalFlaCreditHours"] = 7101
    assert "adds up to 7100" in fla_credit(_credit_observation(off), contract)[0].message
    newest = copy.deepcopy(example)
    newest["legalFlaCredit"]["legalFlaCreditPerYear"].reverse()
    assert "oldest year first" in fla_credit(_credit_observation(newest), contract)[0].message
    later = copy.deepcopy(example)
    later["calculationDate"] = "2026-01-02T10:00:00"
    assert "outside the window 2025-2029" in fla_credit(_credit_observation(later),
                                                        contract)[0].message


def test_anomaly_classes_follow_the_catalogue() -> None:
    contract = load_contract()
    answer = {"anomalies": [{"anomalyClass": "W", "errorId": "FLAC-103", "label": {}}]}
    obs = Observation("putTrainings", "PUT", "/x", None, 400, answer)
    messages = [finding.message for finding in fla_anomaly_classes(obs, contract)]
    assert messages == ["FLAC-103 reported as class 'W', the catalogue says B",
                        "a 400 answer without any blocking anomaly"]
    fine = Observation("putTrainings", "PUT", "/x", None, 200,
                       {"anomalies": [{"anomalyClass": "W", "errorId": "FLA04-272"}]})
    assert fla_anomaly_classes(fine, contract) == []


def test_plain_progress_writes_one_line_per_unit() -> None:
    stream = io.StringIO()
    progress = PlainProgress(stream)
    progress.begin("deletion")
    progress.step(3)
    progress.end("passed")
    assert stream.getvalue().startswith("PASSED  deletion (3 requests, ")


def test_auth_options_that_do_not_go_together_are_refused() -> None:
    with pytest.raises(UsageError, match="--certificate needs --private-key"):
        check_safety(Options(client_id="x", certificate=Path("c.pem")))
    with pytest.raises(UsageError, match="need --client-id"):
        check_safety(Options(private_key=Path("k.pem")))
    with pytest.raises(UsageError, match="either --token or --client-id"):
        check_safety(Options(token="t", client_id="x"))
    with pytest.raises(UsageError, match="built-in mock only"):
        check_safety(Options(base_url="http://127.0.0.1:9/x", faults=["source-always"]))


def test_progress_is_plain_lines_when_not_a_terminal() -> None:
    assert isinstance(for_stream(io.StringIO()), PlainProgress)


def test_an_unreachable_target_is_one_clear_line(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code = main(["certify", "--base-url", "http://127.0.0.1:9/REST/federalLearningAccount/v1",
                 "--report-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach http://127.0.0.1:9/" in err and "Traceback" not in err
