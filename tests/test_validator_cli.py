"""``fla validate``: inputs, output formats, exit status, and a light start-up."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from validator_cases import EXAMPLES, T_PATH, TRAININGS, put

from fla_conformance.cli import main
from fla_conformance.validator.reporters import TextReporter, use_colour

FLA = Path(sys.executable).parent / "fla"
SARIF = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.schema.json").read_text())
GOOD = EXAMPLES / "PutTraining_input.json"


def _bad(tmp_path: Path) -> Path:
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(put(TRAININGS, "trainings[0].scope", 7), indent=2))
    return target


def _fla(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [str(FLA), "validate", *args],
        input=stdin,
        capture_output=True,
        check=False,
        env=env,
        timeout=60,
    )


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_status_by_subprocess(tmp_path: Path) -> None:
    assert _fla(str(GOOD)).returncode == 0
    assert _fla(str(_bad(tmp_path))).returncode == 1
    missing = _fla(str(tmp_path / "missing.json"), str(GOOD))
    assert missing.returncode == 2
    assert b"missing.json" in missing.stderr and b"Traceback" not in missing.stderr
    assert b"PutTraining_input.json: putTrainings: valid" in missing.stdout
    assert _fla("-", stdin=b"[]").returncode == 1
    assert _fla("-", stdin=GOOD.read_bytes()).returncode == 0
    for usage in (
        [str(GOOD), "--operation", "putTraining"],
        [],
        ["--response", str(GOOD)],
        ["--format", "xml", str(GOOD)],
    ):
        done = _fla(*usage)
        assert done.returncode == 2, usage
        assert b"Traceback" not in done.stderr


def test_text_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, str(_bad(tmp_path)), "--lang", "nl")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith("bad.json: putTrainings: invalid")
    assert lines[1] == "  B FLAC-016 trainings[0].scope  Zone - Waarde niet toegelaten"
    assert "\033[" not in out


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())
    monkeypatch.delenv("NO_COLOR")
    out = Tty()
    from fla_conformance.validator import validate_body

    reporter = TextReporter(out)
    result = validate_body("putTrainings", put(TRAININGS, "trainings[0].scope", 7))
    result.source = "x.json"
    from fla_conformance.validator.reporters import Input

    reporter.result(result, Input("x.json"))
    assert "\033[31m" in out.getvalue()


def test_url_checks_the_path_against_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, str(GOOD), "--url", T_PATH.replace("2024", "2023"), "--format", "json"
    )
    assert code == 1
    [result] = json.loads(out)["results"]
    assert [(a["errorId"], a["path"]) for a in result["anomalies"]] == [
        ("FLAC-140", "calendarYear")
    ]


def test_a_get_request_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "--url",
        "/employers/880820673/employeesTrainingRights?modifiedFromDate=2024-01-01&x=1",
    )
    assert code == 0 and "W FLAC-021 ?x" in out
    code, _, _ = _run(
        capsys, "--url", "/employers/880820673/employeesTrainingRights?x=1", "--warnings-as-errors"
    )
    assert code == 1


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, str(GOOD), str(_bad(tmp_path)), "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert [r["valid"] for r in document["results"]] == [True, False]
    first = document["results"][1]
    assert set(first) == {"source", "operation", "valid", "anomalies"}
    assert set(first["anomalies"][0]) == {"anomalyClass", "tagName", "path", "errorId", "label"}
    assert set(first["anomalies"][0]["label"]) == {"nl", "fr", "de", "en"}
    assert document["summary"]["inputs"] == 2 and document["summary"]["invalid"] == 1


def test_responses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = EXAMPLES / "BadRequest_400_output.json"
    assert (
        _run(capsys, "--response", str(answer), "--operation", "putTrainings", "--status", "400")[0]
        == 0
    )
    assert _run(capsys, "--response", str(answer), "--operation", "putTrainings")[0] == 1


def _requests(tmp_path: Path) -> Path:
    lines = [
        {"method": "PUT", "path": T_PATH, "body": TRAININGS},
        {"method": "PUT", "path": T_PATH, "body": put(TRAININGS, "trainings[0].scope", 7)},
        {"method": "GET", "path": T_PATH + "?processingState=all"},
        {"method": "PUT", "path": T_PATH, "body": "{not json"},
    ]
    target = tmp_path / "requests.ndjson"
    target.write_text("\n".join(json.dumps(line) for line in lines) + "\n\nnot a request\n")
    return target


def test_requests_one_result_per_line_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = _run(capsys, "--requests", str(_requests(tmp_path)), "--format", "ndjson")
    assert code == 2 and "requests.ndjson:6" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["source"].rsplit(":", 1)[1], r["valid"]) for r in rows] == [
        ("1", True),
        ("2", False),
        ("3", True),
        ("4", False),
        ("6", False),
    ]
    assert rows[3]["anomalies"][0]["errorId"] == "FLAC-001"


def test_junit_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(
        capsys, str(GOOD), str(_bad(tmp_path)), str(tmp_path / "gone.json"), "--format", "junit"
    )
    assert code == 2
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "FLAC-016"


def test_sarif_output_is_valid_and_points_at_the_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = _bad(tmp_path)
    code, out, _ = _run(capsys, str(bad), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft202012Validator(SARIF).validate(log)
    [result] = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = bad.read_text().splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith("7")
    assert result["ruleId"] == "FLAC-016" and result["level"] == "error"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "FLAC-016"


def test_sarif_of_requests_points_into_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _requests(tmp_path)
    _, out, _ = _run(capsys, "--requests", str(source), "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft202012Validator(SARIF).validate(log)
    first = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    line = source.read_text().splitlines()[first["startLine"] - 1]
    assert first["startLine"] == 2 and line[first["startColumn"] - 1 :].startswith("7")
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_syntax_error_position(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "employer": {\n    "companyId": 88,,\n  }\n}\n')
    _, out, _ = _run(capsys, str(broken), "--format", "sarif")
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "FLAC-001"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


HEAVY = (
    "hypothesis",
    "schemathesis",
    "starlette",
    "uvicorn",
    "httpx",
    "rich",
    "jsonschema_rs",
    "jsonschema",
    "openapi_core",
)


def test_validate_imports_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fla_conformance", "validate", str(GOOD)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
