"""The validator's Python API: its shape, the manual's examples, the layers' order."""

from __future__ import annotations

import json
from typing import Any

import pytest
from validator_cases import EXAMPLES, INDEX, R_PATH, RIGHTS, T_PATH, TRAININGS, put

from fla_conformance import validator
from fla_conformance.errors import UsageError
from fla_conformance.validator import (
    Anomaly,
    Result,
    guess_operation,
    validate_body,
    validate_request,
    validate_response,
)


def _ids(result: Result) -> list[tuple[str, str]]:
    return [(a.error_id, a.path) for a in result.anomalies]


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"] for e in INDEX])
def test_the_manuals_examples_are_valid(entry: dict[str, Any]) -> None:
    data = (EXAMPLES / entry["file"]).read_bytes()
    if entry["kind"] == "request":
        result = validate_request(entry["method"], entry["path"], data)
        assert guess_operation(json.loads(data)) == entry["operationId"]
    else:
        result = validate_response(entry["operationId"], entry["status"], data)
    assert result.operation == entry["operationId"]
    assert _ids(result) == []


@pytest.mark.parametrize(
    "entry", [e for e in INDEX if e["method"] == "GET"], ids=lambda e: e["file"]
)
def test_the_manuals_get_request_lines_are_valid(entry: dict[str, Any]) -> None:
    if "{" in entry["path"]:
        pytest.skip("a path template")
    assert _ids(validate_request("GET", entry["path"])) == []


def test_public_surface() -> None:
    assert set(validator.__all__) == {
        "Anomaly",
        "Result",
        "guess_operation",
        "validate_body",
        "validate_request",
        "validate_response",
    }


def test_an_anomaly_in_the_apis_shape() -> None:
    result = validate_request("PUT", T_PATH, put(TRAININGS, "trainings[0].scope", 3))
    assert not result.valid
    [anomaly] = result.anomalies
    assert isinstance(anomaly, Anomaly) and anomaly.blocking
    assert anomaly.to_json() == {
        "anomalyClass": "B",
        "tagName": "scope",
        "path": "trainings[0].scope",
        "errorId": "FLAC-016",
        "label": dict(anomaly.label),
    }
    assert set(anomaly.label) == {"nl", "fr", "de", "en"}
    assert result.to_json()["valid"] is False


def test_the_base_url_and_base_path_may_lead_the_path() -> None:
    for prefix in (
        "",
        "/REST/federalLearningAccount/v1",
        "https://services.socialsecurity.be/REST/federalLearningAccount/v1",
    ):
        assert validate_request("PUT", prefix + T_PATH, TRAININGS).valid


def test_an_item_of_an_array_is_tagged_with_the_arrays_name() -> None:
    body = put(TRAININGS, "trainings[0]", "x")
    assert [
        (a.error_id, a.tag_name, a.path) for a in validate_body("putTrainings", body).anomalies
    ] == [("FLAC-010", "trainings", "trainings[0]")]


def test_a_wrong_type_is_the_only_anomaly_at_its_place() -> None:
    body = put(TRAININGS, "trainings[0].detailsPerPeriod", {"trainingDays": 25})
    assert _ids(validate_body("putTrainings", body)) == [
        ("FLAC-010", "trainings[0].detailsPerPeriod")
    ]


def test_an_unknown_field_is_not_looked_into() -> None:
    body = put(TRAININGS, "employer.legalFlarRightDays", {"deep": [1, "x", {"y": None}]})
    assert _ids(validate_body("putTrainings", body)) == [
        ("FLAC-012", "employer.legalFlarRightDays")
    ]


def test_days_and_hours_are_checked_inside_the_block() -> None:
    body = put(TRAININGS, "trainings[0].detailsPerPeriod[0].trainingDays", 25)
    assert _ids(validate_body("putTrainings", body)) == [
        ("FLAC-103", "trainings[0].detailsPerPeriod[0].trainingDays"),
        ("FLAC-101", "trainings[0].detailsPerPeriod[0]"),
    ]


def test_a_rule_is_silent_when_its_input_is_invalid() -> None:
    body = put(TRAININGS, "trainings[0].trainingFirstStartDate", "2024-13-01")
    assert _ids(validate_body("putTrainings", body)) == [
        ("FLAC-017", "trainings[0].trainingFirstStartDate")
    ]
    body = put(TRAININGS, "employer.companyId", 0)
    assert _ids(validate_body("putTrainings", body)) == [("FLAC-014", "employer.companyId")]


