"""The mock end to end over HTTP: a real uvicorn on loopback (MockServer) and httpx.

The manual's example calls in order, concurrent PUTs, a restart on the same database, and
authentication as the portal does it (private_key_jwt).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from fla_conformance.auth import (
    ASSERTION_TYPE,
    PORTAL_TOKEN_URL,
    generate_key_pair,
    make_client_assertion,
    self_signed_certificate,
)
from fla_conformance.identifiers import make_kbo
from fla_conformance.mock import MockServer
from fla_conformance.mock.client import dev_token

EXAMPLES = Path(__file__).resolve().parents[1] / "contracts" / "examples"
EMPLOYER, INSS, OTHER_INSS = 880820673, 81511716525, 70081500504
PROVIDER = make_kbo(4031997)
NOW = dt.datetime(2024, 3, 7, 12, 9, 16)


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(now=NOW) as mock:
        yield mock


@pytest.fixture
def http(server: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert client.post("/_mock/reset").status_code == 204
        client.headers["Authorization"] = "Bearer " + dev_token(client)
        yield client


def employee_path(inss: int = INSS) -> str:
    return f"/REST/federalLearningAccount/v1/employers/{EMPLOYER}/employees/{inss}"


def call(http: httpx.Client, name: str, body: str | None = None) -> httpx.Response:
    """The request of an example of contracts/examples/index.json, with its input file."""
    entry = next(e for e in json.loads((EXAMPLES / "index.json").read_text()) if e["file"] == name)
    path = "/REST/federalLearningAccount/v1" + entry["path"]
    if body is None:
        return http.request(entry["method"], path)
    return http.request(entry["method"], path, json=example(body))


def same_anomalies(got: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> bool:
    """The manual's anomalies carry fewer languages and no tagName or path (D10)."""
    return len(got) == len(wanted) and all(
        g["errorId"] == w["errorId"]
        and g["anomalyClass"] == w["anomalyClass"]
        and all(g["label"][lang] == text for lang, text in w["label"].items())
        for g, w in zip(got, wanted, strict=True)
    )


