"""Each fault of the mock changes what a client observes (the certify runner must catch it).

A probe runs the same calls against a healthy mock and against one with the fault, and returns
what differs between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from mock_helpers import (
    EMPLOYEE,
    EMPLOYER,
    INSS,
    PROVIDER,
    authorized,
    post_provider_training,
    rights_body,
)

from fla_conformance.contract import BASE_PATH
from fla_conformance.identifiers import make_kbo
from fla_conformance.mock import FAULTS, create_app


@contextmanager
def mock(*faults: str) -> Iterator[httpx.Client]:
    with authorized(create_app(now=dt.datetime(2024, 3, 7, 12, 0), faults=faults)) as client:
        yield client


LEGAL = {"legalFlaRightHours": 3800, "jointCommissionNbr": ["202.01"]}
SECTOR = [
    {"complementarySectorRightHours": 4000, "jointCommissionNbr": "202.01", "activityCode": 228}
]


def rights(http: httpx.Client, sent: dict[str, Any]) -> httpx.Response:
    year = sent.get("calendarYear", 2024)
    return http.put(f"{EMPLOYEE}/calendarYears/{year}/trainingRights", json=sent)


def training(**extra: Any) -> dict[str, Any]:
    return {
        "trainingDenomination": "webmaster",
        "trainingFirstStartDate": "2024-02-01",
        "trainingLastEndDate": "2024-02-05",
        "trainingResult": 1,
        "trainingLeadingToCertificate": 1,
        "scope": 1,
        "detailsPerPeriod": [
            {
                "trainingHours": 500,
                "trainingStartDate": "2024-02-01",
                "trainingEndDate": "2024-02-05",
                "trainingStatus": 1,
                "trainingType": 2,
            }
        ],
        **extra,
    }


def trainings(http: httpx.Client, *items: dict[str, Any]) -> httpx.Response:
    sent = {
        "employer": {"companyId": EMPLOYER},
        "employee": {"inss": INSS},
        "calendarYear": 2024,
        "trainings": list(items),
    }
    return http.put(f"{EMPLOYEE}/calendarYears/2024/trainings", json=sent)


def register(http: httpx.Client) -> dict[str, Any]:
    data: dict[str, Any] = post_provider_training(http, training()).json()
    return data


# ---- one probe per fault: the observation a conformance check would make ------------------
def worked_example(http: httpx.Client) -> Any:
    for year in (2023, 2024):
        rights(http, rights_body(year, legalFlaRight=LEGAL, complementarySectorRight=SECTOR))
    trainings(http, training(trainingSequenceNbr=1))
    got = http.get(f"{EMPLOYEE}/creditCalculation").json()
    return got["legalFlaCredit"], got["complementarySectorCredit"]


def odd_days(http: httpx.Client) -> Any:
    odd = {"legalFlaRightDays": 130, "jointCommissionNbr": ["200"]}
    return rights(http, rights_body(2024, legalFlaRight=odd)).status_code


def provider_reference(http: httpx.Client) -> Any:
    register(http)
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainings?processingState=toValidate")
    return ["trainingProviderReference" in t for t in got.json()["flaDataDeclaration"]["trainings"]]


def bad_input(http: httpx.Client) -> Any:
    return rights(http, {"employer": {}}).status_code


def deactivation(http: httpx.Client) -> Any:
    rights(http, rights_body(2024, complementarySectorRight=SECTOR))
    rights(http, rights_body(2024))
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    return got["flaDataDeclaration"].get("trainingRights")


def anomaly_class(http: httpx.Client) -> Any:
    return [a["anomalyClass"] for a in rights(http, {"employer": {}}).json()["anomalies"]]


def other_employer(http: httpx.Client) -> Any:
    other = make_kbo(1234567)
    http.put(f"/_mock/employers/{other}", json={"flaImportanceCode": 4})
    return http.get(f"{BASE_PATH}/employers/{other}/employees/{INSS}/creditCalculation").status_code


def resend(http: httpx.Client) -> Any:
    rights(http, rights_body(2024, complementarySectorRight=SECTOR))
    return rights(http, rights_body(2024, complementarySectorRight=SECTOR)).json()["anomalies"]


def read_only(http: httpx.Client) -> Any:
    return rights(http, rights_body(2024, legalFlaRight={**LEGAL, "source": "FLA"})).status_code


def legal_owned(http: httpx.Client) -> Any:
    rights(http, rights_body(2024, legalFlaRight=LEGAL))
    return rights(http, rights_body(2024, complementarySectorRight=SECTOR)).status_code


def auto_validate(http: httpx.Client) -> Any:
    return register(http)["processingState"]


def stale_list(http: httpx.Client) -> Any:
    registered = register(http)
    trainings(
        http,
        training(
            trainingSequenceNbr=1,
            trainingProviderReference={
                "providerTrainingId": registered["providerTrainingId"],
                "trainingProviderCompanyId": PROVIDER,
            },
        ),
    )
    path = f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings?processingState=toValidate"
    return http.get(path).json()


def expired_token(http: httpx.Client) -> Any:
    token = http.post("/_mock/tokens", json={"clientId": "fla-dev", "lifetime": 0}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    return http.get(f"{EMPLOYEE}/creditCalculation", headers=headers).status_code


def source_without_right_type(http: httpx.Client) -> Any:
    rights(http, rights_body(2024, complementarySectorRight=SECTOR))
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    return got["flaDataDeclaration"]["trainingRights"]["complementarySectorRight"][0].get("source")


def echo(http: httpx.Client) -> Any:
    http.put(f"/_mock/legalRights/{EMPLOYER}/{INSS}/2024", json=LEGAL)
    sent = rights_body(2024, complementarySectorRight=SECTOR)
    return rights(http, sent).json()["flaDataDeclaration"] == sent


PROBES: dict[str, Callable[[httpx.Client], Any]] = {
    "credit-off-by-one": worked_example,
    "sector-before-legal": worked_example,
    "newest-year-first": worked_example,
    "odd-half-days": odd_days,
    "drop-provider-reference": provider_reference,
    "error-500-on-bad-input": bad_input,
    "ignore-deactivation": deactivation,
    "wrong-anomaly-class": anomaly_class,
    "leak-other-employer": other_employer,
    "no-resend-warning": resend,
    "accept-read-only": read_only,
    "legal-right-not-owned": legal_owned,
    "provider-auto-validate": auto_validate,
    "stale-waiting-list": stale_list,
    "expired-token-accepted": expired_token,
    "source-always": source_without_right_type,
    "echo-computed-legal-right": echo,
}


def test_every_fault_has_a_probe() -> None:
    assert set(PROBES) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_changes_behaviour(fault: str) -> None:
    probe = PROBES[fault]
    with mock() as healthy:
        expected = probe(healthy)
    with mock(fault) as faulty:
        observed = probe(faulty)
    assert observed != expected


def test_faults_are_switched_by_the_control_api() -> None:
    with mock() as http:
        got = http.get("/_mock/faults").json()
        assert got == {"available": FAULTS, "active": []}
        assert http.put("/_mock/faults", json={"active": ["odd-half-days"]}).status_code == 204
        assert odd_days(http) == 200
        refused = http.put("/_mock/faults", json={"active": ["no-such-fault"]})
        assert refused.status_code == 400 and "credit-off-by-one" in refused.json()["detail"]
        assert http.post("/_mock/reset").status_code == 204
        assert http.get("/_mock/faults").json()["active"] == []


def test_start_up_faults_survive_a_reset() -> None:
    with mock("odd-half-days") as http:
        http.put("/_mock/faults", json={"active": []})
        http.post("/_mock/reset")
        assert http.get("/_mock/faults").json()["active"] == ["odd-half-days"]