def test_a_document_check_is_the_only_anomaly() -> None:
    huge = json.dumps(TRAININGS).replace('"scope": 1', '"scope": ' + "9" * 40).encode()
    assert _ids(validate_request("PUT", T_PATH + "?x=1", huge)) == [("FLAC-004", "")]
    long = put(TRAININGS, "trainings[0].trainingDenomination", "x" * 100_001)
    assert _ids(validate_body("putTrainings", long)) == [("FLAC-004", "")]
    assert _ids(validate_body("putTrainings", b"[1, 2]")) == [("FLAC-001", "")]
    assert _ids(validate_body("putTrainings", [1, 2])) == [("FLAC-001", "")]
    assert _ids(validate_body("putTrainings", "\ufeff{}")) == [("FLAC-002", "")]
    assert _ids(validate_body("putTrainings", '{"a": "\ud800"}')) == [("FLAC-003", "")]
    assert _ids(validate_request("PUT", R_PATH)) == [("FLAC-005", "")]


def test_integral_floats_are_integers_as_json_schema_says() -> None:
    assert validate_body("putTrainings", put(TRAININGS, "trainings[0].scope", 1.0)).valid
    assert not validate_body("putTrainings", put(TRAININGS, "trainings[0].scope", True)).valid


def test_the_fla_window_anchor_can_be_moved() -> None:
    training = TRAININGS["trainings"][0]
    period = training["detailsPerPeriod"][0] | {"trainingEndDate": "2025-01-10"}
    body = put(
        TRAININGS,
        "trainings[0]",
        training | {"trainingLastEndDate": "2025-01-10", "detailsPerPeriod": [period]},
    )
    assert [a.error_id for a in validate_body("putTrainings", body).anomalies] == ["FLAC-157"]
    assert validate_body("putTrainings", body, anchor_year=2021).valid


def test_the_request_line() -> None:
    assert _ids(validate_request("DELETE", T_PATH)) == [("FLAC-020", "")]
    assert _ids(validate_request("GET", "/employers/880820673/employeesTrainingRights")) == [
        ("FLAC-011", "?modifiedFromDate")
    ]
    assert _ids(
        validate_request(
            "GET", "/employers/12/employeesTrainingRights?modifiedFromDate=2024-02-30&rightType=ALL"
        )
    ) == [
        ("FLAC-130", "{companyId}"),
        ("FLAC-017", "?modifiedFromDate"),
        ("FLAC-016", "?rightType"),
    ]
    assert _ids(validate_request("GET", T_PATH.replace("2024", "x") + "?processingState=all")) == [
        ("FLAC-010", "{calendarYear}")
    ]
    assert _ids(validate_request("GET", T_PATH.replace("2024", "1900"))) == [
        ("FLAC-120", "{calendarYear}")
    ]


def test_a_forced_operation_keeps_checking_the_body() -> None:
    result = validate_request(
        "PUT", "/nowhere", put(TRAININGS, "trainings[0].scope", 3), operation="putTrainings"
    )
    assert _ids(result) == [("FLAC-020", ""), ("FLAC-016", "trainings[0].scope")]
    with pytest.raises(UsageError, match="unknown operation"):
        validate_request("PUT", T_PATH, operation="putTraining")
    with pytest.raises(UsageError, match="takes no request body"):
        validate_body("getTrainings", {})


def test_guess_operation() -> None:
    assert guess_operation({"trainings": []}) == "putTrainings"
    assert guess_operation({"employer": {}}) == "putTrainingRights"
    assert guess_operation([]) is None


def test_responses() -> None:
    body = json.loads((EXAMPLES / "PutTraining_output.json").read_text(encoding="utf-8"))
    assert validate_response("putTrainings", 200, body).valid
    body["anomalies"] = [{"anomalyClass": "X", "errorId": "E", "label": {"nld": "x"}}]
    assert _ids(validate_response("putTrainings", 200, body)) == [
        ("FLAC-016", "anomalies[0].anomalyClass"),
        ("FLAC-012", "anomalies[0].label.nld"),
    ]
    assert _ids(validate_response("putTrainings", 404, b"{}")) == [("FLAC-020", "")]
    assert _ids(validate_response("putTrainings", 500, b"")) == [("FLAC-001", "")]
    processing = put(body, "flaDataDeclaration.trainings[0].processingState", "validated")
    assert "FLAC-013" not in {
        a.error_id for a in validate_response("putTrainings", 200, processing).anomalies
    }


def test_employer_blocks_without_a_regulation_are_for_the_same_one() -> None:
    blocks = [
        {"complementaryEmployerRightHours": 2257, "jointCommissionNbr": "350.96"},
        {"complementaryEmployerRightDays": 24900, "jointCommissionNbr": "210.27.94"},
    ]
    body = put(RIGHTS, "trainingRights", {"complementaryEmployerRight": blocks})
    assert _ids(validate_request("PUT", R_PATH, body)) == [
        ("FLAC-161", "trainingRights.complementaryEmployerRight[1].workingRegulationsRegistryNbr")
    ]
    blocks[0]["workingRegulationsRegistryNbr"] = "181682/CO/200"
    assert _ids(validate_request("PUT", R_PATH, body)) == []
