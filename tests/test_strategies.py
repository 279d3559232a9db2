"""The strategies: valid draws pass the validator, violating draws break exactly their rule.

Health checks stay on: the strategies construct their data, they do not filter it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fla_conformance.contract import load_contract
from fla_conformance.errors import UsageError
from fla_conformance.strategies import (
    Request,
    Scenario,
    covered_rules,
    operation_ids,
    requests,
    violating,
    violation_operations,
)
from fla_conformance.validator import validate_request

CONTRACT = load_contract()
RULES = sorted(CONTRACT.rules)
STATELESS = [r for r in RULES if CONTRACT.rules[r].kind != "stateful"]
# FLAC-161: an absent registry number counts as one value; the case the validator first missed.
TWO_UNNUMBERED_BLOCKS = {
    "employer": {"companyId": 880820673}, "employee": {"inss": 81511716525},
    "calendarYear": 2024,
    "trainingRights": {"complementaryEmployerRight": [
        {"complementaryEmployerRightHours": 2257, "jointCommissionNbr": "350.96"},
        {"complementaryEmployerRightDays": 24900, "jointCommissionNbr": "210.27.94"},
    ]},
}
STATEFUL = [r for r in RULES if CONTRACT.rules[r].kind == "stateful"]


def _anomalies(request: Request) -> list[tuple[str, str, str]]:
    result = validate_request(request.method, request.path, request.content)
    return [(a.error_id, a.anomaly_class, a.path) for a in result.anomalies]


@pytest.mark.parametrize("operation_id", operation_ids())
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_valid_draws_pass_the_validator(operation_id: str, data: st.DataObject) -> None:
    request = data.draw(requests(operation_id))
    assert request.operation == operation_id and request.violates is None
    blocking = [a for a in _anomalies(request) if a[1] == "B"]
    assert blocking == [], (request, blocking)


@pytest.mark.parametrize("rule_id", STATELESS)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_violating_draws_break_exactly_their_rule(rule_id: str, data: st.DataObject) -> None:
    request = data.draw(violating(rule_id))
    assert isinstance(request, Request) and request.violates == rule_id
    found = _anomalies(request)
    blocking = {error_id for error_id, klass, _ in found if klass == "B"}
    if CONTRACT.rules[rule_id].blocking:
        assert blocking == {rule_id}, (request, found)
    else:  # a warning: processed, with the warning among the anomalies
        assert blocking == set() and rule_id in {a[0] for a in found}, (request, found)


def test_two_employer_blocks_without_a_registry_number_are_flac_161() -> None:
    request = Request("PUT", "/employers/880820673/employees/81511716525/calendarYears/2024/"
                      "trainingRights", TWO_UNNUMBERED_BLOCKS, "putTrainingRights", "FLAC-161")
    assert [a[0] for a in _anomalies(request)] == ["FLAC-161"]


def test_every_rule_of_the_catalogue_has_a_violating_strategy() -> None:
    missing = sorted(set(CONTRACT.rules) - covered_rules())
    assert missing == [], f"rules without a violating strategy: {missing}"
    for rule_id in RULES:
        assert set(violation_operations(rule_id)) <= set(CONTRACT.rules[rule_id].operations)


@pytest.mark.parametrize("rule_id", STATEFUL)
def test_stateful_rules_draw_scenarios(rule_id: str) -> None:
    @settings(max_examples=20, deadline=None)
    @given(violating(rule_id, company_id=880820673))
    def check(drawn: Request | Scenario) -> None:
        assert isinstance(drawn, Scenario) and drawn.rule_id == rule_id
        assert drawn.request.violates == rule_id and drawn.steps[-1] is drawn.request
        for step in drawn.setup:  # the setup itself is valid
            if isinstance(step, Request):
                assert [a for a in _anomalies(step) if a[1] == "B"] == []

    check()


def test_unknown_rule_and_operation_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown rule"):
        violating("FLAC-999")
    with pytest.raises(UsageError, match="no violating strategy for operation"):
        violating("FLAC-150", "putTrainingRights")
    with pytest.raises(UsageError, match="unit"):
        requests("putTrainings", unit="weeks")
    with pytest.raises(UsageError, match="takes only"):
        requests("getTrainings", min_trainings=1)


def test_the_package_needs_no_server_and_no_schemathesis() -> None:
    code = (
        "import sys, fla_conformance.strategies as s\n"
        "s.violating('FLAC-157').example(); s.requests('putTrainings').example()\n"
        "heavy = ('schemathesis', 'starlette', 'httpx', 'uvicorn',\n"
        "         'fla_conformance.mock', 'fla_conformance.validator')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_public_surface_is_documented() -> None:
    import fla_conformance.strategies as package

    assert package.__doc__
    for name in package.__all__:
        assert getattr(package, name).__doc__, f"{name} has no docstring"
