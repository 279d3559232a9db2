"""Every rule of the catalogue, with one passing and one failing input (tests/validator_cases)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from validator_cases import BY_RULE, CASES, Case

from fla_conformance.contract import load_contract
from fla_conformance.identifiers import is_valid_inss, is_valid_kbo, make_inss
from fla_conformance.validator import _ids
from fla_conformance.validator._rules import inss_ok, kbo_ok

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


@settings(max_examples=500, deadline=None)
@given(st.integers(-10, 10**11 + 10) | st.sampled_from([81511716525, 70081500504, 880820673]))
def test_the_fast_identity_checks_are_those_of_identifiers(number: int) -> None:
    assert kbo_ok(number) == is_valid_kbo(number)
    assert inss_ok(number) == is_valid_inss(number)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.integers(1, 998),
    st.sampled_from([0, 20, 40]),
)
def test_every_inss_that_identifiers_makes_passes(birth: dt.date, serial: int, bis: int) -> None:
    assert inss_ok(make_inss(birth, serial, bis))
