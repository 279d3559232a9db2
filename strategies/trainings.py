"""Bodies of PUT /trainings that pass the schema and every rule (manual 3.3.4.1).

Valid by construction: trainingSequenceNbr and providerTrainingId unique (FLAC-150, FLAC-158),
trainingFirstStartDate and trainingLastEndDate the earliest start and latest end of the
periods (FLAC-151, FLAC-152), no start after its end (FLAC-153, FLAC-154), every training
starting in the declaration's year (FLAC-156) and no period over an FLA window boundary
(FLAC-157): a training that runs into the next window is split there (manual 3.1, D13).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from fla_conformance.errors import UsageError

from . import _contract
from ._gene import SEEDS, Gene
from .identities import ORGANISERS, employee_from, employer_from, kbo_from
from .rights import Unit, check_unit, duration

# Letters of the three national languages and some punctuation: cheap to draw, not only ASCII.
TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éèêàçëïöüßÉÀ'-&/.,()"
_PERIOD_DAYS = 400  # the longest period drawn; long enough to reach over a year's end


def iso(day: dt.date) -> str:
    return day.isoformat()


def window_end(day: dt.date, anchor_year: int | None) -> dt.date:
    return dt.date(_contract.window_of(day.year, anchor_year)[1], 12, 31)


def period_dates(
    gene: Gene, start: dt.date, horizon: dt.date, anchor_year: int | None
) -> tuple[dt.date, dt.date]:
    """A period from ``start``, ending before ``horizon`` and inside start's window (FLAC-157)."""
    last = min(start + dt.timedelta(days=_PERIOD_DAYS), horizon, window_end(start, anchor_year))
    return start, gene.date(start, last)


def training_periods(
    gene: Gene,
    year: int,
    count: int,
    multi_window: bool,
    anchor_year: int | None,
    unit: Unit | None,
) -> list[dict[str, Any]]:
    """``count`` periods; the earliest starts in ``year``; each stays inside one window.

    With ``multi_window`` the second period starts in the next FLA window: the training runs
    over the boundary and is split there, one period per window at least (manual 3.1 2.b).
    """
    first = gene.date(dt.date(year, 1, 1), dt.date(year, 12, 31))
    horizon = window_end(first, anchor_year)
    if multi_window:
        horizon = window_end(horizon + dt.timedelta(days=1), anchor_year)
    spans = [period_dates(gene, first, horizon, anchor_year)]
    if multi_window:
        next_window = window_end(first, anchor_year) + dt.timedelta(days=1)
        start = gene.date(next_window, next_window + dt.timedelta(days=364))
        spans.append(period_dates(gene, start, horizon, anchor_year))
    while len(spans) < count:
        start = gene.date(first, min(horizon, first + dt.timedelta(days=3 * 365)))
        spans.append(period_dates(gene, start, horizon, anchor_year))
    # Any order: the first and last dates are the earliest start and latest end, not the ends.
    spans.insert(gene.integer(0, len(spans) - 1), spans.pop(0))
    return [period(gene, start, end, unit) for start, end in spans]


def period(gene: Gene, start: dt.date, end: dt.date, unit: Unit | None) -> dict[str, Any]:
    enum = _contract.enum
    block: dict[str, Any] = duration(gene, "TrainingPeriod", "trainingDays", "trainingHours", unit)
    block.update(
        trainingStartDate=iso(start),
        trainingEndDate=iso(end),
        trainingStatus=gene.choice(enum("TrainingPeriod", "trainingStatus")),
        trainingType=gene.choice(enum("TrainingPeriod", "trainingType")),
    )
    if gene.flag():
        block["trainingPlace"] = gene.choice(enum("TrainingPeriod", "trainingPlace"))
    if gene.flag(4):
        block["additionalInformation"] = gene.text(TEXT, 0, 40)
    return block


def span(periods: list[dict[str, Any]]) -> tuple[str, str]:
    """(trainingFirstStartDate, trainingLastEndDate) that the periods imply (FLAC-151/152)."""
    return (
        min(p["trainingStartDate"] for p in periods),
        max(p["trainingEndDate"] for p in periods),
    )


