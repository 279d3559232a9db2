"""The training credit (manual 3.3.5): what is left of each kind of right over the window.

The calculation is pure: :func:`gather` turns an employee's stored pictures into rights per year
and followed periods, :func:`calculate` consumes the periods and shapes the answer's blocks.
Decisions (contracts/DECISIONS.md): the window is the fixed five years holding the calculation
date (D13); days become hours with refHoursInWorkingDay (D14). The manual's worked example
(3.3.5.3 D) fixes the order: the oldest year first, legal credit before sector credit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fla_conformance.mock.store import Picture

DEFAULT_REF_HOURS = 760  # 7 h 36, the manual's own example of a full-time day (D14)
MAX_CREDIT_HOURS = 312000  # the contract's bound on credit values (CreditHours)
MAX_RESERVED_HOURS = 1560000
FOLLOWED, RESERVED = 1, 4  # trainingStatus (manual 3.3.4.1 D)
IN_SCOPE, OUT_OF_SCOPE = 1, 2

# (answer block, per-year list, field stem) per kind of credit (manual 3.3.5.1 D-F)
KINDS = {
    "legal": ("legalFlaCredit", "legalFlaCreditPerYear", "LegalFlaCredit"),
    "sector": (
        "complementarySectorCredit",
        "complementarySectorCreditPerYear",
        "ComplementarySectorCredit",
    ),
    "employer": (
        "complementaryEmployerCredit",
        "complementaryEmployerCreditPerYear",
        "ComplementaryEmployerCredit",
    ),
}


@dataclass(frozen=True)
class Period:
    """A period of a declared training, its duration already in hours."""

    start: dt.date
    end: dt.date
    hours: int
    status: int
    scope: int


@dataclass
class Facts:
    """What the credit is computed from: initial credit per kind and year, and the periods."""

    window: range
    initial: dict[str, dict[int, int]] = field(default_factory=dict)
    periods: list[Period] = field(default_factory=list)
    owned_years: set[int] = field(default_factory=set)  # legal right owned by the employer
    sigedis_end_dates: list[str] = field(default_factory=list)  # legal right by Sigedis


@dataclass(frozen=True)
class CreditRules:
    """How credit is consumed; the defaults are the manual's, the others are faults."""

    legal_first: bool = True
    oldest_first: bool = True
    off_by_one: bool = False


FIRST_YEAR, LAST_YEAR = 1950, 2100  # the years a calendarYear may hold (DECISIONS.md D1)


def to_hours(days: int, ref_hours: int) -> int:
    """Hundredths of a day to hundredths of an hour, rounding half up."""
    return (days * ref_hours + 50) // 100


def window_of(year: int, anchor: int, length: int = 5) -> range:
    """The fixed FLA window holding ``year`` (D13)."""
    start = anchor + (year - anchor) // length * length
    return range(start, start + length)


def gather(
    window: range, pictures: Mapping[tuple[int, str], Picture], last_ref_hours: int | None
) -> Facts:
    """Rights per year and followed or reserved periods from an employee's pictures."""
    facts = Facts(window, {kind: {} for kind in KINDS})
    fallback = last_ref_hours if last_ref_hours is not None else DEFAULT_REF_HOURS
    for year in window:
        rights, sigedis = pictures.get((year, "rights")), pictures.get((year, "sigedis"))
        if rights is not None:
            _add_rights(facts, year, rights.body, _ref(rights.body, fallback))
        legal_owned = year in facts.owned_years
        if sigedis is not None and not legal_owned:
            facts.initial["legal"][year] = _amount(sigedis.body, "legalFlaRight", fallback)
            if sigedis.body.get("validityEndDate"):
                facts.sigedis_end_dates.append(str(sigedis.body["validityEndDate"]))
            else:
                facts.sigedis_end_dates.append(f"{window.stop - 1}-12-31")
        trainings = pictures.get((year, "trainings"))
        if trainings is not None:
            ref = _ref(trainings.body, fallback)
            for training in trainings.body.get("trainings") or ():
                facts.periods.extend(_periods(training, ref))
    return facts


def _ref(body: Mapping[str, Any], fallback: int) -> int:
    ref = (body.get("employee") or {}).get("refHoursInWorkingDay")
    return int(ref) if isinstance(ref, int) else fallback


def _amount(block: Mapping[str, Any], stem: str, ref: int) -> int:
    hours = block.get(stem + "Hours")
    if isinstance(hours, int):
        return hours
    days = block.get(stem + "Days")
    return to_hours(days, ref) if isinstance(days, int) else 0


