"""Every rule of the catalogue, with one passing and one failing input (tests/validator_cases)."""

from __future__ import annotations

import pytest
from validator_cases import BY_RULE, CASES, Case

from fla_conformance.contract import load_contract
from fla_conformance.validator import _ids

CONTRACT = load_contract()
OFFLINE = [rule.id for rule in CONTRACT.rules.values() if rule.kind != "stateful"]


@pytest.mark.parametrize("rule_id", OFFLINE)
def test_every_offline_rule_has_a_case(rule_id: str) -> None:
    assert rule_id in BY_RULE, f"{rule_id} has no passing and failing case"


def test_the_validator_names_only_rules_of_the_catalogue() -> None:
    assert set(CONTRACT.rules) >= _ids.ALL
    assert set(BY_RULE) <= set(OFFLINE)


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_passing_input(case: Case) -> None:
    result = case.good()
    assert [a.to_json() for a in result.anomalies] == []


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_failing_input_breaks_exactly_its_rule(case: Case) -> None:
    result = case.bad()
    assert {a.error_id for a in result.anomalies} == {case.rule}, result.to_json()
    assert case.where in {a.path for a in result.anomalies}
    rule = CONTRACT.rules[case.rule]
    assert result.valid is (rule.anomaly_class == "W")
    for anomaly in result.anomalies:
        assert anomaly.anomaly_class == rule.anomaly_class
        assert dict(anomaly.label) == dict(rule.labels)
