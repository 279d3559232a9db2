"""The FLA checks as a schemathesis custom check, ``fla_rules``.

certify's fuzzing passes it to ``case.validate_response`` next to schemathesis' own checks.
A plain ``schemathesis run`` can load it as a hook module, so that the FLA rules judge its
answers too::

    SCHEMATHESIS_HOOKS=fla_conformance.certify.schemathesis_checks \\
        schemathesis run contracts/openapi.yaml --url http://127.0.0.1:8080/REST/...

Importing this module registers the check in schemathesis' global registry.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.core.failures import Failure, FailureGroup, Severity

from fla_conformance.certify.checks import Observation, run_checks
from fla_conformance.certify.findings import FAILURE, Finding
from fla_conformance.contract import load_contract, strip_base


class FlaFailure(Failure):
    """A finding of the FLA checks, carried through schemathesis."""

    code = "FLA901"
    checks = ("fla_rules",)
    kind_title = "FLA rule broken"

    __slots__ = ("finding",)

    def __init__(self, *, operation: str | None, finding: Finding) -> None:
        severity = Severity.HIGH if finding.severity == FAILURE else Severity.LOW
        super().__init__(operation=operation, title=f"FLA: {finding.check}",
                         message=finding.message, severity=severity)
        self.finding = finding

    @property
    def _unique_key(self) -> str:
        return f"{self.finding.check}|{self.finding.rule or self.finding.message}"


def observe(case: Any, response: Any) -> Observation:
    """The request a schemathesis case sent and the answer, as the FLA checks see them."""
    request = response.request
    body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
    try:
        answer = response.json() if response.content else None
    except ValueError:
        answer = None
    operation_id = case.operation.definition.raw.get("operationId", case.operation.label)
    return Observation(operation_id, str(request.method), strip_base(request.path_url),
                       body, response.status_code, answer)


@schemathesis.check
def fla_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    """The answer agrees with the FLA validator's verdict, the catalogue and the credit."""
    observation = observe(case, response)
    found = run_checks(observation, load_contract())
    failures = [FlaFailure(operation=case.operation.label, finding=item) for item in found]
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise FailureGroup(failures, "FLA rules broken")
    return None