def test_the_manuals_example_calls_in_order(http: httpx.Client) -> None:
    # Sigedis computed the legal right of 2024 (manual 3.3.3.2 F, 3.3.3.3 D)
    http.put(
        f"/_mock/legalRights/{EMPLOYER}/{INSS}/2024",
        json={
            "legalFlaRightHours": 3800,
            "workingRegulationsRegistryNbr": "181682/CO/200",
            "jointCommissionNbr": ["202.01"],
        },
    )
    # (the example whose request line is used, the body sent, the answer expected); the
    # deactivation comes before the deletion by 0, which makes the employer own the legal
    # right: 3.3.3.4 tells them as two separate scenarios
    steps = [
        (
            "PutTrainingRight_input.json",
            "PutTrainingRight_input.json",
            "PutTrainingRight_output.json",
        ),
        ("GetTrainingRight_output.json", None, "GetTrainingRight_output.json"),
        (
            "PutTrainingRight_deleteByDesactivation_input.json",
            "PutTrainingRight_deleteByDesactivation_input.json",
            "PutTrainingRight_deleteByDesactivation_outPut.json",
        ),
        (
            "PutTrainingRight_deleteBy0Value_input.json",
            "PutTrainingRight_deleteBy0Value_input.json",
            "PutTrainingRight_deleteBy0Value_output.json",
        ),
        ("PutTraining_input.json", "PutTraining_input.json", "PutTraining_output.json"),
        ("GetTraining_output.json", None, "GetTraining_output.json"),
        ("PutTraining_Delete_1_input.json", "PutTraining_Delete_1_input.json", None),
        (
            "PutTraining_Delete_2_input.json",
            "PutTraining_Delete_2_input.json",
            "PutTraining_Delete_2_outPut.json",
        ),
    ]
    for line, sent, wanted in steps:
        answer = call(http, line, sent)
        assert answer.status_code == 200, (line, answer.text)
        if wanted is not None:
            expected = example(wanted)
            assert answer.json()["flaDataDeclaration"] == expected["flaDataDeclaration"], wanted
            assert answer.json()["anomalies"] == expected["anomalies"], wanted

    got = call(http, "GetCreditCalculation_output.json").json()
    assert got["legalFlaCredit"]["legalFlaCreditPerYear"][-1] == {  # 0 hours left after 3.3.3.4
        "calendarYear": 2024,
        "initialLegalFlaCreditHours": 0,
        "remainingLegalFlaCreditHours": 0,
    }

    # 3.3.6.2: two employees with provider trainings to validate
    item = {
        k: v
        for k, v in example("PutTraining_input.json")["trainings"][0].items()
        if k != "trainingSequenceNbr"
    }
    for inss in (INSS, OTHER_INSS):
        assert (
            http.post(
                "/_mock/providerTrainings",
                json={
                    "companyId": EMPLOYER,
                    "inss": inss,
                    "calendarYear": 2024,
                    "trainingProviderCompanyId": PROVIDER,
                    "training": item,
                },
            ).status_code
            == 201
        )
    listed = call(http, "GetEmployeesTrainings_output.json").json()
    assert sorted(listed["employees"], key=str) == sorted(
        example("GetEmployeesTrainings_output.json")["employees"], key=str
    )
    # 3.3.7.2: rights changed for both employees in 2024
    http.put(
        f"/_mock/legalRights/{EMPLOYER}/{OTHER_INSS}/2024",
        json={"legalFlaRightHours": 3800, "jointCommissionNbr": ["200"]},
    )
    listed = call(http, "GetEmployeesTrainingRights_output.json").json()
    assert sorted(listed["employees"], key=str) == sorted(
        example("GetEmployeesTrainingRights_output.json")["employees"], key=str
    )

    # 3.4.2: the 2023 picture sent twice
    warning = example("PutTrainingRight_warning_output.json")
    path = f"{employee_path()}/calendarYears/2023/trainingRights"
    assert http.put(path, json=warning["flaDataDeclaration"]).json()["anomalies"] == []
    again = http.put(path, json=warning["flaDataDeclaration"])
    assert again.status_code == 200
    assert again.json()["flaDataDeclaration"] == warning["flaDataDeclaration"]
    assert same_anomalies(again.json()["anomalies"], warning["anomalies"])

    # 3.4.3: an employer that is not in the repertory
    stranger = make_kbo(5550001)
    http.put(
        "/_mock/clients/fla-dev",
        json={"companyIds": [EMPLOYER, stranger], "secret": "fla-dev-secret"},
    )
    http.headers["Authorization"] = "Bearer " + dev_token(http)
    body = example("PutTrainingRight_input.json")
    body["employer"]["companyId"] = stranger
    refused = http.put(
        f"/REST/federalLearningAccount/v1/employers/{stranger}/employees/{INSS}"
        "/calendarYears/2024/trainingRights",
        json=body,
    )
    wanted = example("BadRequest_400_output.json")
    assert refused.status_code == 400
    assert same_anomalies(refused.json()["anomalies"], wanted["anomalies"])
    assert {k: refused.json()[k] for k in ("type", "title", "detail")} == {
        k: wanted[k] for k in ("type", "title", "detail")
    }
    # 3.4.4: the 500 shape, here by fault injection
    http.put("/_mock/faults", json={"active": ["error-500-on-bad-input"]})
    broken = http.put(f"{employee_path()}/calendarYears/2024/trainingRights", json={"employer": {}})
    assert broken.status_code == 500
    assert set(broken.json()) == set(example("InternalServerError_500_output.json"))
    assert broken.json()["title"] == "Unexpected Error"


def test_the_worked_credit_example_over_http(http: httpx.Client) -> None:
    for year in (2023, 2024):
        body = {
            "employer": {"companyId": EMPLOYER},
            "employee": {"inss": INSS},
            "calendarYear": year,
            "trainingRights": {
                "legalFlaRight": {"legalFlaRightHours": 3800, "jointCommissionNbr": ["202.01"]},
                "complementarySectorRight": [
                    {
                        "complementarySectorRightHours": 4000,
                        "jointCommissionNbr": "202.01",
                        "activityCode": 228,
                    }
                ],
            },
        }
        assert (
            http.put(
                f"{employee_path()}/calendarYears/{year}/trainingRights", json=body
            ).status_code
            == 200
        )
    assert call(http, "PutTraining_output.json", "PutTraining_input.json").status_code == 200
    got = call(http, "GetCreditCalculation_output.json").json()
    wanted = example("GetCreditCalculation_output.json")
    assert got.pop("calculationDate") == "2024-03-07T12:09:16"
    wanted.pop("calculationDate")
    assert got == wanted


