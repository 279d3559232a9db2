"""The mock against the contract: every rule of the catalogue answered as it says, and every
answer valid under contracts/openapi.yaml, over traffic drawn by fla_conformance.strategies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_helpers import authorized

from fla_conformance.contract import BASE_PATH, load_contract
from fla_conformance.identifiers import is_valid_kbo
from fla_conformance.mock import create_app
from fla_conformance.mock.client import dev_token
from fla_conformance.strategies import (
    MockCall,
    Request,
    Scenario,
    covered_rules,
    operation_ids,
    requests,
    violating,
)
from fla_conformance.validator import validate_request, validate_response

EMPLOYER = 880820673
PEOPLE = (81511716525, 70081500504)
CONTRACT = load_contract()
# one app for the module: the mock is stateful, and the traffic piles up as a user's would
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with authorized(create_app(now=dt.datetime(2024, 3, 7, 12, 9, 16))) as client:
        yield client


def answer_is_valid(response: httpx.Response) -> dict[str, Any]:
    """The response's body, after checking it against the operation's schema for its status."""
    path = response.request.url.path
    found = CONTRACT.match(response.request.method, path)
    body: dict[str, Any] = orjson.loads(response.content)
    if found is None:  # FLAC-020: no operation, the 400 shape of any
        assert response.status_code == 400, response.text
        found = CONTRACT.match("GET", f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings")
        assert found is not None
    result = validate_response(found[0].operation_id, response.status_code, response.content)
    assert result.valid, (response.status_code, [a.to_json() for a in result.anomalies], body)
    return body


def send(http: httpx.Client, step: Request | MockCall) -> httpx.Response:
    if isinstance(step, MockCall):
        answer = http.request(step.method, step.path, json=step.body)
        assert answer.status_code < 300, answer.text
        return answer
    answer = http.request(
        step.method, BASE_PATH + step.path, content=step.content, headers=step.headers
    )
    answer_is_valid(answer)
    return answer


def register_references(http: httpx.Client, request: Request) -> None:
    """Register the provider trainings a drawn body refers to, so that they exist (FLAC-202)."""
    if request.violates == "FLAC-202" or not isinstance(request.body, dict):
        return
    for training in request.body.get("trainings") or ():
        reference = training.get("trainingProviderReference") if isinstance(training, dict) else 0
        if not isinstance(reference, dict):
            continue
        fields = {k: v for k, v in training.items() if k != "trainingProviderReference"}
        http.post(
            "/_mock/providerTrainings",
            json={  # refused when the training is the fault
                "companyId": request.body["employer"]["companyId"],
                "inss": request.body["employee"]["inss"],
                "calendarYear": request.body["calendarYear"],
                "trainingProviderCompanyId": reference.get("trainingProviderCompanyId"),
                "providerTrainingId": reference.get("providerTrainingId"),
                "training": fields,
            },
        )


def known_employer(http: httpx.Client, request: Request) -> None:
    """The path's employer in the repertory and in the client's mandates (e.g. FLAC-140)."""
    text = request.path.split("/")[2] if request.path.startswith("/employers/") else ""
    if text.isdigit() and is_valid_kbo(int(text)) and int(text) != EMPLOYER:
        http.put(f"/_mock/employers/{text}", json={"flaImportanceCode": 8})
        allow(http, (int(text),))


def allow(http: httpx.Client, companies: tuple[int, ...]) -> None:
    """Bind the development client to the scenario's employers, with a fresh token."""
    ids = sorted({EMPLOYER, *companies})
    http.put("/_mock/clients/fla-dev", json={"companyIds": ids, "secret": "fla-dev-secret"})
    http.headers["Authorization"] = "Bearer " + dev_token(http)


@pytest.mark.parametrize("rule_id", sorted(covered_rules()))
def test_every_rule_is_answered_as_the_catalogue_says(http: httpx.Client, rule_id: str) -> None:
    """A stateless rule: the mock answers what ``fla validate`` finds (one source of rules);
    a stateful one: the scenario's request gets the rule's anomaly and status."""
    people = st.sampled_from(PEOPLE)
    draws = people.flatmap(lambda inss: violating(rule_id, company_id=EMPLOYER, inss=inss))

    @SETTINGS
    @given(drawn=draws)
    def check(drawn: Request | Scenario) -> None:
        http.post("/_mock/reset")
        http.headers["Authorization"] = "Bearer " + dev_token(http)
        if isinstance(drawn, Scenario):
            allow(http, drawn.companies)
            for step in drawn.setup:
                send(http, step)
            answer = send(http, drawn.request)
            assert answer.status_code == drawn.expect_status, answer.text
            assert rule_id in [a["errorId"] for a in answer.json()["anomalies"]]
            return
        known_employer(http, drawn)
        offline = validate_request(drawn.method, BASE_PATH + drawn.path, drawn.content)
        if offline.valid:
            register_references(http, drawn)
        answer = send(http, drawn)
        found = [a.to_json() for a in offline.anomalies]
        if not offline.valid:
            assert answer.status_code == 400, answer.text
            assert answer.json()["anomalies"] == found
        else:
            assert answer.status_code == 200, answer.text
            if "anomalies" in answer.json():  # creditCalculation and the lists have no room
                assert answer.json()["anomalies"] == found

    check()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_valid_traffic_is_accepted_and_every_answer_validates(
    http: httpx.Client, data: st.DataObject
) -> None:
    operation = data.draw(st.sampled_from(operation_ids()))
    inss = data.draw(st.sampled_from(PEOPLE))
    options: dict[str, Any] = {"company_id": EMPLOYER, "inss": inss}
    if operation == "putTrainings":
        options["provider_references"] = False  # a reference needs a registered training
    request = data.draw(requests(operation, **options))
    answer = send(http, request)
    if answer.status_code == 400:  # the only refusals of a valid request are stateful
        ids = {a["errorId"] for a in answer.json()["anomalies"] if a["anomalyClass"] == "B"}
        assert ids == {"FLAC-201"}, answer.text
    else:
        assert answer.status_code == 200, answer.text
