"""Business rules (kind ``rule`` of rules.yaml) checked offline, beyond the schema.

They look only at values that passed the schema (ARCHITECTURE.md, point 3): ``bad`` holds the
paths of the schema's findings, and a rule whose input is missing, mistyped or in ``bad``
stays silent. Duplicates are reported on their second occurrence. ISO dates compare as text.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeGuard

from fla_conformance.identifiers import is_valid_inss, is_valid_kbo
from fla_conformance.validator import _ids
from fla_conformance.validator._schema import Finding

_NONE: frozenset[str] = frozenset()


def _int(value: Any) -> TypeGuard[int]:
    return type(value) is int


def _text(value: Any) -> TypeGuard[str]:
    return type(value) is str


def identities(body: dict[str, Any], bad: Collection[str], out: list[Finding]) -> None:
    """KBO and INSS check digits of the declaration's employer and employee (FLAC-130/131)."""
    employer, employee = body.get("employer"), body.get("employee")
    if type(employer) is dict:
        number = employer.get("companyId")
        if _int(number) and not is_valid_kbo(number) and "employer.companyId" not in bad:
            out.append((_ids.KBO, "employer.companyId"))
    if type(employee) is dict:
        number = employee.get("inss")
        if _int(number) and not is_valid_inss(number) and "employee.inss" not in bad:
            out.append((_ids.INSS, "employee.inss"))


def trainings(
    body: dict[str, Any], bad: Collection[str], out: list[Finding], window: tuple[int, int]
) -> None:
    """The rules of a trainings declaration (manual 3.1, 3.3.4.1 D, 3.5)."""
    identities(body, bad, out)
    items = body.get("trainings")
    if type(items) is not list:
        return
    year = body.get("calendarYear")
    if not _int(year) or "calendarYear" in bad:
        year = None
    sequences: set[int] = set()
    references: set[str] = set()
    for index, training in enumerate(items):
        if type(training) is not dict:
            continue
        where = f"trainings[{index}]"
        _training(training, where, bad, out, year, window)
        number = training.get("trainingSequenceNbr")
        if _int(number) and (not bad or f"{where}.trainingSequenceNbr" not in bad):
            if number in sequences:
                out.append((_ids.SEQUENCE_UNIQUE, f"{where}.trainingSequenceNbr"))
            sequences.add(number)
        _provider(training, where, bad, out, references)


def _training(
    training: dict[str, Any],
    where: str,
    bad: Collection[str],
    out: list[Finding],
    year: int | None,
    window: tuple[int, int],
) -> None:
    first = _date(training, "trainingFirstStartDate", where, bad)
    last = _date(training, "trainingLastEndDate", where, bad)
    periods = _periods(training, where, bad, out, window)
    if periods is not None and periods[0]:
        starts, ends = periods
        if first is not None and first != min(starts):
            out.append((_ids.FIRST_START_DATE, f"{where}.trainingFirstStartDate"))
        if last is not None and last != max(ends):
            out.append((_ids.LAST_END_DATE, f"{where}.trainingLastEndDate"))
    if first is not None and last is not None and first > last:
        out.append((_ids.START_AFTER_END, f"{where}.trainingFirstStartDate"))
    # manual 3.1 2.b: a training belongs whole to the year its first period starts in
    if first is not None and year is not None and int(first[:4]) != year:
        out.append((_ids.TRAINING_YEAR, f"{where}.trainingFirstStartDate"))
    begin = _date(training, "certificateValidityStartDate", where, bad)
    end = _date(training, "certificateValidityEndDate", where, bad)
    if begin is not None and end is not None and begin > end:
        out.append((_ids.CERTIFICATE_DATES, f"{where}.certificateValidityStartDate"))


def _date(block: dict[str, Any], name: str, where: str, bad: Collection[str]) -> str | None:
    value = block.get(name)
    if not _text(value) or (bad and f"{where}.{name}" in bad):
        return None
    return value


def _periods(
    training: dict[str, Any],
    where: str,
    bad: Collection[str],
    out: list[Finding],
    window: tuple[int, int],
) -> tuple[list[str], list[str]] | None:
    """Checks each period; gives every start and end when all of them are known."""
    periods = training.get("detailsPerPeriod")
    if type(periods) is not list:
        return None
    starts: list[str] = []
    ends: list[str] = []
    complete = True
    anchor, length = window
    for index, period in enumerate(periods):
        if type(period) is not dict:
            complete = False
            continue
        at = f"{where}.detailsPerPeriod[{index}]"
        start = _date(period, "trainingStartDate", at, bad)
        end = _date(period, "trainingEndDate", at, bad)
        if start is None or end is None:
            complete = False
            continue
        starts.append(start)
        ends.append(end)
        if start > end:
            out.append((_ids.START_AFTER_END, f"{at}.trainingStartDate"))
        elif (int(start[:4]) - anchor) // length != (int(end[:4]) - anchor) // length:
            # manual 3.1 2.b, D13: split a training at the FLA window's boundary
            out.append((_ids.WINDOW_SPLIT, f"{at}.trainingEndDate"))
    return (starts, ends) if complete else None


def _provider(
    training: dict[str, Any],
    where: str,
    bad: Collection[str],
    out: list[Finding],
    seen: set[str],
) -> None:
    reference = training.get("trainingProviderReference")
    if type(reference) is not dict:
        return
    at = f"{where}.trainingProviderReference"
    company = reference.get("trainingProviderCompanyId")
    valid = not bad or f"{at}.trainingProviderCompanyId" not in bad
    if _int(company) and valid and not is_valid_kbo(company):
        out.append((_ids.KBO, f"{at}.trainingProviderCompanyId"))
    key = reference.get("providerTrainingId")
    if _text(key) and (not bad or f"{at}.providerTrainingId" not in bad):
        key = key.lower()
        if key in seen:
            out.append((_ids.PROVIDER_REFERENCE_UNIQUE, f"{at}.providerTrainingId"))
        seen.add(key)


def training_rights(body: dict[str, Any], bad: Collection[str], out: list[Finding]) -> None:
    """The rules of a training rights declaration (manual 3.3.3.1 D)."""
    identities(body, bad, out)
    rights = body.get("trainingRights")
    if type(rights) is not dict:
        return
    legal = rights.get("legalFlaRight")
    if type(legal) is dict:
        committees = legal.get("jointCommissionNbr")
        if type(committees) is list:
            _unique(
                committees,
                "trainingRights.legalFlaRight.jointCommissionNbr",
                "",
                bad,
                out,
                _ids.LEGAL_COMMITTEE_REPEATED,
            )
    for block, key, rule in (
        ("complementarySectorRight", "jointCommissionNbr", _ids.SECTOR_BLOCK_PER_COMMITTEE),
        (
            "complementaryEmployerRight",
            "workingRegulationsRegistryNbr",
            _ids.EMPLOYER_BLOCK_PER_REGULATION,
        ),
    ):
        blocks = rights.get(block)
        if type(blocks) is list:
            values = [item.get(key) if type(item) is dict else None for item in blocks]
            _unique(values, f"trainingRights.{block}", f".{key}", bad, out, rule)


def _unique(
    values: list[Any],
    where: str,
    suffix: str,
    bad: Collection[str],
    out: list[Finding],
    rule: str,
) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if not _text(value):
            continue
        at = f"{where}[{index}]{suffix}"
        if bad and at in bad:
            continue
        if value in seen:
            out.append((rule, at))
        seen.add(value)
