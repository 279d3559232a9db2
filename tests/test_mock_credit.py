"""The credit calculation (manual 3.3.5) as a pure function: the worked example and its laws."""

from __future__ import annotations

import datetime as dt

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from fla_conformance.mock.credit import (
    CreditRules,
    Facts,
    Period,
    calculate,
    to_hours,
    validity_end_date,
    window_of,
)

WINDOW = range(2020, 2025)


def facts(legal: dict[int, int], sector: dict[int, int], *periods: Period) -> Facts:
    return Facts(WINDOW, {"legal": legal, "sector": sector, "employer": {}}, list(periods))


def followed(hours: int, year: int = 2024, scope: int = 1) -> Period:
    day = dt.date(year, 2, 1)
    return Period(day, day, hours, 1, scope)


def remaining(answer: dict[str, object], kind: str) -> list[int]:
    stem = {
        "legal": "LegalFlaCredit",
        "sector": "ComplementarySectorCredit",
        "employer": "ComplementaryEmployerCredit",
    }[kind]
    block = answer[stem[0].lower() + stem[1:]]
    assert isinstance(block, dict)
    return [row[f"remaining{stem}Hours"] for row in block[stem[0].lower() + stem[1:] + "PerYear"]]


def test_the_worked_example_of_the_manual() -> None:
    answer = calculate(facts({2023: 3800, 2024: 3800}, {2023: 4000, 2024: 4000}, followed(500)))
    assert remaining(answer, "legal") == [0, 0, 0, 3300, 3800]
    assert remaining(answer, "sector") == [0, 0, 0, 4000, 4000]
    assert answer["legalFlaCredit"]["totalLegalFlaCreditHours"] == 7100
    assert "complementaryEmployerCredit" not in answer
    assert "reservedTrainingTime" not in answer


def test_legal_first_then_sector_and_not_from_later_years() -> None:
    answer = calculate(facts({2022: 100, 2024: 1000}, {2022: 300}, followed(350, year=2022)))
    assert remaining(answer, "legal") == [0, 0, 0, 0, 1000]  # 2024 cannot pay for 2022
    assert remaining(answer, "sector") == [0, 0, 50, 0, 0]


def test_the_fault_rules_change_the_order() -> None:
    base = facts({2023: 3800, 2024: 3800}, {2023: 4000, 2024: 4000}, followed(500))
    newest = calculate(base, CreditRules(oldest_first=False))
    assert remaining(newest, "legal") == [0, 0, 0, 3800, 3300]
    sector_first = calculate(base, CreditRules(legal_first=False))
    assert remaining(sector_first, "sector") == [0, 0, 0, 3500, 4000]


def test_days_convert_half_up() -> None:
    assert to_hours(150, 800) == 1200
    assert to_hours(50, 761) == 381  # 380.5 rounds up
    assert to_hours(0, 760) == 0


def test_windows_are_fixed_five_year_periods() -> None:
    assert window_of(2024, 2020) == range(2020, 2025)
    assert window_of(2025, 2020) == range(2025, 2030)
    assert window_of(2019, 2020) == range(2015, 2020)
    assert window_of(2024, 2022) == range(2022, 2027)


def test_the_validity_end_date_only_when_sigedis_manages() -> None:
    managed = Facts(WINDOW, sigedis_end_dates=["2024-12-31"])
    assert validity_end_date(managed) == "2024-12-31"
    owned = Facts(WINDOW, sigedis_end_dates=["2024-12-31"], owned_years={2023})
    assert validity_end_date(owned) is None
    assert validity_end_date(Facts(WINDOW)) is None


