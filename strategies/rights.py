"""Bodies of PUT /trainingRights that pass the schema and every rule (manual 3.3.3.1).

Valid by construction: one sector block per joint committee (FLAC-160), one employer block per
working regulation, an absent registry number counting as one value (FLAC-161), no joint
committee twice in the legal right (FLAC-162), exactly one of days and hours in each block
(FLAC-101, FLAC-102), days in half days (FLAC-103). Each body is built from one drawn
:class:`~._gene.Gene`.
"""

from __future__ import annotations

from typing import Any, Literal

from hypothesis import strategies as st

from fla_conformance.errors import UsageError

from . import _contract
from ._gene import Gene, genes
from .identities import committee_from, employee_from, employer_from, registry_from

Unit = Literal["days", "hours"]


def check_unit(unit: str | None) -> None:
    if unit not in (None, "days", "hours"):
        raise UsageError(f"unit must be 'days', 'hours' or None, got {unit!r}")


def duration(gene: Gene, schema: str, days: str, hours: str, unit: Unit | None) -> dict[str, int]:
    """One of ``days`` (a multiple of half a day) and ``hours`` of ``schema``, within bounds."""
    if (unit or gene.choice(("days", "hours"))) == "days":
        low, high = _contract.bounds(schema, days)
        half = _contract.step(schema, days)
        return {days: gene.integer(low // half, high // half) * half}
    return {hours: gene.integer(*_contract.bounds(schema, hours))}


def legal_right(gene: Gene, unit: Unit | None) -> dict[str, Any]:
    low, high = _contract.items("LegalFlaRight", "jointCommissionNbr")
    block: dict[str, Any] = duration(
        gene, "LegalFlaRight", "legalFlaRightDays", "legalFlaRightHours", unit
    )
    block["jointCommissionNbr"] = gene.distinct(gene.integer(low, min(high, 3)), committee_from)
    if gene.flag():
        block["workingRegulationsRegistryNbr"] = registry_from(gene)
    return block


def sector_rights(gene: Gene, unit: Unit | None, count: int) -> list[dict[str, Any]]:
    activity = _contract.bounds("ComplementarySectorRight", "activityCode")
    blocks = []
    for committee in gene.distinct(count, committee_from):
        block: dict[str, Any] = duration(
            gene,
            "ComplementarySectorRight",
            "complementarySectorRightDays",
            "complementarySectorRightHours",
            unit,
        )
        block.update(jointCommissionNbr=committee, activityCode=gene.integer(*activity))
        if gene.flag():
            block["workingRegulationsRegistryNbr"] = registry_from(gene)
        blocks.append(block)
    return blocks


def employer_rights(gene: Gene, unit: Unit | None, count: int) -> list[dict[str, Any]]:
    # One block per working regulation: distinct numbers, and at most one block without one.
    without = count > 0 and gene.flag()
    numbers: list[str | None] = list(gene.distinct(count - without, registry_from))
    if without:
        numbers.insert(gene.integer(0, len(numbers)), None)
    blocks = []
    for number in numbers:
        block: dict[str, Any] = duration(
            gene,
            "ComplementaryEmployerRight",
            "complementaryEmployerRightDays",
            "complementaryEmployerRightHours",
            unit,
        )
        block["jointCommissionNbr"] = committee_from(gene)
        if number is not None:
            block["workingRegulationsRegistryNbr"] = number
        blocks.append(block)
    return blocks


def rights_body(
    gene: Gene,
    company_id: int | None,
    inss: int | None,
    year: int | None,
    unit: Unit | None,
    legal: bool | None,
    max_blocks: int,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer": employer_from(gene, company_id),
        "employee": employee_from(gene, inss),
        "calendarYear": gene.integer(*_contract.bounds("CalendarYear")) if year is None else year,
    }
    has_legal = gene.flag() if legal is None else legal
    # Without trainingRights the picture deactivates the sector and employer rights (3.3.3.4).
    if not has_legal and gene.flag(8):
        return body
    rights: dict[str, Any] = {}
    if has_legal:
        rights["legalFlaRight"] = legal_right(gene, unit)
    sectors = gene.integer(0, max_blocks)
    if sectors:
        rights["complementarySectorRight"] = sector_rights(gene, unit, sectors)
    owns = gene.integer(0, max_blocks)
    if owns:
        rights["complementaryEmployerRight"] = employer_rights(gene, unit, owns)
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
    return genes().map(
        lambda gene: rights_body(gene, company_id, inss, year, unit, legal_right, max_blocks)
    )
