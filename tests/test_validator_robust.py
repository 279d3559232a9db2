"""Never a crash: any bytes, any JSON value, any request line gets a structured result."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from validator_cases import R_PATH, T_PATH, TRAININGS

from fla_conformance.cli import main
from fla_conformance.contract import load_contract
from fla_conformance.validator import (
    Result,
    validate_body,
    validate_request,
    validate_response,
)

CONTRACT = load_contract()
ANSWERS = [(op.operation_id, int(status)) for op in CONTRACT for status in op.responses]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _structured(result: Result) -> None:
    assert isinstance(result, Result)
    document = result.to_json()
    json.dumps(document)
    for anomaly in document["anomalies"]:
        assert anomaly["errorId"] in CONTRACT.rules
        assert set(anomaly["label"]) == {"nl", "fr", "de", "en"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    for op in ("putTrainings", "putTrainingRights"):
        _structured(validate_body(op, data))
    _structured(validate_request("PUT", T_PATH, data))


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value(value: Any) -> None:
    raw = json.dumps(value).encode()
    for op in ("putTrainings", "putTrainingRights"):
        _structured(validate_body(op, value))
        result = validate_body(op, raw)
        _structured(result)
        if type(value) is not dict:
            assert [a.error_id for a in result.anomalies] == ["FLAC-001"]
    for op, status in ANSWERS[:: max(1, len(ANSWERS) // 6)]:
        _structured(validate_response(op, status, raw))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(TRAININGS)) | st.text(max_size=5), json_values, max_size=5
    )
)
def test_any_object_in_place_of_a_declaration(body: dict[str, Any]) -> None:
    _structured(validate_request("PUT", T_PATH, body))
    _structured(validate_request("PUT", R_PATH, body))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["GET", "PUT", "POST", "get"]),
    st.text(max_size=60),
    st.sampled_from(["", "/REST/federalLearningAccount/v1", "https://x.example"]),
)
def test_any_request_line(method: str, path: str, base: str) -> None:
    _structured(validate_request(method, base + path))
    _structured(validate_request(method, "/employers/" + path + "/employeesTrainingRights?" + path))


def test_deep_nesting_and_huge_values_are_document_anomalies() -> None:
    deep = b'{"employer": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    for data in (
        deep,
        b'{"a": ' + b"1" * 5000 + b"}",
        b'{"a": 1e999}',
        b'{"a": "' + b"x" * 100_001 + b'"}',
        b" " * 10,
    ):
        [anomaly] = validate_body("putTrainings", data).anomalies
        assert anomaly.error_id in ("FLAC-004", "FLAC-005"), data[:20]


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_the_command_never_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "input.json"
        target.write_bytes(data)
        for fmt in ("json", "sarif"):
            assert main(["validate", str(target), "--format", fmt]) in (0, 1)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.binary(max_size=80)
        | json_values.map(
            lambda v: json.dumps({"method": "PUT", "path": T_PATH, "body": v}).encode()
        ),
        max_size=4,
    )
)
def test_requests_lines_never_crash_the_command(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "requests.ndjson"
        target.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
        for fmt in ("ndjson", "junit"):
            assert main(["validate", "--requests", str(target), "--format", fmt]) in (0, 1, 2)


_PYTHON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary()
    | st.tuples(st.integers())
    | st.frozensets(st.integers(), max_size=2),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3) | st.integers() | st.none(), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=5) | st.integers(), _PYTHON_VALUES, max_size=4))
def test_any_python_object_gets_a_structured_result(value: dict[object, object]) -> None:
    # the Python API takes parsed bodies too; what JSON cannot hold is FLAC-001, no traceback
    for operation in ("putTrainings", "putTrainingRights"):
        result = validate_body(operation, value)
        assert all(anomaly.error_id for anomaly in result.anomalies)
    validate_response("getCreditCalculation", 200, value)