amounts = st.dictionaries(st.sampled_from(list(WINDOW)), st.integers(0, 5000), max_size=5)
periods = st.lists(
    st.builds(
        Period,
        start=st.dates(dt.date(2020, 1, 1), dt.date(2024, 12, 31)),
        end=st.just(dt.date(2024, 12, 31)),
        hours=st.integers(0, 4000),
        status=st.sampled_from([1, 1, 2, 4]),
        scope=st.sampled_from([1, 2]),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(legal=amounts, sector=amounts, employer=amounts, spent=periods)
def test_credit_is_never_created_nor_lost(
    legal: dict[int, int], sector: dict[int, int], employer: dict[int, int], spent: list[Period]
) -> None:
    given_facts = Facts(WINDOW, {"legal": legal, "sector": sector, "employer": employer}, spent)
    answer = calculate(given_facts)
    consumed = {}
    for kind, initial in (("legal", legal), ("sector", sector), ("employer", employer)):
        if not initial:
            continue
        left = remaining(answer, kind)
        assert all(0 <= r <= initial.get(y, 0) for y, r in zip(WINDOW, left, strict=True))
        consumed[kind] = sum(initial.values()) - sum(left)
    in_scope = sum(p.hours for p in spent if p.status == 1 and p.scope == 1)
    out_of_scope = sum(p.hours for p in spent if p.status == 1 and p.scope == 2)
    assert consumed.get("legal", 0) + consumed.get("sector", 0) <= in_scope
    assert consumed.get("employer", 0) <= out_of_scope
    if sum(legal.values()) + sum(sector.values()) >= in_scope and all(
        p.start.year == 2024 for p in spent
    ):  # everything can be paid from the window: nothing is left unpaid
        assert consumed.get("legal", 0) + consumed.get("sector", 0) == in_scope
    reserved = [p for p in spent if p.status == 4]
    assert ("reservedTrainingTime" in answer) == bool(reserved)


@settings(max_examples=100, deadline=None)
@given(legal=amounts, hours=st.integers(0, 20000))
def test_the_oldest_year_is_used_first(legal: dict[int, int], hours: int) -> None:
    if not legal:
        return
    left = remaining(calculate(facts(legal, {}, followed(hours))), "legal")
    initial = [legal.get(y, 0) for y in WINDOW]
    touched = [i for i, (a, b) in enumerate(zip(initial, left, strict=True)) if a != b]
    if touched:  # every year before the last one touched is used up
        assert all(left[i] == 0 for i in range(touched[-1]))


NOW = dt.datetime(2024, 3, 7, 12, 0)
EMPLOYER, INSS = 880820673, 81511716525
# distinct years: expected_credit counts the periods of every body given, also superseded ones
years = st.lists(st.integers(2019, 2025), min_size=1, max_size=4, unique=True)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), right_years=years, training_years=years)
def test_the_mock_agrees_with_the_strategies_credit_oracle(
    data: st.DataObject, right_years: list[int], training_years: list[int]
) -> None:
    """The mock over HTTP (in-process) and fla_conformance.strategies.expected_credit."""
    import httpx

    from fla_conformance.contract import BASE_PATH
    from fla_conformance.mock import create_app
    from fla_conformance.mock.client import ASGISyncTransport, dev_token
    from fla_conformance.strategies import (
        expected_credit,
        training_rights_bodies,
        trainings_bodies,
    )

    rights = [
        data.draw(training_rights_bodies(company_id=EMPLOYER, inss=INSS, year=y, legal_right=True))
        for y in right_years
    ]
    trainings = [
        data.draw(
            trainings_bodies(
                company_id=EMPLOYER, inss=INSS, year=y, provider_references=False, max_trainings=3
            )
        )
        for y in training_years
    ]
    employee = f"{BASE_PATH}/employers/{EMPLOYER}/employees/{INSS}"
    with httpx.Client(
        transport=ASGISyncTransport(create_app(now=NOW)), base_url="http://mock"
    ) as http:
        http.headers["Authorization"] = "Bearer " + dev_token(http)
        for body, kind in [
            *((b, "trainingRights") for b in rights),
            *((b, "trainings") for b in trainings),
        ]:
            path = f"{employee}/calendarYears/{body['calendarYear']}/{kind}"
            answer = http.put(path, json=body)
            assert answer.status_code == 200, answer.text
        got = http.get(f"{employee}/creditCalculation").json()
    for key in ("employer", "employee", "calculationDate"):
        got.pop(key)
    assert got == expected_credit(rights, trainings, NOW)


def test_the_last_window_shows_only_the_years_the_contract_allows() -> None:
    from fla_conformance.mock import create_app
    from fla_conformance.mock.client import ASGISyncTransport, dev_token
    from fla_conformance.validator import validate_response

    app = create_app(now=dt.datetime(2100, 6, 1, 12, 0, 0))
    base = "/REST/federalLearningAccount/v1/employers/880820673/employees/81511716525"
    with httpx.Client(transport=ASGISyncTransport(app), base_url="http://mock") as client:
        client.headers["Authorization"] = "Bearer " + dev_token(client)
        body = {
            "employer": {"companyId": 880820673},
            "employee": {"inss": 81511716525},
            "calendarYear": 2100,
            "trainingRights": {
                "complementaryEmployerRight": [
                    {"complementaryEmployerRightHours": 800, "jointCommissionNbr": "200"}
                ]
            },
        }
        assert client.put(f"{base}/calendarYears/2100/trainingRights", json=body).is_success
        answer = client.get(f"{base}/creditCalculation").json()
    rows = answer["complementaryEmployerCredit"]["complementaryEmployerCreditPerYear"]
    assert [row["calendarYear"] for row in rows] == [2100]
    assert validate_response("getCreditCalculation", 200, answer).valid
