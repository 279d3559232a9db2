"""Part 2: the FLA scenarios, with state (issue 6). Each one runs on its own employee.

Scenarios that need the mock's control API (clock, provider trainings, computed legal rights,
a second employer) run only when the target offers it; otherwise they are skipped, saying why.
"""

from __future__ import annotations

import httpx

from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import FAILED, PASSED, SKIPPED, Outcome, Run
from fla_conformance.certify.scenarios import access, rights, trainings
from fla_conformance.certify.scenarios._base import PART, Context, Scenario, Skip, Stop
from fla_conformance.certify.session import Session

YEAR = 2024
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("rights-round-trip", "PUT then GET of training rights", rights.round_trip),
    Scenario("trainings-round-trip", "PUT then GET of trainings", trainings.round_trip),
    Scenario("deletion", "deletion by zero and by deactivation", rights.deletion),
    Scenario("legal-ownership", "the employer owns a legal right it sent", rights.legal_ownership),
    Scenario("computed-legal-right", "a Sigedis legal right is shown, not echoed",
             rights.computed_legal_right, needs_control=True),
    Scenario("provider-validation", "a provider's training waits, then is validated",
             trainings.provider_flow, needs_control=True),
    Scenario("credit-worked-example", "the credit of the manual's worked example",
             trainings.worked_example, needs_control=True),
    Scenario("lists", "employeesTrainingRights agrees with earlier PUTs", trainings.lists),
    Scenario("resend-warning", "an identical re-send gets FLA04-272", rights.resend),
    Scenario("tokens", "no token or a forged one: 401", access.tokens),
    Scenario("expired-token", "an expired token: 401", access.expired_token,
             needs_control=True),
    Scenario("auth-isolation", "another employer's data stays out of reach",
             access.isolation, needs_control=True),
    Scenario("unknown-employer", "an employer outside the repertory: 00014-017",
             access.unknown_employer, needs_control=True),
    Scenario("unknown-operation", "a method or path the API does not have: FLAC-020",
             access.unknown_operation),
)
NAMES = tuple(scenario.name for scenario in SCENARIOS)


def run_scenarios(session: Session, run: Run, progress: Progress,
                  names: tuple[str, ...] = NAMES) -> None:
    """Run the scenarios named, each on its own employee (index 1, 2, ... of the target's)."""
    target = session.target
    control = httpx.Client(base_url=target.control_url, timeout=10.0) \
        if target.control_url else None
    try:
        for index, scenario in enumerate(SCENARIOS, start=1):
            if scenario.name in names:
                _one(scenario, session, run, progress, target.employee(index), control)
    finally:
        if control is not None:
            control.close()


def _one(scenario: Scenario, session: Session, run: Run, progress: Progress, inss: int,
         control: httpx.Client | None) -> None:
    progress.begin(scenario.name)
    run.begin(scenario.name)
    outcome = Outcome(scenario.name, PART)
    before, found = run.cases, len(run.findings)
    session.scope = scenario.name
    ctx = Context(session, run, scenario.name, inss, YEAR, control)
    try:
        if scenario.needs_control and control is None:
            raise Skip("needs the mock's control API (the built-in mock, or --control-url)")
        scenario.run(ctx)
    except Skip as skip:
        outcome.status, outcome.reason = SKIPPED, str(skip)
    except Stop as stop:
        outcome.reason = str(stop)
    finally:
        session.scope = ""
    if outcome.status != SKIPPED:
        outcome.status = FAILED if ctx.failures or len(run.findings) > found else PASSED
    outcome.cases = run.cases - before
    run.finish(outcome)
    progress.end(outcome.status, outcome.reason)


__all__ = ["NAMES", "SCENARIOS", "run_scenarios"]
