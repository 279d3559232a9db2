"""The validator's entry points: a request, a body without its request line, an answer.

Layers in order (ARCHITECTURE.md "How the validator reports"): the document, the schema of
contracts/openapi.yaml, then the rules of contracts/rules.yaml. Stateful rules are the mock's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fla_conformance.contract import Contract, Operation, load_contract, strip_base
from fla_conformance.errors import UsageError
from fla_conformance.validator import _document, _ids, _request, _rules
from fla_conformance.validator._compile import FastChecker
from fla_conformance.validator._model import Anomaly, Result, tag_of
from fla_conformance.validator._schema import Finding, RuleMap, SchemaChecker, ensure_supported

_NOTHING: set[str] = set()  # never written to
BodyRules = Callable[[dict[str, Any], set[str], list[Finding], tuple[int, int]], None]


def _trainings(body: dict[str, Any], bad: set[str], out: list[Finding], window: Any) -> None:
    _rules.trainings(body, bad, out, window)


def _training_rights(body: dict[str, Any], bad: set[str], out: list[Finding], _: Any) -> None:
    _rules.training_rights(body, bad, out)


BODY_RULES: dict[str, BodyRules] = {
    "putTrainings": _trainings,
    "putTrainingRights": _training_rights,
}


class Engine:
    """The contract, read once, with what the checks need from it."""

    def __init__(self, contract: Contract, *, fast: bool = True) -> None:
        self.contract = contract
        rules = RuleMap.from_rules(contract.rules.values())
        kind: Any = FastChecker if fast else SchemaChecker  # the interpreter is the reference
        self.requests: SchemaChecker | FastChecker = kind(rules, request=True)
        self.answers: SchemaChecker | FastChecker = kind(rules, request=False)
        self.lines = {op.operation_id: _request.RequestLine(op, self.requests) for op in contract}
        self.routes = _request.Routes(contract)
        self.limits = _document.Limits.from_settings(contract.settings)
        self.window = contract.fla_window()
        for op in contract:
            ensure_supported(op.request_schema, op.operation_id)
            for status, schema in op.responses.items():
                ensure_supported(schema, f"{op.operation_id} {status}")
            for parameter in op.parameters:
                ensure_supported(parameter.schema, f"{op.operation_id} {parameter.name}")

    def anomaly(self, rule_id: str, path: str) -> Anomaly:
        rule = self.contract.rules[rule_id]
        return Anomaly(rule.anomaly_class, tag_of(path, rule.tag_name), path, rule_id, rule.labels)

    def result(self, operation: str | None, findings: list[Finding]) -> Result:
        return Result(operation, [self.anomaly(rule_id, path) for rule_id, path in findings])

    def window_for(self, anchor_year: int | None) -> tuple[int, int]:
        anchor, length = self.window
        return (anchor if anchor_year is None else anchor_year), length

    # -- the layers -------------------------------------------------------------------------
    def body(
        self,
        op: Operation,
        body: Any,
        window: tuple[int, int],
        out: list[Finding],
        line: dict[str, Any] | None = None,
    ) -> None:
        """Document, schema and rules of a request body; findings go to ``out``."""
        value, failed = self.document(body)
        if failed is not None:
            out[:] = [(failed, "")]  # a document check is the only anomaly
            return
        schema = op.request_schema or {}
        found: list[Finding] = []
        self.requests.check(schema, value, "", found)
        if found and _document.exceeds(value, self.limits):
            out[:] = [(_ids.JSON_LIMITS, "")]
            return
        bad = {path for _, path in found} if found else _NOTHING
        rules = BODY_RULES.get(op.operation_id)
        if rules is not None:
            rules(value, bad, found, window)
        if line:
            _request.compare_with_body(line, value, bad, found)
        out.extend(found)

    def document(self, body: Any) -> tuple[Any, str | None]:
        if body is None:
            return None, _ids.BODY_MISSING
        if isinstance(body, bytes | bytearray | memoryview | str):
            return _document.parse(body, self.limits)
        if type(body) is not dict:
            return None, _ids.JSON_SYNTAX
        return body, None


@functools.lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(load_contract())


def _operation(name: str) -> Operation:
    return engine().contract.operation(name)  # UsageError names the known ones


def guess_operation(body: Any) -> str | None:
    """putTrainings for a body with ``trainings``, putTrainingRights for any other object.

    The training rights picture is the one whose every block is optional (a deactivation is
    employer, employee and calendarYear only, manual 3.3.3.4), so it takes the rest.
    """
    if type(body) is not dict:
        return None
    return "putTrainings" if "trainings" in body else "putTrainingRights"


def validate_body(operation: str, body: Any, *, anchor_year: int | None = None) -> Result:
    """Checks a request body of ``operation`` without its request line."""
    eng = engine()
    op = _operation(operation)
    if op.request_schema is None:
        raise UsageError(f"{operation} takes no request body")
    out: list[Finding] = []
    eng.body(op, body, eng.window_for(anchor_year), out)
    return eng.result(operation, out)


def validate_request(
    method: str,
    path: str,
    body: Any = None,
    *,
    operation: str | None = None,
    anchor_year: int | None = None,
) -> Result:
    """Checks a request: its line (path and query parameters) and, for a PUT, its body.

    ``path`` may carry the base URL or base path and a query string. A body given as bytes or
    text is parsed (FLAC-001 to FLAC-005 apply); any other object is taken as parsed JSON.
    """
    eng = engine()
    out: list[Finding] = []
    bare, _, query = path.partition("#")[0].partition("?")
    bare = strip_base(bare)
    if operation is not None:
        op = _operation(operation)
        found = op.pattern.fullmatch(bare)
        raw = found.groupdict() if found else {}
        if found is None or op.method != method.lower():
            out.append((_ids.UNKNOWN_OPERATION, ""))
    else:
        matched = eng.routes.match(method, bare)
        if matched is None:
            return eng.result(None, [(_ids.UNKNOWN_OPERATION, "")])
        op, raw = matched
    line = eng.lines[op.operation_id].check(raw, query, out)
    if op.request_schema is not None:
        body_out: list[Finding] = []
        eng.body(op, body, eng.window_for(anchor_year), body_out, line)
        if body_out and body_out[0][0] in _DOCUMENT:
            out = body_out
        else:
            out.extend(body_out)
    return eng.result(op.operation_id, out)


_DOCUMENT = frozenset(
    (_ids.JSON_SYNTAX, _ids.JSON_BOM, _ids.JSON_ENCODING, _ids.JSON_LIMITS, _ids.BODY_MISSING)
)


def validate_response(operation: str, status: int, body: Any) -> Result:
    """Checks a server's answer against the contract's schema for that status.

    An answer with a status the operation does not declare is FLAC-020 at "". An empty body
    is FLAC-001 (an answer always carries JSON).
    """
    eng = engine()
    op = _operation(operation)
    if str(status) not in op.responses:
        return eng.result(operation, [(_ids.UNKNOWN_OPERATION, "")])
    schema = op.response_schema(status)
    if schema is None:
        return Result(operation, [])
    value, failed = eng.document(body)
    if failed is not None:
        failed = _ids.JSON_SYNTAX if failed == _ids.BODY_MISSING else failed
        return eng.result(operation, [(failed, "")])
    if _document.exceeds(value, eng.limits):
        return eng.result(operation, [(_ids.JSON_LIMITS, "")])
    out: list[Finding] = []
    eng.answers.check(schema, value, "", out)
    return eng.result(operation, out)
