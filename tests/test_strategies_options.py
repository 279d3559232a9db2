"""The strategies' options do what they say, and the answers they draw are valid."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fla_conformance.identifiers import inss_century, is_valid_inss, is_valid_kbo
from fla_conformance.strategies import (
    anomaly_lists,
    bad_request_answers,
    credit_calculations,
    employees_lists,
    expected_credit,
    inss_numbers,
    kbo_numbers,
    requests,
    training_rights_answers,
    training_rights_bodies,
    trainings_answers,
    trainings_bodies,
)
from fla_conformance.validator import validate_response

FEW = settings(max_examples=60, deadline=None)
DURATIONS = ("Days", "Hours")


@FEW
@given(kbo_numbers(leading_zero=True), kbo_numbers(leading_zero=False))
def test_kbo_numbers_with_and_without_a_leading_zero(zero: int, one: int) -> None:
    assert is_valid_kbo(zero) and zero < 10**9
    assert is_valid_kbo(one) and 10**9 <= one < 2 * 10**9


@FEW
@given(inss_numbers(born="before2000", bis=False), inss_numbers(born="from2000", bis=True))
def test_inss_numbers_by_century_and_bis(older: int, bis: int) -> None:
    assert is_valid_inss(older) and inss_century(older) == 1900
    assert is_valid_inss(bis) and inss_century(bis) == 2000
    assert str(bis).zfill(11)[2:4] >= "20"  # the month carries + 20 or + 40


def _durations(body: dict[str, Any]) -> list[str]:
    text = json.dumps(body)
    return [unit for unit in DURATIONS if f'{unit}":' in text.replace("Nbr", "")]


@FEW
@given(training_rights_bodies(company_id=880820673, inss=81511716525, year=2024, unit="days",
                              legal_right=True))
def test_rights_bodies_take_fixed_values(body: dict[str, Any]) -> None:
    assert body["employer"]["companyId"] == 880820673 and body["calendarYear"] == 2024
    assert body["employee"]["inss"] == 81511716525
    legal = body["trainingRights"]["legalFlaRight"]
    assert "legalFlaRightDays" in legal and legal["legalFlaRightDays"] % 50 == 0
    assert "Hours" not in _durations(body)


@FEW
@given(training_rights_bodies(legal_right=False))
def test_rights_bodies_without_a_legal_right(body: dict[str, Any]) -> None:
    assert "legalFlaRight" not in body.get("trainingRights", {})


def _window(day: str) -> int:
    return (dt.date.fromisoformat(day).year - 2020) // 5


@FEW
@given(trainings_bodies(year=2023, min_trainings=2, max_trainings=4, max_periods=4,
                        multi_window=True, provider_references=True, unit="hours"))
def test_trainings_split_at_the_window_boundary(body: dict[str, Any]) -> None:
    assert 2 <= len(body["trainings"]) <= 4
    for training in body["trainings"]:
        periods = training["detailsPerPeriod"]
        assert len(periods) <= 4 and "trainingProviderReference" in training
        assert training["trainingFirstStartDate"].startswith("2023-")
        windows = {_window(p["trainingStartDate"]) for p in periods}
        assert windows == {0, 1}  # 2020-2024 and 2025-2029
        for p in periods:
            assert _window(p["trainingStartDate"]) == _window(p["trainingEndDate"])
            assert "trainingHours" in p


@FEW
@given(trainings_bodies(year=2024, min_trainings=1, multi_window=True, anchor_year=2022))
def test_the_anchor_year_moves_the_windows(body: dict[str, Any]) -> None:
    starts = [p["trainingStartDate"] for t in body["trainings"] for p in t["detailsPerPeriod"]]
    assert any(s >= "2027-01-01" for s in starts)  # the next window, 2027-2031


@FEW
@given(requests("getEmployeesTrainings", company_id=880820673, year=2024))
def test_get_requests_take_fixed_values(request: Any) -> None:
    assert request.path.startswith("/employers/880820673/employeesTrainings?")
    assert "processingState=" in request.path
    assert "calendarYear=" not in request.path or "calendarYear=2024" in request.path


def _valid(operation_id: str, status: int, body: dict[str, Any]) -> None:
    result = validate_response(operation_id, status, json.dumps(body).encode())
    assert result.valid, [a.to_json() for a in result.anomalies]


@FEW
@given(credit_calculations(), training_rights_answers(), trainings_answers(get=True),
       employees_lists(), bad_request_answers())
def test_answers_are_valid_under_the_contract(
    credit: Any, rights: Any, trainings: Any, employees: Any, refused: Any
) -> None:
    _valid("getCreditCalculation", 200, credit)
    _valid("getTrainingRights", 200, rights)
    _valid("getTrainings", 200, trainings)
    _valid("getEmployeesTrainingRights", 200, employees)
    _valid("putTrainingRights", 400, refused)
    assert all("trainingSequenceNbr" not in t
               for t in trainings["flaDataDeclaration"]["trainings"])


@FEW
@given(anomaly_lists(anomaly_class="W", min_size=1), employees_lists(year_key="calendarYear"))
def test_anomaly_and_employee_lists_take_their_options(anomalies: Any, employees: Any) -> None:
    assert {a["anomalyClass"] for a in anomalies} == {"W"}
    assert all(set(e) == {"inss", "calendarYear"} for e in employees["employees"])


def _rights(year: int, legal: int, sector: int) -> dict[str, Any]:
    return {
        "employer": {"companyId": 880820673}, "employee": {"inss": 81511716525},
        "calendarYear": year,
        "trainingRights": {
            "legalFlaRight": {"legalFlaRightHours": legal, "jointCommissionNbr": ["200"]},
            "complementarySectorRight": [{"complementarySectorRightHours": sector,
                                          "jointCommissionNbr": "202.01", "activityCode": 228}],
        },
    }


def test_the_expected_credit_of_the_manuals_worked_example() -> None:
    """Manual 3.3.5.3 D: 3800 legal hours in 2023 and 2024, 500 followed in 2024."""
    period = {"trainingHours": 500, "trainingStartDate": "2024-02-01",
              "trainingEndDate": "2024-02-05", "trainingStatus": 1, "trainingType": 2}
    training = {"scope": 1, "detailsPerPeriod": [period]}
    trainings = {**_rights(2024, 0, 0), "trainings": [training]}
    credit = expected_credit([_rights(2023, 3800, 4000), _rights(2024, 3800, 4000)],
                             [trainings], dt.datetime(2024, 3, 7, 12, 9, 16))
    legal = credit["legalFlaCredit"]
    assert [r["remainingLegalFlaCreditHours"] for r in legal["legalFlaCreditPerYear"]] == [
        0, 0, 0, 3300, 3800
    ]
    assert legal["totalLegalFlaCreditHours"] == 7100
    assert credit["complementarySectorCredit"]["totalComplementarySectorCreditHours"] == 8000


@FEW
@given(st.data())
def test_credit_follows_the_given_declarations(data: st.DataObject) -> None:
    body = data.draw(training_rights_bodies(year=2022, legal_right=True, unit="hours"))
    credit = data.draw(credit_calculations([body], []))
    row = credit["legalFlaCredit"]["legalFlaCreditPerYear"][2]
    assert row == {"calendarYear": 2022, "initialLegalFlaCreditHours":
                   body["trainingRights"]["legalFlaRight"]["legalFlaRightHours"],
                   "remainingLegalFlaCreditHours":
                   body["trainingRights"]["legalFlaRight"]["legalFlaRightHours"]}
