"""Bodies of PUT /trainingRights that pass the schema and every rule (manual 3.3.3.1).

Valid by construction: one sector block per joint committee (FLAC-160), one employer block per
working regulation, an absent registry number counting as one value (FLAC-161), no joint
committee twice in the legal right (FLAC-162), exactly one of days and hours in each block
(FLAC-101, FLAC-102), days in half days (FLAC-103).
"""

from __future__ import annotations

from typing import Any, Literal

from hypothesis import strategies as st

from fla_conformance.errors import UsageError

from . import _contract
from .identities import calendar_years, employees, employers, joint_committees, registry_numbers

Unit = Literal["days", "hours"]
Draw = Any  # hypothesis' draw function, as passed to an st.composite


def check_unit(unit: str | None) -> None:
    if unit not in (None, "days", "hours"):
        raise UsageError(f"unit must be 'days', 'hours' or None, got {unit!r}")


def duration(draw: Draw, schema: str, days: str, hours: str, unit: Unit | None) -> dict[str, int]:
    """One of ``days`` (a multiple of half a day) and ``hours`` of ``schema``, within bounds."""
    chosen = unit or draw(st.sampled_from(("days", "hours")))
    if chosen == "days":
        low, high = _contract.bounds(schema, days)
        half = _contract.step(schema, days)
        return {days: draw(st.integers(low // half, high // half)) * half}
    return {hours: draw(st.integers(*_contract.bounds(schema, hours)))}


def legal_right(draw: Draw, unit: Unit | None) -> dict[str, Any]:
    low, high = _contract.items("LegalFlaRight", "jointCommissionNbr")
    block = duration(draw, "LegalFlaRight", "legalFlaRightDays", "legalFlaRightHours", unit)
    block["jointCommissionNbr"] = draw(
        st.lists(joint_committees(), min_size=low, max_size=min(high, 3), unique=True)
    )
    if draw(st.booleans()):
        block["workingRegulationsRegistryNbr"] = draw(registry_numbers())
    return block


def sector_rights(draw: Draw, unit: Unit | None, count: int) -> list[dict[str, Any]]:
    committees = draw(st.lists(joint_committees(), min_size=count, max_size=count, unique=True))
    activity = st.integers(*_contract.bounds("ComplementarySectorRight", "activityCode"))
    blocks = []
    for committee in committees:
        block = duration(
            draw,
            "ComplementarySectorRight",
            "complementarySectorRightDays",
            "complementarySectorRightHours",
            unit,
        )
        block.update(jointCommissionNbr=committee, activityCode=draw(activity))
        if draw(st.booleans()):
            block["workingRegulationsRegistryNbr"] = draw(registry_numbers())
        blocks.append(block)
    return blocks


def employer_rights(draw: Draw, unit: Unit | None, count: int) -> list[dict[str, Any]]:
    # One block per working regulation: distinct numbers, and at most one block without one.
    without = count > 0 and draw(st.booleans())
    numbers: list[str | None] = draw(
        st.lists(registry_numbers(), min_size=count - without, max_size=count - without,
                 unique=True)
    )
    if without:
        numbers.insert(draw(st.integers(0, len(numbers))), None)
    blocks = []
    for number in numbers:
        block: dict[str, Any] = duration(
            draw,
            "ComplementaryEmployerRight",
            "complementaryEmployerRightDays",
            "complementaryEmployerRightHours",
            unit,
        )
        block["jointCommissionNbr"] = draw(joint_committees())
        if number is not None:
            block["workingRegulationsRegistryNbr"] = number
        blocks.append(block)
    return blocks


@st.composite
def _bodies(
    draw: Draw,
    company_id: int | None,
    inss: int | None,
    year: int | None,
    unit: Unit | None,
    legal: bool | None,
    max_blocks: int,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer": draw(employers(company_id)),
        "employee": draw(employees(inss)),
        "calendarYear": draw(calendar_years()) if year is None else year,
    }
    has_legal = draw(st.booleans()) if legal is None else legal
    # Without trainingRights the picture deactivates the sector and employer rights (3.3.3.4).
    if not has_legal and draw(st.integers(0, 7)) == 0:
        return body
    rights: dict[str, Any] = {}
    if has_legal:
        rights["legalFlaRight"] = legal_right(draw, unit)
    sectors = draw(st.integers(0, max_blocks))
    if sectors:
        rights["complementarySectorRight"] = sector_rights(draw, unit, sectors)
    owns = draw(st.integers(0, max_blocks))
    if owns:
        rights["complementaryEmployerRight"] = employer_rights(draw, unit, owns)
    body["trainingRights"] = rights
    return body


def training_rights_bodies(
    *,
    company_id: int | None = None,
    inss: int | None = None,
    year: int | None = None,
    unit: Unit | None = None,
    legal_right: bool | None = None,
    max_blocks: int = 3,
) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies of PUT /trainingRights valid under the schema and every rule.

    ``company_id``, ``inss`` and ``year`` fix the employer, employee and calendar year;
    ``unit`` gives every block in "days" or "hours" (default: each block draws); ``legal_right``
    forces the legalFlaRight block in (True) or out (False); ``max_blocks`` caps the sector and
    the employer blocks (each up to the contract's maximum).
    """
    check_unit(unit)
    ceiling = _contract.items("TrainingRights", "complementarySectorRight")[1]
    if not 0 <= max_blocks <= ceiling:
        raise UsageError(f"max_blocks must be between 0 and {ceiling}, got {max_blocks!r}")
    return _bodies(company_id, inss, year, unit, legal_right, max_blocks)
