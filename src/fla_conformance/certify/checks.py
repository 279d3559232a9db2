"""The FLA checks: what a server's answer must look like, beyond what schemathesis checks.

Each check takes an :class:`Observation` (one request and its answer) and returns findings.
The schemathesis part and the scenarios run the same checks, so that a rule is judged one way
whatever produced the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fla_conformance.certify.findings import WARNING, Finding
from fla_conformance.contract import Contract

#: errorIds a server may raise on a request the offline validator finds valid (they need state)
STATEFUL_IDS = frozenset({"00014-017", "FLAC-201", "FLAC-202", "FLA04-272"})
MAX_CREDIT = {"Hours": 312000, "Days": 31200}
_CREDIT_KINDS = (
    ("legalFlaCredit", "legalFlaCreditPerYear", "LegalFlaCredit"),
    ("complementarySectorCredit", "complementarySectorCreditPerYear", "ComplementarySectorCredit"),
    ("complementaryEmployerCredit", "complementaryEmployerCreditPerYear",
     "ComplementaryEmployerCredit"),
)


@dataclass
class Observation:
    """A request under the base path (with its query) and the server's answer."""

    operation_id: str
    method: str
    path: str
    body: Any  # what was sent: parsed JSON, raw bytes, or None
    status: int
    answer: Any  # the parsed JSON answer, or None when it was not JSON
    expected: Any = None  # the validator's Result for the request, filled in lazily
    notes: list[str] = field(default_factory=list)

    @property
    def anomalies(self) -> list[dict[str, Any]]:
        if isinstance(self.answer, dict) and isinstance(self.answer.get("anomalies"), list):
            return [a for a in self.answer["anomalies"] if isinstance(a, dict)]
        return []

    @property
    def error_ids(self) -> list[str]:
        return [str(a.get("errorId")) for a in self.anomalies]


Check = Callable[[Observation, Contract], list[Finding]]


def expected_result(observation: Observation) -> Any:
    """The validator's verdict on the request, computed once."""
    if observation.expected is None:
        from fla_conformance import validator

        observation.expected = validator.validate_request(
            observation.method.upper(), observation.path, observation.body
        )
    return observation.expected


def fla_request_rules(obs: Observation, contract: Contract) -> list[Finding]:
    """A body that breaks a rule is refused with 400; a valid one is not refused (manual 3.4)."""
    if obs.status in (401, 403, 404, 405) or obs.status >= 500:
        return []
    expected = expected_result(obs)
    blocking = sorted({a.error_id for a in expected.anomalies if a.anomaly_class == "B"})
    if blocking and 200 <= obs.status < 300:
        return [_finding("fla_request_rules", obs, blocking[0],
                         f"accepted a request that breaks {', '.join(blocking)} ({obs.status})")]
    if not blocking and obs.status == 400:
        unexpected = sorted(set(obs.error_ids) - STATEFUL_IDS)
        if unexpected or not obs.error_ids:
            ids = ", ".join(unexpected) or "no anomaly"
            return [_finding("fla_request_rules", obs, unexpected[0] if unexpected else None,
                             f"refused a valid request with 400 ({ids})")]
    return []


def fla_anomaly_classes(obs: Observation, contract: Contract) -> list[Finding]:
    """Anomalies carry the class of the catalogue; 400 has a B, 200 none (manual 3.4.2-3.4.3)."""
    found: list[Finding] = []
    for anomaly in obs.anomalies:
        rule = contract.rules.get(str(anomaly.get("errorId")))
        if rule is not None and anomaly.get("anomalyClass") != rule.anomaly_class:
            found.append(_finding("fla_anomaly_classes", obs, rule.id,
                                  f"{rule.id} reported as class {anomaly.get('anomalyClass')!r}, "
                                  f"the catalogue says {rule.anomaly_class}"))
    classes = {a.get("anomalyClass") for a in obs.anomalies}
    if obs.status == 400 and isinstance(obs.answer, dict) and "B" not in classes:
        found.append(_finding("fla_anomaly_classes", obs, None,
                              "a 400 answer without any blocking anomaly"))
    if 200 <= obs.status < 300 and "B" in classes:
        found.append(_finding("fla_anomaly_classes", obs, None,
                              "a 200 answer carries a blocking anomaly"))
    return found


