"""Part 1: schemathesis over the contract, positive and negative, with the FLA checks wired in.

Path identities are pinned to the named employer and employee (issue 6, "Safety"): PUTs only
ever write to them. Positive PUT bodies also get those identities and the path's year, so that
they are not refused for a mismatch (FLAC-140) and actually exercise the server's rules.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fla_conformance.certify.checks import expected_result
from fla_conformance.certify.findings import Exchange, Finding, Masker
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import FAILED, PASSED, SKIPPED, Outcome, Run
from fla_conformance.certify.target import Target
from fla_conformance.contract import Contract
from fla_conformance.errors import TargetError

PART = "schemathesis"


def fuzz(target: Target, contract: Contract, run: Run, progress: Progress, *,
         seed: int, max_examples: int, timeout: float = 10.0) -> None:
    """Every operation, positive then negative data, ``max_examples`` cases each."""
    import requests
    import schemathesis

    schema = _schema(contract, target, max_examples)
    with requests.Session() as http:
        for index, result in enumerate(schema.get_all_operations()):
            operation = result.ok()
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):
                runner = _OperationRun(target, contract, run, progress, http, timeout)
                runner.go(operation, mode, seed + index, max_examples)


def _schema(contract: Contract, target: Target, max_examples: int) -> Any:
    import schemathesis

    config = schemathesis.Config.from_dict({
        "base-url": target.base_url,
        "generation": {"max-examples": max_examples, "database": "none",
                       "with-security-parameters": False},
    })
    # from_dict keeps the dict it is given and may write into it: hand it a copy
    return schemathesis.openapi.from_dict(copy.deepcopy(contract.openapi), config=config)


class _OperationRun:
    """One operation in one generation mode."""

    def __init__(self, target: Target, contract: Contract, run: Run, progress: Progress,
                 http: Any, timeout: float) -> None:
        self.target, self.contract, self.run, self.progress = target, contract, run, progress
        self.http, self.timeout = http, timeout
        self.cases, self.new_findings = 0, 0

    def go(self, operation: Any, mode: Any, seed: int, max_examples: int) -> None:
        from hypothesis import HealthCheck, Phase, given, settings
        from hypothesis import seed as seeded
        from hypothesis.errors import Unsatisfiable

        operation_id = operation.definition.raw["operationId"]
        name = f"{operation_id} ({mode.value})"
        self.progress.begin(name, max_examples)
        self.run.begin(name)
        outcome = Outcome(name, PART)

        # A slow server must not abort a certification: the target's time is spent in the
        # test function, which Hypothesis would otherwise hold against the generator.
        @seeded(seed)
        @settings(max_examples=max_examples, database=None, deadline=None,
                  phases=[Phase.generate], derandomize=False, print_blob=False,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                         HealthCheck.data_too_large,
                                         HealthCheck.large_base_example])
        @given(case=self._strategy(operation, mode))
        def exercise(case: Any) -> None:
            self.send(operation_id, case)

        try:
            exercise()
        except Unsatisfiable:
            outcome.status, outcome.reason = SKIPPED, "nothing to generate in this mode"
        outcome.cases = self.cases
        if outcome.status != SKIPPED:
            outcome.status = FAILED if self.new_findings else PASSED
        run_outcome(self.run, self.progress, outcome)

    def _strategy(self, operation: Any, mode: Any) -> Any:
        import schemathesis

        pins = {"companyId": self.target.employer, "inss": self.target.employee(0)}
        negative = mode == schemathesis.GenerationMode.NEGATIVE
        if negative and operation.method.upper() == "GET" and self.target.local:
            # a GET writes nothing, so on loopback its identities may be broken too (FLAC-130,
            # FLAC-131); elsewhere they stay pinned, not to read another employer's data
            return operation.as_strategy(generation_mode=mode)
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=pins)
        if mode == schemathesis.GenerationMode.POSITIVE:
            return strategy.map(_pin_body)
        return strategy

    def send(self, operation_id: str, case: Any) -> None:
        import requests

        try:
            response = case.call(session=self.http, headers=self.target.headers(),
                                 timeout=self.timeout)
        except requests.RequestException as exc:
            where = Masker().text(case.formatted_path)  # no INSS on the terminal either
            raise TargetError(f"{case.method} {where}: {type(exc).__name__}") from None
        self.cases += 1
        self.run.cases += 1
        self.progress.step()
        from fla_conformance.certify.schemathesis_checks import observe

        exchange = _exchange(response)
        observation = observe(case, response)
        rules = observation.error_ids + [a.error_id for a in expected_result(observation).anomalies]
        self.run.coverage.record(operation_id, response.status_code, rules)
        for finding in self._schemathesis_findings(case, response):
            finding.part = PART
            self.new_findings += self.run.add(finding, exchange)

    def _schemathesis_findings(self, case: Any, response: Any) -> list[Finding]:
        from schemathesis.core.failures import Failure, FailureGroup

        from fla_conformance.certify.schemathesis_checks import FlaFailure

        try:
            case.validate_response(response, checks=_builtin_checks())
        except FailureGroup as group:
            failures = list(group.exceptions)
        except Failure as failure:
            failures = [failure]
        else:
            return []
        operation_id = case.operation.definition.raw["operationId"]
        return [
            failure.finding if isinstance(failure, FlaFailure) else
            _from_failure(operation_id, failure)
            for failure in sorted(failures, key=lambda f: (f.code, f.title))
            if not _router_miss(case, response, failure)
        ]


def run_outcome(run: Run, progress: Progress, outcome: Outcome) -> None:
    run.finish(outcome)
    progress.end(outcome.status, outcome.reason)


def _builtin_checks() -> list[Callable[..., Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    # positive_data_acceptance is left out: a positive case for the schema may break an FLA
    # rule, and fla_request_rules judges acceptance with the validator instead.
    from fla_conformance.certify.schemathesis_checks import fla_rules

    return [not_a_server_error, status_code_conformance, content_type_conformance,
            response_schema_conformance, negative_data_rejection, fla_rules]


def _router_miss(case: Any, response: Any, failure: Any) -> bool:
    """A negated path parameter with a '/' or junk may miss every route: 404, not a finding."""
    from schemathesis.core.parameters import ParameterLocation

    negated = case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    return bool(negated and response.status_code == 404)


def _from_failure(operation_id: str, failure: Any) -> Finding:
    check = (getattr(failure, "checks", None) or (failure.code,))[0]
    message = f"{failure.code} {failure.title}"
    detail = (failure.message or "").strip().splitlines()
    if detail:
        message += f": {detail[0][:300]}"
    return Finding(check=check, message=message, operation=operation_id, part=PART,
                   rule=failure.code)


def _pin_body(case: Any) -> Any:
    """Positive PUT bodies name the path's employer, employee and year (FLAC-140)."""
    body = case.body
    if case.method.upper() != "PUT" or not isinstance(body, dict):
        return case
    path = case.path_parameters or {}
    if isinstance(body.get("employer"), dict):
        body["employer"]["companyId"] = path.get("companyId")
    if isinstance(body.get("employee"), dict):
        body["employee"]["inss"] = path.get("inss")
    if "calendarYear" in body and isinstance(path.get("calendarYear"), int):
        body["calendarYear"] = path["calendarYear"]
    return case


def _exchange(response: Any) -> Exchange:
    request = response.request
    raw = _raw(request.body)
    body: Any = raw.decode("utf-8", "replace") if raw is not None else None
    parsed = _parse(raw)
    return Exchange(str(request.method), str(request.url),
                    parsed if parsed is not None else body, response.status_code,
                    _answer(response) if _answer(response) is not None else response.text[:2000],
                    {k: str(v) for k, v in request.headers.items()})


def _raw(body: Any) -> bytes | None:
    if body is None:
        return None
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _parse(raw: bytes | None) -> Any:
    import orjson

    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


def _answer(response: Any) -> Any:
    return _parse(response.content)
