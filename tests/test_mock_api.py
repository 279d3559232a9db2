"""The mock's operations in-process (ASGI): rights, trainings, providers, lists, anomalies."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
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
from fla_conformance.identifiers import make_inss, make_kbo
from fla_conformance.mock import create_app
from fla_conformance.mock.client import dev_token

EXAMPLES = Path(__file__).resolve().parents[1] / "contracts" / "examples"
OTHER_INSS = 70081500504
NOW = dt.datetime(2024, 3, 7, 12, 9, 16)


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text("utf-8"))
    return data


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with authorized(create_app(now=NOW)) as client:
        yield client


def legal(hours: int) -> dict[str, Any]:
    return {"legalFlaRightHours": hours, "jointCommissionNbr": ["202.01"]}


def sector(hours: int, committee: str = "202.01") -> list[dict[str, Any]]:
    return [
        {
            "complementarySectorRightHours": hours,
            "jointCommissionNbr": committee,
            "activityCode": 228,
        }
    ]


def employer_right(hours: int) -> list[dict[str, Any]]:
    return [{"complementaryEmployerRightHours": hours, "jointCommissionNbr": "200"}]


def training(
    seq: int, start: str, end: str, amount: dict[str, int], **extra: Any
) -> dict[str, Any]:
    period = {
        "trainingStartDate": start,
        "trainingEndDate": end,
        "trainingStatus": 1,
        "trainingType": 1,
        **amount,
    }
    period.update(extra.pop("period", {}))
    return {
        "trainingSequenceNbr": seq,
        "trainingDenomination": f"training {seq}",
        "trainingFirstStartDate": start,
        "trainingLastEndDate": end,
        "trainingResult": 1,
        "trainingLeadingToCertificate": 1,
        "scope": 1,
        "detailsPerPeriod": [period],
        **extra,
    }


def trainings_body(year: int, *items: dict[str, Any], ref: int | None = None) -> dict[str, Any]:
    employee: dict[str, Any] = {"inss": INSS}
    if ref is not None:
        employee["refHoursInWorkingDay"] = ref
    return {
        "employer": {"companyId": EMPLOYER},
        "employee": employee,
        "calendarYear": year,
        "trainings": list(items),
    }


def put_rights(http: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return http.put(f"{EMPLOYEE}/calendarYears/{body['calendarYear']}/trainingRights", json=body)


def put_trainings(http: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return http.put(f"{EMPLOYEE}/calendarYears/{body['calendarYear']}/trainings", json=body)


def credit(http: httpx.Client) -> dict[str, Any]:
    answer = http.get(f"{EMPLOYEE}/creditCalculation")
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def remaining(block: dict[str, Any], stem: str) -> list[int]:
    rows = block[f"{stem[0].lower()}{stem[1:]}PerYear"]
    return [row[f"remaining{stem}Hours"] for row in rows]


# ---- training rights (manual 3.3.3) ---------------------------------------------------------
def test_put_echoes_what_was_sent_and_get_adds_the_sigedis_legal_right(
    http: httpx.Client,
) -> None:
    http.put(
        "/_mock/legalRights/880820673/81511716525/2024",
        json={"legalFlaRightHours": 3800, "jointCommissionNbr": ["202.01"]},
    )
    sent = example("PutTrainingRight_input.json")
    answer = put_rights(http, sent)
    assert answer.status_code == 200
    assert answer.json()["flaDataDeclaration"] == sent
    assert answer.json()["anomalies"] == []
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    wanted = example("GetTrainingRight_output.json")["flaDataDeclaration"]
    wanted["trainingRights"]["legalFlaRight"].pop("workingRegulationsRegistryNbr")
    assert got["flaDataDeclaration"] == wanted


def test_get_with_right_type_adds_source_and_validity_end_dates(http: httpx.Client) -> None:
    http.put(
        "/_mock/legalRights/880820673/81511716525/2024",
        json={
            "legalFlaRightHours": 3800,
            "jointCommissionNbr": ["202.01"],
            "validityEndDate": "2026-06-30",
        },
    )
    put_rights(http, rights_body(2024, complementarySectorRight=sector(4000)))
    plain = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    assert "source" not in plain["flaDataDeclaration"]["trainingRights"]["legalFlaRight"]
    assert "legalFlaCreditValidityEndDate" not in plain["flaCreditCalculation"]["legalFlaCredit"]

    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights?rightType=LEGAL").json()
    rights = got["flaDataDeclaration"]["trainingRights"]
    assert list(rights) == ["legalFlaRight"]
    assert rights["legalFlaRight"]["source"] == "FLA"
    assert rights["legalFlaRight"]["legalFlaRightValidityEndDate"] == "2026-06-30"
    credit_block = got["flaCreditCalculation"]["legalFlaCredit"]
    assert credit_block["legalFlaCreditValidityEndDate"] == "2026-06-30"

    sectors = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights?rightType=SECTOR").json()
    blocks = sectors["flaDataDeclaration"]["trainingRights"]["complementarySectorRight"]
    assert [b["source"] for b in blocks] == ["EMPLOYER"]


def test_the_legal_right_is_owned_once_sent(http: httpx.Client) -> None:
    assert put_rights(http, rights_body(2024, legalFlaRight=legal(3800))).status_code == 200
    refused = put_rights(http, rights_body(2024, complementarySectorRight=sector(4000)))
    assert refused.status_code == 400
    assert [a["errorId"] for a in refused.json()["anomalies"]] == ["FLAC-201"]
    assert refused.json()["anomalies"][0]["path"] == "trainingRights.legalFlaRight"
    # a PUT without trainingRights (manual 3.3.3.4) is refused as well
    assert put_rights(http, rights_body(2024)).status_code == 400
    # owned per employee and year: 2023 is still Sigedis's
    assert put_rights(http, rights_body(2023)).status_code == 200


def test_an_owned_legal_right_hides_the_sigedis_one(http: httpx.Client) -> None:
    put_rights(http, rights_body(2024, legalFlaRight=legal(1000)))
    http.put(
        "/_mock/legalRights/880820673/81511716525/2024",
        json={"legalFlaRightHours": 3800, "jointCommissionNbr": ["202.01"]},
    )
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    assert got["flaDataDeclaration"]["trainingRights"]["legalFlaRight"] == legal(1000)


def test_deletion_by_deactivation_keeps_the_sigedis_legal_right(http: httpx.Client) -> None:
    http.put(
        "/_mock/legalRights/880820673/81511716525/2024",
        json={"legalFlaRightHours": 3800, "jointCommissionNbr": ["202.01"]},
    )
    put_rights(http, example("PutTrainingRight_input.json"))
    sent = example("PutTrainingRight_deleteByDesactivation_input.json")
    answer = put_rights(http, sent)
    assert answer.status_code == 200
    assert answer.json()["flaDataDeclaration"] == sent  # the legal right is not echoed
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights").json()
    assert list(got["flaDataDeclaration"]["trainingRights"]) == ["legalFlaRight"]
    after = credit(http)
    assert "complementarySectorCredit" not in after  # no sector right left in the window
    assert after["legalFlaCredit"]["totalLegalFlaCreditHours"] == 3800


def test_deletion_by_zero(http: httpx.Client) -> None:
    put_rights(
        http, rights_body(2024, legalFlaRight=legal(3800), complementarySectorRight=sector(4000))
    )
    sent = example("PutTrainingRight_deleteBy0Value_input.json")
    answer = put_rights(http, sent)
    assert answer.status_code == 200 and answer.json()["flaDataDeclaration"] == sent
    totals = credit(http)
    assert totals["legalFlaCredit"]["totalLegalFlaCreditHours"] == 0
    assert totals["complementarySectorCredit"]["totalComplementarySectorCreditHours"] == 0


def test_an_identical_resend_is_a_warning(http: httpx.Client) -> None:
    body = example("PutTrainingRight_input.json")
    assert put_rights(http, body).json()["anomalies"] == []
    reordered = dict(reversed(list(copy.deepcopy(body).items())))  # same canonical JSON
    again = put_rights(http, reordered)
    assert again.status_code == 200
    assert [(a["errorId"], a["anomalyClass"]) for a in again.json()["anomalies"]] == [
        ("FLA04-272", "W")
    ]
    body["trainingRights"]["complementarySectorRight"][0]["complementarySectorRightHours"] = 10
    assert put_rights(http, body).json()["anomalies"] == []


# ---- anomalies (manual 3.4) -----------------------------------------------------------------
def test_an_invalid_body_gets_the_validators_anomalies_in_the_400_shape(
    http: httpx.Client,
) -> None:
    body = rights_body(2024, complementarySectorRight=sector(4000, committee="20"))
    answer = put_rights(http, body)
    assert answer.status_code == 400
    data = answer.json()
    assert {k: data[k] for k in ("type", "title", "status", "detail")} == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "The input message is incorrect",
    }
    assert [a["errorId"] for a in data["anomalies"]] == ["FLAC-110"]
    assert (
        data["anomalies"][0]["path"] == "trainingRights.complementarySectorRight[0]"
        ".jointCommissionNbr"
    )


def test_bad_json_and_missing_body(http: httpx.Client) -> None:
    path = f"{EMPLOYEE}/calendarYears/2024/trainingRights"
    bad = http.put(path, content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["anomalies"][0]["errorId"] == "FLAC-001"
    empty = http.put(path, content=b"")
    assert empty.status_code == 400 and empty.json()["anomalies"][0]["errorId"] == "FLAC-005"


def test_an_unknown_employer_is_00014_017_for_every_operation(http: httpx.Client) -> None:
    other = make_kbo(1234567)
    http.put(
        "/_mock/clients/fla-dev", json={"companyIds": [EMPLOYER, other], "secret": "fla-dev-secret"}
    )
    http.headers["Authorization"] = "Bearer " + dev_token(http)
    base = f"{BASE_PATH}/employers/{other}"
    calls = [
        ("GET", f"{base}/employees/{INSS}/calendarYears/2024/trainingRights"),
        ("GET", f"{base}/employees/{INSS}/calendarYears/2024/trainings"),
        ("GET", f"{base}/employees/{INSS}/creditCalculation"),
        ("GET", f"{base}/employeesTrainings?processingState=toValidate"),
        ("GET", f"{base}/employeesTrainingRights?modifiedFromDate=2024-01-01"),
    ]
    for method, path in calls:
        answer = http.request(method, path)
        assert answer.status_code == 400, path
        assert answer.json()["anomalies"][0]["errorId"] == "00014-017"
    body = rights_body(2024)
    body["employer"]["companyId"] = other
    answer = http.put(f"{base}/employees/{INSS}/calendarYears/2024/trainingRights", json=body)
    assert answer.status_code == 400
    assert answer.json()["anomalies"][0]["errorId"] == "00014-017"
    http.put(f"/_mock/employers/{other}", json={"flaImportanceCode": 2})
    assert http.get(calls[0][1]).status_code == 200


def test_an_unknown_query_parameter_is_a_warning(http: httpx.Client) -> None:
    answer = http.get(f"{EMPLOYEE}/calendarYears/2024/trainings?colour=blue")
    assert answer.status_code == 200
    assert [a["errorId"] for a in answer.json()["anomalies"]] == ["FLAC-021"]


def test_nothing_stored_gives_the_declaration_shell(http: httpx.Client) -> None:
    got = http.get(f"{EMPLOYEE}/calendarYears/2022/trainings").json()
    assert got["flaDataDeclaration"] == {
        "employer": {"companyId": EMPLOYER},
        "employee": {"inss": INSS},
        "calendarYear": 2022,
    }
    assert got["flaCreditCalculation"]["employee"] == {"inss": INSS}


# ---- trainings and the credit (manual 3.3.4, 3.3.5) -----------------------------------------
def test_the_manuals_worked_example_to_the_unit(http: httpx.Client) -> None:
    for year in (2023, 2024):
        put_rights(
            http,
            rights_body(year, legalFlaRight=legal(3800), complementarySectorRight=sector(4000)),
        )
    assert put_trainings(http, example("PutTraining_input.json")).status_code == 200
    got, wanted = credit(http), example("GetCreditCalculation_output.json")
    assert got.pop("calculationDate") == "2024-03-07T12:09:16"
    wanted.pop("calculationDate")
    assert got == wanted


def test_get_trainings_leaves_out_the_sequence_number(http: httpx.Client) -> None:
    put_trainings(http, example("PutTraining_input.json"))
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainings").json()
    assert got["flaDataDeclaration"] == example("GetTraining_output.json")["flaDataDeclaration"]


def test_deleting_a_training_is_a_new_picture(http: httpx.Client) -> None:
    put_trainings(http, example("PutTraining_Delete_1_input.json"))
    sent = example("PutTraining_Delete_2_input.json")
    answer = put_trainings(http, sent)
    assert (
        answer.json()["flaDataDeclaration"]
        == example("PutTraining_Delete_2_outPut.json")["flaDataDeclaration"]
    )
    got = http.get(f"{EMPLOYEE}/calendarYears/2022/trainings").json()
    names = [t["trainingDenomination"] for t in got["flaDataDeclaration"]["trainings"]]
    assert "Anglais pour les non-natifs" not in names and len(names) == 3


def test_credit_days_reserved_time_and_out_of_scope(http: httpx.Client) -> None:
    put_rights(
        http,
        rights_body(
            2024,
            legalFlaRight=legal(1000),
            complementarySectorRight=sector(4000),
            complementaryEmployerRight=employer_right(2000),
        ),
    )
    put_trainings(
        http,
        trainings_body(
            2024,
            training(1, "2024-02-01", "2024-02-02", {"trainingDays": 150}),  # 1.5 d x 800 = 1200
            training(2, "2024-03-01", "2024-03-01", {"trainingHours": 300}, scope=2),
            training(
                3, "2024-05-01", "2024-05-03", {"trainingHours": 700}, period={"trainingStatus": 4}
            ),
            training(
                4, "2024-06-01", "2024-06-01", {"trainingHours": 900}, period={"trainingStatus": 2}
            ),
            ref=800,
        ),
    )
    got = credit(http)
    assert remaining(got["legalFlaCredit"], "LegalFlaCredit")[-1] == 0
    assert remaining(got["complementarySectorCredit"], "ComplementarySectorCredit")[-1] == 3800
    assert remaining(got["complementaryEmployerCredit"], "ComplementaryEmployerCredit")[-1] == 1700
    assert got["reservedTrainingTime"] == {
        "reservedTrainingTimePerPeriod": [
            {
                "reservedTrainingTimePeriodStartDate": "2024-05-01",
                "reservedTrainingTimePeriodEndDate": "2024-05-03",
                "reservedTrainingTimeHours": 700,
                "scope": 1,
            }
        ],
        "totalReservedTrainingTimeHours": 700,
    }


def test_days_use_the_last_known_working_day_else_760(http: httpx.Client) -> None:
    put_rights(
        http,
        rights_body(2024, legalFlaRight={"legalFlaRightDays": 500, "jointCommissionNbr": ["200"]}),
    )
    assert credit(http)["legalFlaCredit"]["totalLegalFlaCreditHours"] == 3800  # 5 d x 760
    put_trainings(http, trainings_body(2024, ref=700))
    assert credit(http)["legalFlaCredit"]["totalLegalFlaCreditHours"] == 3500  # 5 d x 700


def test_the_window_follows_the_clock(http: httpx.Client) -> None:
    put_rights(http, rights_body(2024, legalFlaRight=legal(3800)))
    put_rights(http, rights_body(2025, legalFlaRight=legal(100)))
    assert [r["calendarYear"] for r in credit(http)["legalFlaCredit"]["legalFlaCreditPerYear"]] == [
        2020,
        2021,
        2022,
        2023,
        2024,
    ]
    http.put("/_mock/clock", json={"now": "2026-01-02T08:00:00"})
    got = credit(http)
    assert got["calculationDate"] == "2026-01-02T08:00:00"
    assert got["legalFlaCredit"]["totalLegalFlaCreditHours"] == 100


# ---- the providers' waiting register (manual 3.2, 3.5) --------------------------------------
def register(http: httpx.Client, inss: int = INSS, year: int = 2024) -> dict[str, Any]:
    item = training(9, f"{year}-04-01", f"{year}-04-02", {"trainingHours": 700})
    del item["trainingSequenceNbr"]
    answer = post_provider_training(http, item, inss=inss, year=year)
    assert answer.status_code == 201, answer.text
    data: dict[str, Any] = answer.json()
    return data


def test_the_provider_flow_in_three_steps(http: httpx.Client) -> None:
    put_rights(http, rights_body(2024, legalFlaRight=legal(3800)))
    registered = register(http)
    assert registered["processingState"] == "toValidate"  # 500-999 employees
    register(http, inss=OTHER_INSS)
    assert credit(http)["legalFlaCredit"]["totalLegalFlaCreditHours"] == 3800  # not charged

    # step 1: who has trainings to validate
    listed = http.get(
        f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings",
        params={"processingState": "toValidate"},
    ).json()
    assert listed == {
        "employees": [{"inss": OTHER_INSS, "year": 2024}, {"inss": INSS, "year": 2024}]
    }
    # step 2: the trainings to validate, with their reference
    waiting = http.get(
        f"{EMPLOYEE}/calendarYears/2024/trainings", params={"processingState": "toValidate"}
    ).json()
    [found] = waiting["flaDataDeclaration"]["trainings"]
    assert found["processingState"] == "toValidate"
    assert found["trainingProviderReference"] == {
        "providerTrainingId": registered["providerTrainingId"],
        "trainingProviderCompanyId": PROVIDER,
    }
    assert (
        http.get(f"{EMPLOYEE}/calendarYears/2024/trainings")
        .json()["flaDataDeclaration"]
        .get("trainings")
        is None
    )
    # step 3: the employer takes it into the yearly declaration
    taken = {k: v for k, v in found.items() if k != "processingState"}
    answer = put_trainings(http, trainings_body(2024, {"trainingSequenceNbr": 1, **taken}))
    assert answer.status_code == 200, answer.text
    assert (
        "legalFlaCreditValidityEndDate"
        not in answer.json()["flaCreditCalculation"]["legalFlaCredit"]
    )  # the employer manages the legal right
    assert credit(http)["legalFlaCredit"]["totalLegalFlaCreditHours"] == 3100
    listed = http.get(
        f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings",
        params={"processingState": "toValidate"},
    ).json()
    assert listed == {"employees": [{"inss": OTHER_INSS, "year": 2024}]}
    validated = http.get(
        f"{EMPLOYEE}/calendarYears/2024/trainings", params={"processingState": "validated"}
    ).json()
    [kept] = validated["flaDataDeclaration"]["trainings"]
    assert kept["processingState"] == "validated" and "trainingProviderReference" in kept


def test_an_unknown_provider_training_is_refused(http: httpx.Client) -> None:
    item = training(1, "2024-04-01", "2024-04-02", {"trainingHours": 700})
    item["trainingProviderReference"] = {
        "providerTrainingId": "0b7a1c2e-9a43-4a0e-8c0a-3f3c2b1d4e5f",
        "trainingProviderCompanyId": PROVIDER,
    }
    answer = put_trainings(http, trainings_body(2024, item))
    assert answer.status_code == 400
    assert answer.json()["anomalies"][0]["errorId"] == "FLAC-202"


def test_small_employers_get_provider_trainings_validated(http: httpx.Client) -> None:
    http.put(f"/_mock/employers/{EMPLOYER}", json={"flaImportanceCode": 2})
    assert register(http)["processingState"] == "validated"
    listed = http.get(
        f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings",
        params={"processingState": "toValidate"},
    ).json()
    assert listed == {"employees": []}
    validated = http.get(
        f"{EMPLOYEE}/calendarYears/2024/trainings", params={"processingState": "validated"}
    ).json()
    assert len(validated["flaDataDeclaration"]["trainings"]) == 1


def test_employees_trainings_filters(http: httpx.Client) -> None:
    register(http, year=2023)
    register(http, inss=OTHER_INSS, year=2024)
    path = f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings"

    def listed(**params: str) -> list[tuple[int, int]]:
        got = http.get(path, params={"processingState": "toValidate", **params}).json()
        return [(e["inss"], e["year"]) for e in got["employees"]]

    assert listed(calendarYear="2023") == [(INSS, 2023)]
    assert listed(fromTrainingFirstStartDate="2024-01-01") == [(OTHER_INSS, 2024)]
    assert listed(toTrainingLastEndDate="2023-12-31") == [(INSS, 2023)]
    put_trainings(http, example("PutTraining_input.json"))
    got = http.get(path, params={"processingState": "validated"}).json()
    assert got == {"employees": [{"inss": INSS, "year": 2024}]}
    assert len(http.get(path, params={"processingState": "all"}).json()["employees"]) == 3


def test_employees_training_rights_lists_changes_after_a_date(http: httpx.Client) -> None:
    path = f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainingRights"
    put_rights(http, rights_body(2024, complementarySectorRight=sector(4000)))
    http.put("/_mock/clock", json={"now": "2024-06-01T10:00:00"})
    http.put(
        f"/_mock/legalRights/{EMPLOYER}/{OTHER_INSS}/2024",
        json={"legalFlaRightHours": 3800, "jointCommissionNbr": ["200"]},
    )

    def listed(**params: str) -> list[tuple[int, int]]:
        got = http.get(path, params=params).json()
        return [(e["inss"], e["year"]) for e in got["employees"]]

    assert listed(modifiedFromDate="2024-01-01") == [(OTHER_INSS, 2024), (INSS, 2024)]
    assert listed(modifiedFromDate="2024-05-01") == [(OTHER_INSS, 2024)]
    assert listed(modifiedFromDate="2024-01-01", rightType="SECTOR") == [(INSS, 2024)]
    assert listed(modifiedFromDate="2024-01-01", calendarYear="2023") == []
    put_rights(http, rights_body(2024, complementarySectorRight=sector(4000)))  # a re-send
    assert listed(modifiedFromDate="2024-05-01") == [(OTHER_INSS, 2024)]


def test_a_representative_declares_as_provider(http: httpx.Client) -> None:
    second = make_kbo(7654321)
    http.put(f"/_mock/employers/{second}", json={"flaImportanceCode": 5})
    http.put(
        "/_mock/clients/secretariat", json={"companyIds": [EMPLOYER, second], "secret": "s3cret"}
    )
    token = http.post(
        "/REST/oauth/v5/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "secretariat",
            "client_secret": "s3cret",
        },
    ).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    put_rights(http, rights_body(2024, complementarySectorRight=sector(4000)))
    got = http.get(f"{EMPLOYEE}/calendarYears/2024/trainingRights?rightType=SECTOR").json()
    blocks = got["flaDataDeclaration"]["trainingRights"]["complementarySectorRight"]
    assert blocks[0]["source"] == "PROVIDER"


def test_identities_of_the_kit_are_accepted(http: httpx.Client) -> None:
    someone = make_inss(dt.date(1990, 5, 17), 123)
    path = f"{BASE_PATH}/employers/{EMPLOYER}/employees/{someone}/calendarYears/2024/trainings"
    body = trainings_body(2024)
    body["employee"]["inss"] = someone
    assert http.put(path, json=body).status_code == 200


def test_the_anchor_year_moves_the_windows() -> None:
    with authorized(create_app(now=NOW, anchor_year=2022)) as http:
        put_rights(http, rights_body(2024, legalFlaRight=legal(3800)))
        rows = credit(http)["legalFlaCredit"]["legalFlaCreditPerYear"]
        assert [r["calendarYear"] for r in rows] == [2022, 2023, 2024, 2025, 2026]
        # a period over the end of 2026 crosses a window now (FLAC-157)
        item = training(1, "2026-12-30", "2027-01-02", {"trainingHours": 100})
        body = trainings_body(2026, item)
        answer = http.put(f"{EMPLOYEE}/calendarYears/2026/trainings", json=body)
        assert "FLAC-157" in [a["errorId"] for a in answer.json()["anomalies"]]


def test_a_method_the_path_lacks_is_405_naming_the_methods_it_has(http: httpx.Client) -> None:
    answer = http.request("TRACE", f"{BASE_PATH}/employers/{EMPLOYER}/employeesTrainings")
    assert answer.status_code == 405
    assert "GET" in answer.headers["Allow"]  # RFC 9110 15.5.6
    assert answer.json()["status"] == 405
