"""Business rules (kind ``rule`` of rules.yaml) checked offline, beyond the schema.

They look only at values that passed the schema (ARCHITECTURE.md, point 3): ``bad`` holds the
paths of the schema's findings, and a rule whose input is missing, mistyped or in ``bad``
stays silent. Duplicates are reported on their second occurrence. ISO dates compare as text.
The rules run on every declaration, after the schema, so paths are only written out when
they are needed, and with no schema finding (``bad`` empty) every value present has its
schema's type.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from fla_conformance.identifiers import INSS_MAX, KBO_MAX, inss_check_digits, is_valid_inss
from fla_conformance.validator import _ids
from fla_conformance.validator._schema import Finding


def kbo_ok(number: int) -> bool:
    """identifiers.is_valid_kbo for an int: 97 - (first 8 digits mod 97) (manual 3.3.3.1 A)."""
    return 0 < number <= KBO_MAX and 97 - number // 100 % 97 == number % 100


def inss_ok(number: int) -> bool:
    """identifiers.is_valid_inss for an int, with the birth date test remembered."""
    if not 0 < number <= INSS_MAX:
        return False
    first9, check = divmod(number, 100)
    if 97 - first9 % 97 == check:
        century = 1900
    elif 97 - (2_000_000_000 + first9) % 97 == check:  # born in 2000 or later (3.3.3.1 B)
        century = 2000
    else:
        return False
    key = first9 // 1000 * 10 + century // 1000  # YYMMDD and the century
    known = _BIRTH_DATES.get(key)
    if known is None:
        if len(_BIRTH_DATES) > 65536:
            _BIRTH_DATES.clear()
        known = _BIRTH_DATES[key] = _birth_date_ok(first9 // 1000, century)
    return known


_BIRTH_DATES: dict[int, bool] = {}  # two centuries of birth dates: at most 73,000 real ones


def _birth_date_ok(yymmdd: int, century: int) -> bool:
    """The register's birth date test, asked of identifiers for serial 1 of that date."""
    first9 = yymmdd * 1000 + 1
    return is_valid_inss(first9 * 100 + inss_check_digits(first9, century == 2000))


def identities(body: dict[str, Any], bad: Collection[str], out: list[Finding]) -> None:
    """KBO and INSS check digits of the declaration's employer and employee (FLAC-130/131)."""
    employer, employee = body.get("employer"), body.get("employee")
    if type(employer) is dict:
        number = employer.get("companyId")
        if type(number) is int and not kbo_ok(number) and "employer.companyId" not in bad:
            out.append((_ids.KBO, "employer.companyId"))
    if type(employee) is dict:
        number = employee.get("inss")
        if type(number) is int and not inss_ok(number) and "employee.inss" not in bad:
            out.append((_ids.INSS, "employee.inss"))


def trainings(
    body: dict[str, Any], bad: Collection[str], out: list[Finding], window: tuple[int, int]
) -> None:
    """The rules of a trainings declaration (manual 3.1, 3.3.4.1 D, 3.5)."""
    identities(body, bad, out)
    items = body.get("trainings")
    if type(items) is not list:
        return
    year: str | None = None
    calendar_year = body.get("calendarYear")
    if type(calendar_year) is int and "calendarYear" not in bad:
        year = str(calendar_year)  # compared with a date's first four characters
    sequences: set[int] = set()
    references: set[str] = set()
    for index, training in enumerate(items):
        if type(training) is not dict:
            continue
        _training(training, index, bad, out, year, window)
        number = training.get("trainingSequenceNbr")
        if type(number) is int and (
            not bad or f"trainings[{index}].trainingSequenceNbr" not in bad
        ):
            if number in sequences:
                out.append((_ids.SEQUENCE_UNIQUE, f"trainings[{index}].trainingSequenceNbr"))
            sequences.add(number)
        reference = training.get("trainingProviderReference")
        if reference is not None:  # a null reference is not a dict: _provider skips it too
            _provider(reference, index, bad, out, references)


def _training(
    training: dict[str, Any],
    index: int,
    bad: Collection[str],
    out: list[Finding],
    year: str | None,
    window: tuple[int, int],
) -> None:
    get = training.get
    first, last = get("trainingFirstStartDate"), get("trainingLastEndDate")
    begin, end = get("certificateValidityStartDate"), get("certificateValidityEndDate")
    if bad:  # some values failed the schema: the rules do not see them
        at = f"trainings[{index}]."
        first = _passed(first, at + "trainingFirstStartDate", bad)
        last = _passed(last, at + "trainingLastEndDate", bad)
        begin = _passed(begin, at + "certificateValidityStartDate", bad)
        end = _passed(end, at + "certificateValidityEndDate", bad)
    span = _periods(training, index, bad, out, window)
    if span is not None:
        if first is not None and first != span[0]:
            out.append((_ids.FIRST_START_DATE, f"trainings[{index}].trainingFirstStartDate"))
        if last is not None and last != span[1]:
            out.append((_ids.LAST_END_DATE, f"trainings[{index}].trainingLastEndDate"))
    if first is not None and last is not None and first > last:
        out.append((_ids.START_AFTER_END, f"trainings[{index}].trainingFirstStartDate"))
    # manual 3.1 2.b: a training belongs whole to the year its first period starts in
    if first is not None and year is not None and first[:4] != year:
        out.append((_ids.TRAINING_YEAR, f"trainings[{index}].trainingFirstStartDate"))
    if begin is not None and end is not None and begin > end:
        out.append((_ids.CERTIFICATE_DATES, f"trainings[{index}].certificateValidityStartDate"))


