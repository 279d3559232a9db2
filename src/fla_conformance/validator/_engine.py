"""The validator's entry points: a request, a body without its request line, an answer.

Layers in order (ARCHITECTURE.md "How the validator reports"): the document, the schema of
contracts/openapi.yaml, then the rules of contracts/rules.yaml. Stateful rules are the mock's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fla_conformance.contract import Contract, Operation, load_contract, strip_base
from fla_conformance.errors import UsageError
from fla_conformance.validator import _accept, _document, _ids, _request, _rules
from fla_conformance.validator._compile import FastChecker
from fla_conformance.validator._model import Anomaly, Result, tag_of
from fla_conformance.validator._schema import Finding, RuleMap, SchemaChecker, ensure_supported

_NOTHING: set[str] = set()  # never written to
BodyRules = Callable[[dict[str, Any], set[str], list[Finding], tuple[int, int]], None]


BODY_RULES: dict[str, BodyRules] = {
    "putTrainings": _rules.trainings,
    "putTrainingRights": _rules.training_rights,
}


def _no_rules(body: dict[str, Any], bad: set[str], out: list[Finding], _: Any) -> None:
    """An operation without business rules on its body."""


@dataclass
class Plan:
    """What checking one operation's request body takes, looked up once."""

    operation: Operation
    schema: Callable[[Any, list[Finding]], None]
    rules: BodyRules
    accept: Callable[[Any], bool] | None = None  # the quick yes of _accept, once in use
    uses: int = 0


class Engine:
    """The contract, read once, with what the checks need from it."""

    def __init__(self, contract: Contract, *, fast: bool = True) -> None:
        self.contract = contract
        self.fast = fast
        rules = RuleMap.from_rules(contract.rules.values())
        kind: Any = FastChecker if fast else SchemaChecker  # the interpreter is the reference
        self.requests: SchemaChecker | FastChecker = kind(rules, request=True)
        self.answers: SchemaChecker | FastChecker = kind(rules, request=False)
        self.lines = {op.operation_id: _request.RequestLine(op, self.requests) for op in contract}
        self.routes = _request.Routes(contract)
        self.limits = _document.Limits.from_settings(contract.settings)
        self.window = contract.fla_window()
        self.plans: dict[str, Plan] = {}
        if not fast:  # the compiler checks each schema it compiles, when it compiles it
            for op in contract:
                for schema in (op.request_schema, *op.responses.values()):
                    ensure_supported(schema, op.operation_id)
                for parameter in op.parameters:
                    ensure_supported(parameter.schema, f"{op.operation_id} {parameter.name}")

    def plan(self, operation: str) -> Plan:
        plan = self.plans.get(operation)
        if plan is None:
            op = self.contract.operation(operation)  # UsageError names the known ones
            if op.request_schema is None:
                raise UsageError(f"{operation} takes no request body")
            schema = op.request_schema
            check: Callable[[Any, list[Finding]], None]
            if isinstance(self.requests, FastChecker):
                check = self.requests.compiled(schema, "", "")
            else:
                interpreter = self.requests

                def interpreted(value: Any, out: list[Finding]) -> None:
                    interpreter.check(schema, value, "", out)

                check = interpreted
            plan = self.plans[operation] = Plan(op, check, BODY_RULES.get(operation, _no_rules))
        return plan

    def anomaly(self, rule_id: str, path: str) -> Anomaly:
        rule = self.contract.rules[rule_id]
        return Anomaly(rule.anomaly_class, tag_of(path, rule.tag_name), path, rule_id, rule.labels)

    def result(self, operation: str | None, findings: list[Finding]) -> Result:
        if not findings:
            return Result(operation, [])
        return Result(operation, [self.anomaly(rule_id, path) for rule_id, path in findings])

    # -- the layers -------------------------------------------------------------------------
    def body(
        self, plan: Plan, body: Any, window: tuple[int, int], line: dict[str, Any] | None = None
    ) -> list[Finding]:
        """The findings of the document, schema and rules layers on a request body."""
        kind = type(body)
        parsed_here = kind is bytes or kind is str  # then it holds JSON's types and no other
        if parsed_here:
            value, failed = _document.parse(body, self.limits)
        else:
            value, failed = self.document(body)
        if failed is not None:
            return [(failed, "")]  # a document check is the only anomaly
        found: list[Finding] = []
        accepted = False
        if parsed_here and plan.accept is not None:
            try:
                accepted = plan.accept(value)
            except (ValueError, TypeError, OverflowError):  # the generated code decides
                accepted = False
        if not accepted:
            plan.schema(value, found)
            if plan.uses < _accept.USES_BEFORE_ACCEPTING and self.fast:
                plan.uses += 1
                if plan.uses == _accept.USES_BEFORE_ACCEPTING:
                    plan.accept = _accept.accepting(plan.operation.request_schema or {})
        if found and _document.exceeds(value, self.limits):
            return [(_ids.JSON_LIMITS, "")]
        bad = {path for _, path in found} if found else _NOTHING
        plan.rules(value, bad, found, window)
        if line:
            _request.compare_with_body(line, value, bad, found)
        return found

    def document(self, body: Any) -> tuple[Any, str | None]:
        kind = type(body)
        if kind is bytes or kind is str or kind is bytearray or kind is memoryview:
            return _document.parse(body, self.limits)
        if body is None:
            return None, _ids.BODY_MISSING
        if kind is not dict or not _document.json_like(body):
            return None, _ids.JSON_SYNTAX
        return body, None


_ENGINE: list[Engine] = []


def engine() -> Engine:
    """The engine of the kit's own contract, built on first use."""
    if not _ENGINE:
        _ENGINE.append(Engine(load_contract()))
    return _ENGINE[0]


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
    eng = _ENGINE[0] if _ENGINE else engine()
    window = eng.window if anchor_year is None else (anchor_year, eng.window[1])
    plan = eng.plans.get(operation) or eng.plan(operation)
    findings = eng.body(plan, body, window)
    return eng.result(operation, findings) if findings else Result(operation, [])


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
        op = eng.contract.operation(operation)  # UsageError names the known ones
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
        window = eng.window if anchor_year is None else (anchor_year, eng.window[1])
        plan = eng.plans.get(op.operation_id) or eng.plan(op.operation_id)
        findings = eng.body(plan, body, window, line)
        if findings and findings[0][0] in _DOCUMENT:
            out = findings
        elif findings:
            out.extend(findings)
    return eng.result(op.operation_id, out) if out else Result(op.operation_id, [])


_DOCUMENT = frozenset(
    (_ids.JSON_SYNTAX, _ids.JSON_BOM, _ids.JSON_ENCODING, _ids.JSON_LIMITS, _ids.BODY_MISSING)
)


def validate_response(operation: str, status: int, body: Any) -> Result:
    """Checks a server's answer against the contract's schema for that status.

    An answer with a status the operation does not declare is FLAC-020 at "". An empty body
    is FLAC-001 (an answer always carries JSON).
    """
    eng = engine()
    op = eng.contract.operation(operation)
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
