"""Requests that break one business rule inside a valid declaration: trainings (FLAC-150 to
FLAC-158) and training rights (FLAC-160 to FLAC-162).

Each mutation keeps the neighbouring rules whole: a date moved for FLAC-151 stays in the
declaration's year (FLAC-156) and not after the end (FLAC-153); a period added for FLAC-153
or FLAC-157 updates the training's first and last dates (FLAC-151, FLAC-152).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from . import _contract
from ._blocks import employer_block, legal_block, reference_block, sector_block
from ._gene import Draw, Gene, drawn
from ._model import Request
from ._sites import Options, body_of, choose, site, training_at
from .rights import Unit, employer_rights, sector_rights
from .trainings import iso, span, training_periods, window_end

TRAININGS = {"min_trainings": 1, "max_trainings": 3}
TWO_TRAININGS = {"min_trainings": 2, "max_trainings": 3}


# ---- training rights -----------------------------------------------------------------------


@site("FLAC-160", ["putTrainingRights"])
def _two_sector_blocks(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first = sector_block(draw, body)
    blocks = body["trainingRights"]["complementarySectorRight"]
    second = _another_block(draw, blocks, first, sector_rights)
    second["jointCommissionNbr"] = first["jointCommissionNbr"]
    return request


@site("FLAC-161", ["putTrainingRights"])
def _two_employer_blocks(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first = employer_block(draw, body)
    blocks = body["trainingRights"]["complementaryEmployerRight"]
    second = _another_block(draw, blocks, first, employer_rights)
    # The same registry number twice, or two blocks without one (an absent value is a value).
    if "workingRegulationsRegistryNbr" in first:
        second["workingRegulationsRegistryNbr"] = first["workingRegulationsRegistryNbr"]
    else:
        second.pop("workingRegulationsRegistryNbr", None)
    return request


def _another_block(
    draw: Draw,
    blocks: list[dict[str, Any]],
    first: dict[str, Any],
    make: Callable[[Gene, Unit | None, int], list[dict[str, Any]]],
) -> dict[str, Any]:
    """A block of ``blocks`` other than ``first``, made with ``make`` when it is the only one."""
    if len(blocks) < 2:
        blocks.append(make(drawn(draw), None, 1)[0])
    found: dict[str, Any] = choose(draw, [b for b in blocks if b is not first])
    return found


@site("FLAC-162", ["putTrainingRights"])
def _committee_twice(draw: Draw, request: Request, options: Options) -> Request:
    committees = legal_block(draw, body_of(request))["jointCommissionNbr"]
    repeated = choose(draw, committees)
    most = _contract.items("LegalFlaRight", "jointCommissionNbr")[1]
    if len(committees) < most:
        committees.insert(draw(st.integers(0, len(committees))), repeated)
    else:
        committees[committees.index(repeated) - 1] = repeated
    return request


# ---- trainings -----------------------------------------------------------------------------


@site("FLAC-150", ["putTrainings"], **TWO_TRAININGS)
def _sequence_twice(draw: Draw, request: Request, options: Options) -> Request:
    first, second = draw(st.permutations(body_of(request)["trainings"]))[:2]
    second["trainingSequenceNbr"] = first["trainingSequenceNbr"]
    return request


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@site("FLAC-151", ["putTrainings"], **TRAININGS)
def _first_start(draw: Draw, request: Request, options: Options) -> Request:
    training = training_at(draw, body_of(request))
    start, end = _day(training["trainingFirstStartDate"]), _day(training["trainingLastEndDate"])
    new_year = dt.date(start.year, 1, 1)
    if start == new_year == end:  # a one-day training on 1 January: move it a day on
        for p in training["detailsPerPeriod"]:
            p["trainingStartDate"] = p["trainingEndDate"] = iso(end + dt.timedelta(days=1))
        training["trainingLastEndDate"] = iso(end + dt.timedelta(days=1))
        training["trainingFirstStartDate"] = iso(new_year)
        return request
    # Earlier in the same year, or later but not after the end and not into the next year.
    if (start > new_year and draw(st.booleans())) or start == min(end, dt.date(start.year, 12, 31)):
        other = start - dt.timedelta(days=draw(st.integers(1, (start - new_year).days)))
    else:
        last = min(end, dt.date(start.year, 12, 31))
        other = start + dt.timedelta(days=draw(st.integers(1, (last - start).days)))
    training["trainingFirstStartDate"] = iso(other)
    return request


@site("FLAC-152", ["putTrainings"], **TRAININGS)
def _last_end(draw: Draw, request: Request, options: Options) -> Request:
    training = training_at(draw, body_of(request))
    end = _day(training["trainingLastEndDate"])
    training["trainingLastEndDate"] = iso(end + dt.timedelta(days=draw(st.integers(1, 400))))
    return request


@site("FLAC-153", ["putTrainings"], **TRAININGS)
def _reversed_period(draw: Draw, request: Request, options: Options) -> Request:
    # A period ending before it starts, inside the declaration's year; the training's first
    # and last dates follow the periods, so only FLAC-153 fires (for the training, maybe, too).
    body = body_of(request)
    training = training_at(draw, body)
    year = body["calendarYear"]
    first = dt.date(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 363)))
    later = first + dt.timedelta(days=draw(st.integers(1, (dt.date(year, 12, 31) - first).days)))
    _add_period(draw, training, start=later, end=first)
    return request


@site("FLAC-154", ["putTrainings"], **TRAININGS)
def _certificate(draw: Draw, request: Request, options: Options) -> Request:
    training = training_at(draw, body_of(request))
    end = _day(training["trainingLastEndDate"])
    training["trainingLeadingToCertificate"] = 2
    training["certificateValidityStartDate"] = iso(end + dt.timedelta(draw(st.integers(1, 900))))
    training["certificateValidityEndDate"] = iso(end)
    return request


@site("FLAC-156", ["putTrainings"], **TRAININGS)
def _other_year(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    training = training_at(draw, body)
    low, high = _contract.bounds("CalendarYear")
    year = body["calendarYear"] + choose(draw, (-3, -2, -1, 1, 2, 3))
    year = year if low <= year <= high else body["calendarYear"] - (year - body["calendarYear"])
    count = len(training["detailsPerPeriod"])
    periods = training_periods(drawn(draw), year, count, False, options.anchor_year, None)
    training["detailsPerPeriod"] = periods
    training["trainingFirstStartDate"], training["trainingLastEndDate"] = span(periods)
    training.pop("certificateValidityStartDate", None)
    training.pop("certificateValidityEndDate", None)
    return request


@site("FLAC-157", ["putTrainings"], **TRAININGS)
def _over_the_window(draw: Draw, request: Request, options: Options) -> Request:
    training = training_at(draw, body_of(request))
    start = _day(training["trainingFirstStartDate"])
    boundary = window_end(start, options.anchor_year)
    earliest = max(start, dt.date(boundary.year, 1, 1))
    begin = earliest + dt.timedelta(draw(st.integers(0, (boundary - earliest).days)))
    finish = boundary + dt.timedelta(draw(st.integers(1, 365)))
    _add_period(draw, training, start=begin, end=finish)
    return request


def _add_period(draw: Draw, training: dict[str, Any], *, start: dt.date, end: dt.date) -> None:
    """Inserts a copy of one of the training's periods, with these dates, at a drawn place.

    The training's first and last dates follow the periods, so FLAC-151 and FLAC-152 stay
    quiet whatever the new dates are.
    """
    added = dict(choose(draw, training["detailsPerPeriod"]))
    added.update(trainingStartDate=iso(start), trainingEndDate=iso(end))
    periods = training["detailsPerPeriod"]
    periods.insert(draw(st.integers(0, len(periods))), added)
    training["trainingFirstStartDate"], training["trainingLastEndDate"] = span(periods)



@site("FLAC-158", ["putTrainings"], **TWO_TRAININGS)
def _same_provider_training(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first, second = draw(st.permutations(body["trainings"]))[:2]
    second["trainingProviderReference"] = dict(reference_block(draw, body, first))
    return request