def _passed(value: Any, at: str, bad: Collection[str]) -> Any:
    """The value when it has passed the schema, else None (the rule then stays silent)."""
    return None if at in bad or type(value) is not str else value


def _periods(
    training: dict[str, Any],
    index: int,
    bad: Collection[str],
    out: list[Finding],
    window: tuple[int, int],
) -> tuple[str, str] | None:
    """Checks each period; gives the earliest start and latest end when all are known."""
    periods = training.get("detailsPerPeriod")
    if type(periods) is not list:
        return None
    earliest = latest = ""
    complete = bool(periods)
    for number, period in enumerate(periods):
        if type(period) is not dict:
            complete = False
            continue
        start, end = period.get("trainingStartDate"), period.get("trainingEndDate")
        if bad:
            at = f"trainings[{index}].detailsPerPeriod[{number}]."
            start = _passed(start, at + "trainingStartDate", bad)
            end = _passed(end, at + "trainingEndDate", bad)
        if start is None or end is None:
            complete = False
            continue
        if not earliest or start < earliest:
            earliest = start
        if end > latest:
            latest = end
        if start > end:
            at = f"trainings[{index}].detailsPerPeriod[{number}].trainingStartDate"
            out.append((_ids.START_AFTER_END, at))
        elif start[:4] != end[:4] and _windows_apart(start, end, window):
            # manual 3.1 2.b, D13: a period stays inside one FLA window; split the training
            at = f"trainings[{index}].detailsPerPeriod[{number}].trainingEndDate"
            out.append((_ids.WINDOW_SPLIT, at))
    return (earliest, latest) if complete else None


def _windows_apart(start: str, end: str, window: tuple[int, int]) -> bool:
    """True when the two dates' years fall in different FLA windows (manual 3.1 2.b)."""
    anchor, length = window
    return (int(start[:4]) - anchor) // length != (int(end[:4]) - anchor) // length


def _provider(
    reference: Any, index: int, bad: Collection[str], out: list[Finding], seen: set[str]
) -> None:
    """The provider's KBO, and its training once per declaration (FLAC-130, FLAC-158)."""
    if type(reference) is not dict:
        return
    # the paths are written out only when a finding or ``bad`` needs them: most bodies are valid
    at = "trainings[{}].trainingProviderReference.{}".format
    company = reference.get("trainingProviderCompanyId")
    if (
        type(company) is int
        and not kbo_ok(company)
        and (not bad or at(index, "trainingProviderCompanyId") not in bad)
    ):
        out.append((_ids.KBO, at(index, "trainingProviderCompanyId")))
    key = reference.get("providerTrainingId")
    if type(key) is str and (not bad or at(index, "providerTrainingId") not in bad):
        key = key.lower()
        if key in seen:
            out.append((_ids.PROVIDER_REFERENCE_UNIQUE, at(index, "providerTrainingId")))
        seen.add(key)


def training_rights(
    body: dict[str, Any], bad: Collection[str], out: list[Finding], window: Any = None
) -> None:
    """The rules of a training rights declaration (manual 3.3.3.1 D); no FLA window here."""
    identities(body, bad, out)
    rights = body.get("trainingRights")
    if type(rights) is not dict:
        return
    legal = rights.get("legalFlaRight")
    if type(legal) is dict:
        _unique(
            legal.get("jointCommissionNbr"),
            None,
            "legalFlaRight.jointCommissionNbr",
            bad,
            out,
            _ids.LEGAL_COMMITTEE_REPEATED,
        )
    for where, key, rule in _ONE_BLOCK_PER_KEY:
        _unique(rights.get(where), key, where, bad, out, rule)


#: (block list, the key a block may not repeat, its rule): one sector block per joint
#: committee, one employer block per working regulation (manual 3.3.3.1 D)
_ONE_BLOCK_PER_KEY = (
    ("complementarySectorRight", "jointCommissionNbr", _ids.SECTOR_BLOCK_PER_COMMITTEE),
    (
        "complementaryEmployerRight",
        "workingRegulationsRegistryNbr",
        _ids.EMPLOYER_BLOCK_PER_REGULATION,
    ),
)


def _unique(
    items: Any,
    key: str | None,
    where: str,
    bad: Collection[str],
    out: list[Finding],
    rule: str,
) -> None:
    """Reports a value of ``items`` (or of their ``key``) on its second occurrence.

    A block without the key counts as one more value: two employer blocks that both leave out
    their working regulation are two blocks for the same (unnamed) regulation. Anything but a
    list of two or more has no repeat to report (the schema reports a wrong type).
    """
    if type(items) is not list or len(items) < 2:
        return
    seen: set[str | None] = set()
    for index, item in enumerate(items):
        if key is not None:
            if type(item) is not dict:
                continue
            item = item.get(key, _ABSENT)
            if item is _ABSENT:
                item = None
        if item is not None and type(item) is not str:
            continue
        if bad and _at(where, index, key) in bad:
            continue
        if item in seen:
            out.append((rule, _at(where, index, key)))
        seen.add(item)


_ABSENT = object()


def _at(where: str, index: int, key: str | None) -> str:
    return f"trainingRights.{where}[{index}]" + (f".{key}" if key else "")