# ---- concurrency --------------------------------------------------------------------------
def picture(n: int) -> dict[str, Any]:
    """A distinct, internally consistent trainings picture: n trainings of n hours each."""
    return {
        "employer": {"companyId": EMPLOYER},
        "employee": {"inss": INSS},
        "calendarYear": 2024,
        "trainings": [
            {
                "trainingSequenceNbr": i,
                "trainingDenomination": f"picture {n}",
                "trainingFirstStartDate": "2024-01-02",
                "trainingLastEndDate": "2024-01-02",
                "trainingResult": 1,
                "trainingLeadingToCertificate": 1,
                "scope": 1,
                "detailsPerPeriod": [
                    {
                        "trainingHours": n,
                        "trainingStartDate": "2024-01-02",
                        "trainingEndDate": "2024-01-02",
                        "trainingStatus": 1,
                        "trainingType": 1,
                    }
                ],
            }
            for i in range(1, n + 1)
        ],
    }


def test_parallel_puts_for_one_employee_leave_one_whole_picture(
    server: MockServer, http: httpx.Client
) -> None:
    path = f"{employee_path()}/calendarYears/2024/trainings"
    http.put(
        f"{employee_path()}/calendarYears/2024/trainingRights",
        json={
            "employer": {"companyId": EMPLOYER},
            "employee": {"inss": INSS},
            "calendarYear": 2024,
            "trainingRights": {
                "legalFlaRight": {"legalFlaRightHours": 300000, "jointCommissionNbr": ["200"]}
            },
        },
    )
    headers = {"Authorization": http.headers["Authorization"]}

    def put(n: int) -> httpx.Response:
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
            return client.put(path, json=picture(n))

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(put, range(1, 33)))
    assert all(a.status_code == 200 for a in answers)
    assert all(a.json()["flaDataDeclaration"] == picture(n) for n, a in enumerate(answers, start=1))
    stored = http.get(path).json()["flaDataDeclaration"]["trainings"]
    n = len(stored)
    assert {t["trainingDenomination"] for t in stored} == {f"picture {n}"}
    total = http.get(f"{employee_path()}/creditCalculation").json()["legalFlaCredit"]
    assert total["totalLegalFlaCreditHours"] == 300000 - n * n


def test_parallel_puts_of_different_years_are_all_kept(
    server: MockServer, http: httpx.Client
) -> None:
    headers = {"Authorization": http.headers["Authorization"]}

    def put(year: int) -> int:
        body = {
            "employer": {"companyId": EMPLOYER},
            "employee": {"inss": INSS},
            "calendarYear": year,
            "trainingRights": {
                "legalFlaRight": {"legalFlaRightHours": year, "jointCommissionNbr": ["200"]}
            },
        }
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
            path = f"{employee_path()}/calendarYears/{year}/trainingRights"
            return client.put(path, json=body).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        assert list(pool.map(put, range(2020, 2025))) == [200] * 5
    rows = http.get(f"{employee_path()}/creditCalculation").json()["legalFlaCredit"]
    assert [r["initialLegalFlaCreditHours"] for r in rows["legalFlaCreditPerYear"]] == list(
        range(2020, 2025)
    )


