"""The strategies against the reference mock, in process: the stateful scenarios get their
rule's anomaly and status, and the credit the strategies expect is the mock's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from fla_conformance.contract import BASE_PATH, load_contract
from fla_conformance.strategies import (
    MockCall,
    Request,
    Scenario,
    expected_credit,
    training_rights_bodies,
    trainings_bodies,
    violating,
)

mock = pytest.importorskip("fla_conformance.mock")
client = pytest.importorskip("fla_conformance.mock.client")

EMPLOYER = 880820673
NOW = dt.datetime(2024, 3, 7, 12, 9, 16)
STATEFUL = sorted(r.id for r in load_contract().rules.values() if r.kind == "stateful")
# One app per module (a module-scoped fixture), reset before each example.
SETTINGS = settings(max_examples=15, deadline=None)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    app = mock.create_app(now=NOW)
    with httpx.Client(transport=client.ASGISyncTransport(app), base_url="http://mock") as h:
        yield h


def _fresh(http: httpx.Client, companies: tuple[int, ...] = ()) -> None:
    """Back to the seed, with the development client allowed to act for ``companies``."""
    assert http.post("/_mock/reset").status_code == 204
    ids = sorted({EMPLOYER, *companies})
    http.put(f"/_mock/clients/{DEV_CLIENT_ID}", json={"companyIds": ids,
                                                       "secret": DEV_CLIENT_SECRET})
    http.headers["Authorization"] = "Bearer " + client.dev_token(http)


def _send(http: httpx.Client, step: Request | MockCall) -> httpx.Response:
    if isinstance(step, MockCall):
        answer = http.request(step.method, step.path, json=step.body)
        assert answer.status_code < 300, answer.text
        return answer
    return http.request(step.method, BASE_PATH + step.path, content=step.content,
                        headers=step.headers)


@pytest.mark.parametrize("rule_id", STATEFUL)
def test_scenarios_get_their_anomaly_from_the_mock(http: httpx.Client, rule_id: str) -> None:
    @SETTINGS
    @given(violating(rule_id))
    def check(drawn: Request | Scenario) -> None:
        assert isinstance(drawn, Scenario)
        _fresh(http, drawn.companies)
        for step in drawn.setup:
            answer = _send(http, step)
            assert answer.status_code < 300, answer.text
        answer = _send(http, drawn.request)
        assert answer.status_code == drawn.expect_status, answer.text
        found = answer.json()["anomalies"]
        assert rule_id in [a["errorId"] for a in found]
        assert {a["errorId"] for a in found if a["anomalyClass"] == "B"} <= {rule_id}

    check()


def _declarations() -> st.SearchStrategy[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    years = st.lists(st.integers(2020, 2024), min_size=1, max_size=3, unique=True)
    fixed: dict[str, Any] = {"company_id": EMPLOYER, "inss": 81511716525}

    def bodies(chosen: list[int]) -> Any:
        rights = st.tuples(*[training_rights_bodies(year=y, **fixed) for y in chosen])
        trainings = st.tuples(*[
            trainings_bodies(year=y, provider_references=False, max_trainings=2,
                             multi_window=False, **fixed)
            for y in chosen
        ])
        return st.tuples(rights.map(list), trainings.map(list))

    return years.flatmap(bodies)


@SETTINGS
@given(declared=_declarations())
def test_the_expected_credit_is_the_mocks(
    http: httpx.Client, declared: tuple[list[dict[str, Any]], list[dict[str, Any]]]
) -> None:
    _fresh(http)
    rights, trainings = declared
    for operation, bodies in (("trainingRights", rights), ("trainings", trainings)):
        for body in bodies:
            path = (f"{BASE_PATH}/employers/{EMPLOYER}/employees/81511716525/calendarYears/"
                    f"{body['calendarYear']}/{operation}")
            answer = http.put(path, json=body)
            assert answer.status_code == 200, answer.text
    answer = http.get(f"{BASE_PATH}/employers/{EMPLOYER}/employees/81511716525/creditCalculation")
    credit = answer.json()
    expected = expected_credit(rights, trainings, NOW)
    for block in ("legalFlaCredit", "complementarySectorCredit", "complementaryEmployerCredit",
                  "reservedTrainingTime"):
        got = credit.get(block)
        if isinstance(got, dict):
            got = {k: v for k, v in got.items() if k != "legalFlaCreditValidityEndDate"}
        assert got == expected.get(block), block