def training(
    gene: Gene,
    sequence: int,
    periods: list[dict[str, Any]],
    reference: dict[str, Any] | None,
) -> dict[str, Any]:
    first, last = span(periods)
    enum = _contract.enum
    block: dict[str, Any] = {
        "trainingSequenceNbr": sequence,
        "trainingDenomination": gene.text(TEXT, *_denomination_lengths()),
        "trainingFirstStartDate": first,
        "trainingLastEndDate": last,
        "trainingResult": gene.choice(enum("TrainingFields", "trainingResult")),
        "trainingLeadingToCertificate": gene.choice(
            enum("TrainingFields", "trainingLeadingToCertificate")
        ),
        "scope": gene.choice(enum("TrainingFields", "scope")),
        "detailsPerPeriod": periods,
    }
    if gene.flag():
        block["trainingReferenceNbr"] = str(gene.integer(0, 99_999))
    if gene.flag():
        block["trainingOrganiserName"] = gene.choice(ORGANISERS)
    if block["trainingLeadingToCertificate"] == 2 and gene.flag():
        valid_from = dt.date.fromisoformat(last)
        block["certificateValidityStartDate"] = iso(valid_from)
        block["certificateValidityEndDate"] = iso(valid_from + dt.timedelta(gene.integer(0, 3653)))
    if reference is not None:
        block["trainingProviderReference"] = reference
    return block


def _denomination_lengths() -> tuple[int, int]:
    low, high = _contract.lengths("TrainingFields", "trainingDenomination")
    return low, min(high, low + 40)


def provider_reference(gene: Gene, uuid: str) -> dict[str, Any]:
    return {"providerTrainingId": uuid, "trainingProviderCompanyId": kbo_from(gene)}


def trainings_list(
    header: Gene,
    count: int,
    year: int,
    max_periods: int,
    unit: Unit | None,
    provider_references: bool | None,
    multi_window: bool | None,
    anchor_year: int | None,
) -> list[dict[str, Any]]:
    """``count`` trainings of one declaration: unique sequence numbers and UUIDs."""
    low, high = _contract.bounds("TrainingFields", "trainingSequenceNbr")
    numbers = header.distinct(count, lambda g: g.integer(low, high))
    uuids = header.distinct(count, Gene.uuid)
    result = []
    for number, uuid in zip(numbers, uuids, strict=True):
        gene = Gene(header.bits())
        split = gene.flag(5) if multi_window is None else multi_window
        split = split and max_periods >= 2
        fewest = 2 if split else 1
        count = gene.integer(fewest, max(fewest, max_periods))
        periods = training_periods(gene, year, count, split, anchor_year, unit)
        linked = gene.flag() if provider_references is None else provider_references
        reference = provider_reference(gene, uuid) if linked else None
        result.append(training(gene, number, periods, reference))
    return result


def trainings_bodies(
    *,
    company_id: int | None = None,
    inss: int | None = None,
    year: int | None = None,
    unit: Unit | None = None,
    min_trainings: int = 0,
    max_trainings: int = 5,
    max_periods: int = 3,
    provider_references: bool | None = None,
    multi_window: bool | None = None,
    anchor_year: int | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies of PUT /trainings valid under the schema and every rule.

    ``company_id``, ``inss`` and ``year`` fix the employer, employee and calendar year;
    ``unit`` gives every period in "days" or "hours"; ``min_trainings``/``max_trainings`` and
    ``max_periods`` size the lists; ``provider_references`` gives every training a
    trainingProviderReference (True) or none (False); ``multi_window=True`` makes every
    training run into the next FLA window, split at its boundary (needs ``max_periods`` >= 2),
    False keeps each inside one window; ``anchor_year`` overrides the windows' anchor (D13).
    """
    check_unit(unit)
    _check_sizes(min_trainings, max_trainings, max_periods, multi_window)

    def build(drawn: tuple[int, int]) -> dict[str, Any]:
        header = Gene(drawn[0])
        chosen = header.integer(*_contract.bounds("CalendarYear")) if year is None else year
        return {
            "employer": employer_from(header, company_id),
            "employee": employee_from(header, inss),
            "calendarYear": chosen,
            "trainings": trainings_list(header, drawn[1], chosen, max_periods, unit,
                                        provider_references, multi_window, anchor_year),
        }

    # The number of trainings is a choice of its own, so that shrinking drops trainings.
    return st.tuples(SEEDS, st.integers(min_trainings, max_trainings)).map(build)


def _check_sizes(
    min_trainings: int, max_trainings: int, max_periods: int, multi_window: bool | None
) -> None:
    most = _contract.items("TrainingsDeclarationRequest", "trainings")[1]
    if not 0 <= min_trainings <= max_trainings <= most:
        raise UsageError(
            f"need 0 <= min_trainings <= max_trainings <= {most}, "
            f"got {min_trainings!r} and {max_trainings!r}"
        )
    ceiling = _contract.items("TrainingFields", "detailsPerPeriod")[1]
    if not 1 <= max_periods <= ceiling:
        raise UsageError(f"max_periods must be between 1 and {ceiling}, got {max_periods!r}")
    if multi_window and max_periods < 2:
        raise UsageError("multi_window=True needs max_periods >= 2 (one period per window)")
