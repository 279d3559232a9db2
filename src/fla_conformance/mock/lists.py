"""The two lists of an employer (manual 3.3.6 and 3.3.7): (employee, year) pairs.

Answers carry ``year``, as the manual's examples do (D2).
"""

from __future__ import annotations

from typing import Any

from fla_conformance.mock.state import Call, MockState
from fla_conformance.mock.store import ListFilter
from fla_conformance.mock.trainings import TO_VALIDATE, VALIDATED


def _year(call: Call) -> int | None:
    text = call.query.get("calendarYear")
    return int(text) if text is not None else None


def _answer(pairs: list[tuple[int, int]]) -> dict[str, Any]:
    return {"employees": [{"inss": inss, "year": year} for inss, year in pairs]}


def employees_trainings(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    """Pairs with trainings in a processing state; toValidate is the waiting register."""
    wanted = call.query.get("processingState", TO_VALIDATE)
    found = ListFilter(
        year=_year(call),
        from_date=call.query.get("fromTrainingFirstStartDate"),
        to_date=call.query.get("toTrainingLastEndDate"),
    )
    if wanted == TO_VALIDATE:
        states, declared = [TO_VALIDATE], False
    elif wanted == VALIDATED:
        states, declared = [VALIDATED], True
    else:
        states, declared = [TO_VALIDATE, VALIDATED], True
    stale = wanted == TO_VALIDATE and "stale-waiting-list" in state.faults
    pairs = state.store.training_pairs(call.company_id, states, declared, found, stale)
    return 200, _answer(pairs)


def employees_training_rights(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    """Pairs whose rights changed on or after modifiedFromDate (manual 3.3.7.2)."""
    since = call.query.get("modifiedFromDate", "0000-01-01")
    pairs = state.store.changed_pairs(
        call.company_id, since, _year(call), call.query.get("rightType")
    )
    return 200, _answer(pairs)
