"""Drawn probes: requests from fla_conformance.strategies that break exactly one rule each.

The hand-made probes (probes.py) break each rule once, the same way every run; these draw
``examples`` requests per rule of the strategies' catalogue, seeded, for variety. The
strategies promise that a blocking rule is answered 400 with its errorId among the anomalies,
a warning 200 with it (strategies.violating). Stateful rules are the scenarios' business.
"""

from __future__ import annotations

import re
from typing import Any

from fla_conformance.certify.checks import STATEFUL_IDS
from fla_conformance.certify.findings import Finding
from fla_conformance.certify.probes import YEAR
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import FAILED, PASSED, SKIPPED, Outcome, Run
from fla_conformance.certify.session import Answer, Session
from fla_conformance.contract import Contract
from fla_conformance.identifiers import is_valid_inss

PART = "schemathesis"
#: rules whose requests need state, or another employer than the one named (safety)
LEFT_TO_SCENARIOS = frozenset({"00014-017", "FLA04-272", "FLAC-201", "FLAC-202"})


def draw_probes(session: Session, run: Run, progress: Progress, inss: int, *, seed: int,
                examples: int) -> None:
    """For every rule the strategies cover, ``examples`` drawn requests for ``inss``."""
    from fla_conformance.strategies import covered_rules

    contract = session.contract
    name = "drawn rule probes"
    progress.begin(name)
    run.begin(name)
    outcome = Outcome(name, PART)
    before = len(run.findings)
    broken: list[str] = []
    for index, rule_id in enumerate(sorted(covered_rules() - LEFT_TO_SCENARIOS)):
        try:
            drawn = _draw(rule_id, session.target.employer, inss, seed + index, examples)
        except Exception as exc:  # the kit's strategies failed: say so, blame no server
            broken.append(f"{rule_id} ({type(exc).__name__}: {exc})"[:200])
            continue
        for request in drawn:
            if _send(session, contract, rule_id, request, inss):
                outcome.cases += 1
    if broken:
        outcome.reason = "the strategies could not draw " + "; ".join(broken)
    if outcome.cases == 0:
        outcome.status, outcome.reason = SKIPPED, outcome.reason or "nothing drawn"
    else:
        outcome.status = FAILED if len(run.findings) > before else PASSED
    run.finish(outcome)
    progress.end(outcome.status, outcome.reason)


def _draw(rule_id: str, company_id: int, inss: int, seed: int, examples: int) -> list[Any]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    from fla_conformance.strategies import Request, violating

    drawn: list[Any] = []

    @seeded(seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.data_too_large])
    @given(violating(rule_id, company_id=company_id, inss=inss, year=YEAR))
    def collect(request: Any) -> None:
        if isinstance(request, Request):
            drawn.append(request)

    collect()
    return drawn


def _send(session: Session, contract: Contract, rule_id: str, request: Any, inss: int) -> bool:
    """Send one drawn request unless it is not ours to send; True when it was sent."""
    from fla_conformance import validator

    target = session.target
    if request.method.upper() == "PUT" and not _ours(request.path, target.employer, inss):
        return False  # the runner writes only to the employer named (issue 6, "Safety")
    found = validator.validate_request(request.method, request.path, request.body)
    if rule_id not in {a.error_id for a in found.anomalies}:
        return False
    raw = request.body if isinstance(request.body, bytes) else None
    answer = session.send(request.method, request.path, None if raw else request.body,
                          raw=raw)
    if not _explained(contract, rule_id, answer):
        session.report(Finding("fla_drawn_probe", f"{rule_id} was answered {answer.status} "
                               f"without {rule_id}: {answer.error_ids}",
                               answer.observation.operation_id, rule=rule_id), answer.exchange)
    return True


def _explained(contract: Contract, rule_id: str, answer: Answer) -> bool:
    """True when the answer carries the rule, or is judged (or excused) elsewhere."""
    if rule_id in answer.error_ids or answer.status not in (200, 400):
        return True  # other statuses go through the checks every answer goes through
    if answer.status == 400 and answer.error_ids and set(answer.error_ids) <= STATEFUL_IDS:
        return True  # refused for the server's state (e.g. an unknown provider training)
    blocking = contract.rule(rule_id).blocking
    if blocking:
        return answer.status == 200  # an acceptance is fla_request_rules' finding already
    # a warning needs an answer with anomalies: a list answer has none (EmployeesList)
    return not (isinstance(answer.body, dict) and "anomalies" in answer.body)


def _ours(path: str, company_id: int, inss: int) -> bool:
    """The path names our employer, and our employee or no real one (bad check digits)."""
    if not path.startswith(f"/employers/{company_id}/"):
        return False
    found = re.search(r"/employees/([^/?#]+)", path)
    if found is None or found.group(1) == str(inss):
        return True
    text = found.group(1)
    return not (text.isdigit() and is_valid_inss(int(text)))