# ---- a restart on the same database -------------------------------------------------------
def test_everything_survives_a_restart_with_db(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.sqlite")
    second = make_kbo(7777777)
    with MockServer(db=db, now=NOW) as first, httpx.Client(base_url=first.url) as http:
        http.headers["Authorization"] = "Bearer " + dev_token(http)
        http.put(f"/_mock/employers/{second}", json={"flaImportanceCode": 4})
        http.put("/_mock/clients/other", json={"companyIds": [second], "secret": "x"})
        assert call(http, "PutTraining_output.json", "PutTraining_input.json").status_code == 200
        http.post(
            "/_mock/providerTrainings",
            json={
                "companyId": EMPLOYER,
                "inss": OTHER_INSS,
                "calendarYear": 2024,
                "trainingProviderCompanyId": PROVIDER,
                "training": example("PutTraining_input.json")["trainings"][0],
            },
        )
    with MockServer(db=db, now=NOW) as again, httpx.Client(base_url=again.url) as http:
        http.headers["Authorization"] = "Bearer " + dev_token(http)  # clients kept
        got = call(http, "GetTraining_output.json").json()
        assert got["flaDataDeclaration"] == example("GetTraining_output.json")["flaDataDeclaration"]
        listed = http.get(
            f"/REST/federalLearningAccount/v1/employers/{EMPLOYER}"
            "/employeesTrainings?processingState=toValidate"
        ).json()
        assert listed == {"employees": [{"inss": OTHER_INSS, "year": 2024}]}
        assert (
            http.post(
                "/REST/oauth/v5/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "other",
                    "client_secret": "x",
                },
                headers={"Authorization": ""},
            ).status_code
            == 200
        )


# ---- authentication (the portal's private_key_jwt) ----------------------------------------
@pytest.fixture(scope="module")
def keys() -> tuple[str, str, str]:
    private, public = generate_key_pair()
    stranger, _ = generate_key_pair()
    return private, public, stranger


def assertion_form(assertion: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }


def test_private_key_jwt_and_its_refusals(
    server: MockServer, http: httpx.Client, keys: tuple[str, str, str]
) -> None:
    private, public, stranger = keys
    certificate = self_signed_certificate(private, "payroll")
    http.put("/_mock/clients/payroll", json={"companyIds": [EMPLOYER], "publicKeyPem": public})
    http.put(
        "/_mock/clients/payroll-cert", json={"companyIds": [EMPLOYER], "publicKeyPem": certificate}
    )
    anonymous = httpx.Client(base_url=server.url)
    token_path = "/REST/oauth/v5/token"
    credit = f"{employee_path()}/creditCalculation"

    for client_id in ("payroll", "payroll-cert"):
        assertion = make_client_assertion(client_id, private, server.token_url)
        answer = anonymous.post(token_path, data=assertion_form(assertion))
        assert answer.status_code == 200, answer.text
        token = answer.json()["access_token"]
        assert (
            anonymous.get(credit, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        )
        replayed = anonymous.post(token_path, data=assertion_form(assertion))
        assert replayed.status_code == 401 and replayed.json()["error"] == "invalid_client"

    wrong_audience = make_client_assertion("payroll", private, PORTAL_TOKEN_URL)
    assert anonymous.post(token_path, data=assertion_form(wrong_audience)).status_code == 401
    wrong_key = make_client_assertion("payroll", stranger, server.token_url)
    assert anonymous.post(token_path, data=assertion_form(wrong_key)).status_code == 401
    expired = make_client_assertion(
        "payroll", private, server.token_url, now=dt.datetime.now().timestamp() - 3600
    )
    assert anonymous.post(token_path, data=assertion_form(expired)).status_code == 401
    anonymous.close()


def test_tokens_no_token_expired_and_another_employer(
    server: MockServer, http: httpx.Client
) -> None:
    credit = f"{employee_path()}/creditCalculation"
    bare = httpx.Client(base_url=server.url)
    missing = bare.get(credit)
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["status"] == 401
    assert bare.get(credit, headers={"Authorization": "Bearer nope"}).status_code == 401

    expired = http.post("/_mock/tokens", json={"clientId": "fla-dev", "lifetime": 0}).json()
    answer = bare.get(credit, headers={"Authorization": f"Bearer {expired['access_token']}"})
    assert answer.status_code == 401
    assert answer.json()["type"] == "urn:problem-type:belgif:expiredAccessToken"

    other = make_kbo(1234567)
    http.put(f"/_mock/employers/{other}", json={"flaImportanceCode": 4})
    forbidden = http.get(
        f"/REST/federalLearningAccount/v1/employers/{other}/employees/{INSS}/creditCalculation"
    )
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == "urn:problem-type:belgif:permissionDenied"
    bare.close()