def _add_rights(facts: Facts, year: int, body: Mapping[str, Any], ref: int) -> None:
    rights = body.get("trainingRights") or {}
    legal = rights.get("legalFlaRight")
    if isinstance(legal, dict):
        facts.owned_years.add(year)
        facts.initial["legal"][year] = _amount(legal, "legalFlaRight", ref)
    for kind, name, stem in (
        ("sector", "complementarySectorRight", "complementarySectorRight"),
        ("employer", "complementaryEmployerRight", "complementaryEmployerRight"),
    ):
        blocks = [b for b in rights.get(name) or () if isinstance(b, dict)]
        if blocks:
            facts.initial[kind][year] = sum(_amount(b, stem, ref) for b in blocks)


def _periods(training: Mapping[str, Any], ref: int) -> list[Period]:
    found = []
    for period in training.get("detailsPerPeriod") or ():
        try:
            start = dt.date.fromisoformat(period["trainingStartDate"])
            end = dt.date.fromisoformat(period["trainingEndDate"])
        except (KeyError, TypeError, ValueError):
            continue  # cannot happen for a validated picture; skip rather than fail
        hours = _amount(period, "training", ref)
        found.append(Period(start, end, hours, period.get("trainingStatus", 0), training["scope"]))
    return found


def calculate(facts: Facts, rules: CreditRules = CreditRules()) -> dict[str, Any]:
    """The credit blocks of the answer: one entry per year of the window, oldest first."""
    remaining = {kind: {y: facts.initial[kind].get(y, 0) for y in facts.window} for kind in KINDS}
    for period in sorted(facts.periods, key=lambda p: p.start):
        if period.status != FOLLOWED or period.start.year not in facts.window:
            continue
        if period.scope == IN_SCOPE:
            pools = ["legal", "sector"] if rules.legal_first else ["sector", "legal"]
        else:
            pools = ["employer"]
        _consume(remaining, pools, period, rules.oldest_first)
    answer: dict[str, Any] = {}
    for kind in KINDS:
        if facts.initial[kind]:
            answer[KINDS[kind][0]] = _block(kind, facts, remaining[kind])
    if rules.off_by_one and answer:
        _off_by_one(answer)
    reserved = _reserved(facts)
    if reserved:
        answer["reservedTrainingTime"] = reserved
    return answer


# Apart from strategies/_credit.py on purpose: that one is the oracle this one is tested against.
def _consume(
    remaining: dict[str, dict[int, int]], pools: list[str], period: Period, oldest_first: bool
) -> None:
    need = period.hours
    years = [y for y in sorted(remaining["legal"]) if y <= period.start.year]
    if not oldest_first:
        years.reverse()
    for kind in pools:
        for year in years:
            taken = min(need, remaining[kind][year])
            remaining[kind][year] -= taken
            need -= taken
            if need == 0:
                return


def _block(kind: str, facts: Facts, remaining: dict[int, int]) -> dict[str, Any]:
    _, per_year, stem = KINDS[kind]
    rows = [
        {
            "calendarYear": year,
            f"initial{stem}Hours": min(facts.initial[kind].get(year, 0), MAX_CREDIT_HOURS),
            f"remaining{stem}Hours": min(remaining[year], MAX_CREDIT_HOURS),
        }
        for year in facts.window
        if FIRST_YEAR <= year <= LAST_YEAR  # the 2100-2104 window shows 2100 alone (D1, D13)
    ]
    total = min(sum(remaining.values()), MAX_CREDIT_HOURS)
    return {per_year: rows, f"total{stem}Hours": total}


def _off_by_one(answer: dict[str, Any]) -> None:
    # fault credit-off-by-one: the first kind's oldest year and the total, one unit too many
    name = next(iter(answer))
    kind = next(k for k, v in KINDS.items() if v[0] == name)
    _, per_year, stem = KINDS[kind]
    answer[name][per_year][0][f"remaining{stem}Hours"] += 1
    answer[name][f"total{stem}Hours"] += 1


def _reserved(facts: Facts) -> dict[str, Any] | None:
    periods = [p for p in facts.periods if p.status == RESERVED]
    if not periods:
        return None
    entries = [
        {
            "reservedTrainingTimePeriodStartDate": p.start.isoformat(),
            "reservedTrainingTimePeriodEndDate": p.end.isoformat(),
            "reservedTrainingTimeHours": min(p.hours, MAX_RESERVED_HOURS),
            "scope": p.scope,
        }
        for p in sorted(periods, key=lambda p: p.start)
    ]
    total = min(sum(p.hours for p in periods), MAX_RESERVED_HOURS)
    return {"reservedTrainingTimePerPeriod": entries, "totalReservedTrainingTimeHours": total}


def validity_end_date(facts: Facts) -> str | None:
    """legalFlaCreditValidityEndDate, only when Sigedis manages the legal right (3.3.5.2)."""
    if facts.owned_years or not facts.sigedis_end_dates:
        return None
    return max(facts.sigedis_end_dates)