def fla_response_contract(obs: Observation, contract: Contract) -> list[Finding]:
    """The answer passes the validator (schema and rules of answers), D3 as a warning."""
    from fla_conformance import validator

    found: list[Finding] = []
    if obs.answer is not None and str(obs.status) in contract.operation(obs.operation_id).responses:
        result = validator.validate_response(obs.operation_id, obs.status, obs.answer)
        for anomaly in result.anomalies:
            if anomaly.anomaly_class == "B":
                found.append(_finding("fla_response_contract", obs, anomaly.error_id,
                                      f"answer {obs.status}: {anomaly.error_id} at "
                                      f"{anomaly.path or '(body)'}"))
    if obs.status == 400 and isinstance(obs.answer, dict):
        status = obs.answer.get("status")
        if isinstance(status, int) and status != 400:
            finding = _finding("fla_problem_status", obs, None,
                               f"the 400 body says status {status} (D3)")
            finding.severity = WARNING
            found.append(finding)
    return found


def fla_credit(obs: Observation, contract: Contract) -> list[Finding]:
    """Totals add up, years run oldest first inside one window (manual 3.3.5.1, D13)."""
    credit = _credit_of(obs)
    if credit is None:
        return []
    return [
        _finding("fla_credit", obs, None, message)
        for message in _credit_problems(credit, contract.fla_window())
    ]


def _credit_of(obs: Observation) -> dict[str, Any] | None:
    if not 200 <= obs.status < 300 or not isinstance(obs.answer, dict):
        return None
    if obs.operation_id == "getCreditCalculation":
        return obs.answer
    credit = obs.answer.get("flaCreditCalculation")
    return credit if isinstance(credit, dict) else None


def _credit_problems(credit: dict[str, Any], window: tuple[int, int]) -> Iterator[str]:
    window_years = _window_years(credit.get("calculationDate"), window)
    for name, per_year_name, _schema in _CREDIT_KINDS:
        block = credit.get(name)
        if not isinstance(block, dict):
            continue
        rows = [r for r in block.get(per_year_name) or [] if isinstance(r, dict)]
        years = [r.get("calendarYear") for r in rows]
        if years != sorted(years, key=lambda y: y if isinstance(y, int) else 0):
            yield f"{per_year_name} is not ordered oldest year first: {years}"
        if window_years and any(y not in window_years for y in years):
            yield f"{per_year_name} shows years {years} outside the window {min(window_years)}-" \
                  f"{max(window_years)} of the calculation date"
        yield from _totals(name, block, rows)


def _totals(name: str, block: dict[str, Any], rows: list[dict[str, Any]]) -> Iterator[str]:
    stem = name[0].upper() + name[1:]
    for unit in ("Hours", "Days"):
        total = block.get(f"total{stem}{unit}")
        remaining = [r.get(f"remaining{stem}{unit}") for r in rows]
        if not isinstance(total, int) or not all(isinstance(v, int) for v in remaining):
            continue
        added: int = sum(v for v in remaining if isinstance(v, int))
        # the contract caps a credit value at 312000 (CreditHours), the total as well
        if total != min(added, MAX_CREDIT[unit]):
            yield f"total{stem}{unit} is {total}, the years' remaining credit adds up to {added}"
        for row in rows:
            start, left = row.get(f"initial{stem}{unit}"), row.get(f"remaining{stem}{unit}")
            if isinstance(start, int) and isinstance(left, int) and not 0 <= left <= start:
                yield f"{name} {row.get('calendarYear')}: remaining {left} is not between 0 " \
                      f"and the initial {start}"


def _window_years(calculation_date: Any, window: tuple[int, int]) -> set[int]:
    try:
        year = dt.datetime.fromisoformat(str(calculation_date)[:19]).year
    except ValueError:
        return set()
    anchor, length = window
    start = anchor + (year - anchor) // length * length
    return set(range(start, start + length))


def _finding(check: str, obs: Observation, rule: str | None, message: str) -> Finding:
    return Finding(check=check, message=message, operation=obs.operation_id, rule=rule)


#: the checks every answer goes through, in the order they are reported
ALL_CHECKS: tuple[Check, ...] = (
    fla_request_rules,
    fla_anomaly_classes,
    fla_response_contract,
    fla_credit,
)


def run_checks(obs: Observation, contract: Contract) -> list[Finding]:
    found: list[Finding] = []
    for check in ALL_CHECKS:
        found.extend(check(obs, contract))
    return found
