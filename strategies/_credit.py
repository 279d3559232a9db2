"""The credit calculation that follows from declared rights and trainings (manual 3.3.5).

The reading of DECISIONS.md and the manual's worked example (3.3.5.3 D): the window is the
fixed five years holding the calculation date (D13); days become hours with the body's
refHoursInWorkingDay, else the employee's last known one, else 760 (D14), rounding half up;
followed periods (trainingStatus 1) starting in the window use credit of their year and earlier
ones, the oldest year first, the legal credit before the sector credit for scope 1 and the
employer credit for scope 2;
reserved periods (trainingStatus 4) are listed as reserved training time. Values are capped
at the contract's maxima, and the years at its calendar years (1950 to 2100). The reference
mock computes the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from . import _contract

DEFAULT_REF_HOURS = 760  # 7 h 36, the manual's example of a full-time day (D14)
FOLLOWED, RESERVED = 1, 4
KINDS = (  # kind, block of the answer, list per year, field stem, right block, right stem
    ("legal", "legalFlaCredit", "legalFlaCreditPerYear", "LegalFlaCredit"),
    ("sector", "complementarySectorCredit", "complementarySectorCreditPerYear",
     "ComplementarySectorCredit"),
    ("employer", "complementaryEmployerCredit", "complementaryEmployerCreditPerYear",
     "ComplementaryEmployerCredit"),
)
Body = Mapping[str, Any]
Period = tuple[dt.date, dt.date, int, int, int]  # start, end, hours, status, scope


def to_hours(days: int, ref_hours: int) -> int:
    """Hundredths of a day to hundredths of an hour, rounding half up (D14)."""
    return (days * ref_hours + 50) // 100


def _ref(body: Body, fallback: int) -> int:
    ref = body["employee"].get("refHoursInWorkingDay")
    return ref if isinstance(ref, int) else fallback


def last_ref_hours(bodies: Iterable[Body]) -> int:
    """The employee's last known refHoursInWorkingDay in bodies sent in this order, or 760."""
    known = [b["employee"]["refHoursInWorkingDay"] for b in bodies
             if "refHoursInWorkingDay" in b["employee"]]
    return known[-1] if known else DEFAULT_REF_HOURS


def _amount(block: Body, stem: str, ref: int) -> int:
    if stem + "Hours" in block:
        return int(block[stem + "Hours"])
    return to_hours(int(block.get(stem + "Days", 0)), ref)


def _initial(rights: Iterable[Body], window: range, fallback: int) -> dict[str, dict[int, int]]:
    initial: dict[str, dict[int, int]] = {"legal": {}, "sector": {}, "employer": {}}
    for body in rights:  # one picture per year: the last one sent wins
        year, ref = body["calendarYear"], _ref(body, fallback)
        if year not in window:
            continue
        blocks = body.get("trainingRights") or {}
        for kind in initial:
            initial[kind].pop(year, None)
        if "legalFlaRight" in blocks:
            initial["legal"][year] = _amount(blocks["legalFlaRight"], "legalFlaRight", ref)
        for kind, name in (("sector", "complementarySectorRight"),
                           ("employer", "complementaryEmployerRight")):
            if blocks.get(name):
                initial[kind][year] = sum(_amount(b, name, ref) for b in blocks[name])
    return initial


def _periods(trainings: Iterable[Body], window: range, fallback: int) -> list[Period]:
    found: list[Period] = []
    for body in trainings:
        if body["calendarYear"] not in window:
            continue
        ref = _ref(body, fallback)
        for training in body["trainings"]:
            for period in training["detailsPerPeriod"]:
                start = dt.date.fromisoformat(period["trainingStartDate"])
                end = dt.date.fromisoformat(period["trainingEndDate"])
                hours = _amount(period, "training", ref)
                found.append((start, end, hours, period["trainingStatus"], training["scope"]))
    return sorted(found, key=lambda p: p[0])


# Apart from fla_conformance.mock.credit on purpose: this is the oracle the mock is tested against.
def _consume(remaining: dict[str, dict[int, int]], pools: tuple[str, ...], year: int,
             need: int) -> None:
    years = [y for y in sorted(remaining["legal"]) if y <= year]
    for kind in pools:
        for each in years:
            taken = min(need, remaining[kind][each])
            remaining[kind][each] -= taken
            need -= taken
            if need == 0:
                return


def expected_credit(
    rights: Iterable[Body],
    trainings: Iterable[Body],
    calculation_date: dt.datetime,
    *,
    anchor_year: int | None = None,
    ref_hours: int | None = None,
) -> dict[str, Any]:
    """The credit blocks (legalFlaCredit, …, reservedTrainingTime) that ``rights`` and
    ``trainings`` (request bodies of one employee, one picture per year: the last one sent
    wins) give at ``calculation_date``. ``ref_hours`` is the employee's last known
    refHoursInWorkingDay; by default the last one of ``rights`` then ``trainings``, taken as
    sent in that order."""
    rights, trainings = list(rights), list(trainings)
    fallback = last_ref_hours([*rights, *trainings]) if ref_hours is None else ref_hours
    first, last = _contract.window_of(calculation_date.year, anchor_year)
    low, high = _contract.bounds("CalendarYear")
    # The window 2100-2104 has only 2100 in the contract's years (D1): no rows beyond it.
    window = range(max(first, low), min(last, high) + 1)
    initial = _initial(rights, window, fallback)
    periods = _periods(trainings, window, fallback)
    remaining = {kind: {y: initial[kind].get(y, 0) for y in window} for kind in initial}
    for start, _, hours, status, scope in periods:
        if status == FOLLOWED and start.year in window:
            _consume(remaining, ("legal", "sector") if scope == 1 else ("employer",),
                     start.year, hours)
    cap = _contract.bounds("CreditHours")[1]
    answer: dict[str, Any] = {}
    for kind, block, per_year, stem in KINDS:
        if initial[kind]:
            rows = [
                {
                    "calendarYear": year,
                    f"initial{stem}Hours": min(initial[kind].get(year, 0), cap),
                    f"remaining{stem}Hours": min(remaining[kind][year], cap),
                }
                for year in window
            ]
            total = min(sum(remaining[kind].values()), cap)
            answer[block] = {per_year: rows, f"total{stem}Hours": total}
    reserved = [p for p in periods if p[3] == RESERVED]
    if reserved:
        answer["reservedTrainingTime"] = _reserved(reserved)
    return answer


def _reserved(periods: list[Period]) -> dict[str, Any]:
    cap = int(_contract.field("ReservedTrainingTimePeriod", "reservedTrainingTimeHours")["maximum"])
    entries = [
        {
            "reservedTrainingTimePeriodStartDate": start.isoformat(),
            "reservedTrainingTimePeriodEndDate": end.isoformat(),
            "reservedTrainingTimeHours": min(hours, cap),
            "scope": scope,
        }
        for start, end, hours, _, scope in periods
    ]
    total = min(sum(p[2] for p in periods), cap)
    return {"reservedTrainingTimePerPeriod": entries, "totalReservedTrainingTimeHours": total}
