"""Requests that break one business rule of the catalogue (kinds ``rule`` and ``request``).

Trainings (FLAC-150 to FLAC-158) and training rights (FLAC-160 to FLAC-162) are broken in a
valid body; identities (FLAC-130, FLAC-131) and the request line (FLAC-020, FLAC-021,
FLAC-140, FLAC-155) in the path and the query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import strategies as st

from fla_conformance.identifiers import inss_check_digits, is_valid_inss, is_valid_kbo, make_kbo

from . import _contract
from ._blocks import employer_block, legal_block, reference_block, sector_block
from ._gene import drawn
from ._model import Request, with_query
from ._sites import Options, body_of, choose, query_of, repath, site, training_at
from .identities import calendar_years, inss_numbers, kbo_numbers
from .rights import Draw, employer_rights, sector_rights
from .trainings import iso, span, training_periods, window_end

PUTS = ("putTrainingRights", "putTrainings")
ALL = tuple(_contract.contract().operations)
WITH_INSS = tuple(op.operation_id for op in _contract.contract() if "{inss}" in op.path)
TRAININGS = {"min_trainings": 1, "max_trainings": 3}
TWO_TRAININGS = {"min_trainings": 2, "max_trainings": 3}


def _path_values(request: Request) -> dict[str, str]:
    found = _contract.contract().match(request.method, request.path)
    assert found is not None, "a valid request matches its operation"
    return found[1]


# ---- the request line ----------------------------------------------------------------------

_OTHER_METHODS = ("POST", "DELETE", "PATCH", "PUT", "GET")


@site("FLAC-020", ALL)
def _unknown_operation(draw: Draw, request: Request, options: Options) -> Request:
    path = request.path.partition("?")[0]
    taken = {op.method.upper() for op in _contract.contract().operations_for_path(path)}
    methods = [m for m in _OTHER_METHODS if m not in taken]
    segments = path.split("/")
    paths = [path + "/history", "/".join(segments[:-1]), path.replace("/employers/", "/employer/")]
    method, path = choose(draw, [(m, path) for m in methods] + [(request.method, p) for p in paths])
    assert _contract.contract().match(method, path) is None
    body = request.body if method in ("PUT", "POST", "PATCH") else None
    return Request(method, with_query(path, query_of(request)), body, None)


_NOT_PARAMETERS = ("processingstate", "RightType", "calendaryear", "page", "lang", "year")


@site("FLAC-021", ALL)
def _unknown_parameter(draw: Draw, request: Request, options: Options) -> Request:
    known = {p.name for p in _contract.operation(request.operation or "").parameters}
    query = query_of(request)
    query[choose(draw, [n for n in _NOT_PARAMETERS if n not in known])] = draw(
        st.text("abcdefghij0123456789", min_size=1, max_size=8)
    )
    return dataclasses.replace(request, path=with_query(request.path.partition("?")[0], query))


# ---- identities ----------------------------------------------------------------------------


def bad_kbo(draw: Draw) -> int:
    """A 10-digit number whose check digits are wrong (FLAC-130)."""
    first8 = draw(kbo_numbers()) // 100
    number = first8 * 100 + (make_kbo(first8) % 100 + draw(st.integers(1, 99))) % 100
    assert not is_valid_kbo(number)
    return number


def bad_inss(draw: Draw) -> int:
    """An INSS with wrong check digits, or with a birth date that cannot exist (FLAC-131)."""
    first9 = draw(inss_numbers()) // 100
    if draw(st.booleans()):
        right = {inss_check_digits(first9, False), inss_check_digits(first9, True)}
        number = first9 * 100 + choose(draw, [c for c in range(100) if c not in right])
    else:
        yy, mm, dd = draw(st.integers(0, 99)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        if draw(st.booleans()):
            mm = draw(st.integers(13, 19))
        else:
            dd = draw(st.integers(32, 99))
        first9 = ((yy * 100 + mm) * 100 + dd) * 1000 + draw(st.integers(1, 998))
        number = first9 * 100 + inss_check_digits(first9, False)
    assert not is_valid_inss(number)
    return number


@site("FLAC-130", ALL)
def _bad_company(draw: Draw, request: Request, options: Options) -> Request:
    values: dict[str, Any] = dict(_path_values(request))
    body = request.body if isinstance(request.body, dict) else {}
    if body.get("trainings") and draw(st.booleans()):
        reference = reference_block(draw, body, choose(draw, body["trainings"]))
        reference["trainingProviderCompanyId"] = bad_kbo(draw)
        return request
    values["companyId"] = bad_kbo(draw)
    if isinstance(request.body, dict):
        request.body["employer"]["companyId"] = values["companyId"]
    return repath(request, values["companyId"], values.get("inss"), values.get("calendarYear"))


@site("FLAC-131", WITH_INSS)
def _bad_inss(draw: Draw, request: Request, options: Options) -> Request:
    values: dict[str, Any] = dict(_path_values(request))
    values["inss"] = bad_inss(draw)
    if isinstance(request.body, dict):
        request.body["employee"]["inss"] = values["inss"]
    return repath(request, values["companyId"], values["inss"], values.get("calendarYear"))


def _other(draw: Draw, strategy: st.SearchStrategy[int], current: int, bump: Any) -> int:
    value = draw(strategy)
    return bump(value) if value == current else value


@site("FLAC-140", PUTS)
def _path_differs(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    values = [body["employer"]["companyId"], body["employee"]["inss"], body["calendarYear"]]
    low, high = _contract.bounds("CalendarYear")
    index = draw(st.integers(0, 2))
    if index == 0:
        values[0] = _other(draw, kbo_numbers(), values[0], lambda v: make_kbo(v // 100 + 1))
    elif index == 1:
        values[1] = _other(draw, inss_numbers(), values[1], lambda v: 70081500504
                           if v != 70081500504 else 81511716525)
    else:
        values[2] = _other(draw, calendar_years(), values[2], lambda v: v + 1 if v < high else low)
    return repath(request, *values)


@site("FLAC-155", ["getEmployeesTrainings"])
def _search_range(draw: Draw, request: Request, options: Options) -> Request:
    query = query_of(request)
    end = draw(st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
    query["toTrainingLastEndDate"] = iso(end)
    query["fromTrainingFirstStartDate"] = iso(end + dt.timedelta(days=draw(st.integers(1, 800))))
    return dataclasses.replace(request, path=with_query(request.path.partition("?")[0], query))


# ---- training rights -----------------------------------------------------------------------


@site("FLAC-160", ["putTrainingRights"])
def _two_sector_blocks(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first = sector_block(draw, body)
    blocks = body["trainingRights"]["complementarySectorRight"]
    if len(blocks) < 2:
        blocks.append(sector_rights(drawn(draw), None, 1)[0])
    second = choose(draw, [b for b in blocks if b is not first])
    second["jointCommissionNbr"] = first["jointCommissionNbr"]
    return request


@site("FLAC-161", ["putTrainingRights"])
def _two_employer_blocks(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first = employer_block(draw, body)
    blocks = body["trainingRights"]["complementaryEmployerRight"]
    if len(blocks) < 2:
        blocks.append(employer_rights(drawn(draw), None, 1)[0])
    second = choose(draw, [b for b in blocks if b is not first])
    # The same registry number twice, or two blocks without one (an absent value is a value).
    if "workingRegulationsRegistryNbr" in first:
        second["workingRegulationsRegistryNbr"] = first["workingRegulationsRegistryNbr"]
    else:
        second.pop("workingRegulationsRegistryNbr", None)
    return request


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
    reversed_period = dict(choose(draw, training["detailsPerPeriod"]))
    reversed_period.update(trainingStartDate=iso(later), trainingEndDate=iso(first))
    periods = training["detailsPerPeriod"]
    periods.insert(draw(st.integers(0, len(periods))), reversed_period)
    training["trainingFirstStartDate"], training["trainingLastEndDate"] = span(periods)
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
    crossing = dict(choose(draw, training["detailsPerPeriod"]))
    crossing.update(trainingStartDate=iso(begin), trainingEndDate=iso(finish))
    periods = training["detailsPerPeriod"]
    periods.insert(draw(st.integers(0, len(periods))), crossing)
    training["trainingFirstStartDate"], training["trainingLastEndDate"] = span(periods)
    return request



@site("FLAC-158", ["putTrainings"], **TWO_TRAININGS)
def _same_provider_training(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    first, second = draw(st.permutations(body["trainings"]))[:2]
    second["trainingProviderReference"] = dict(reference_block(draw, body, first))
    return request
