"""Requests that break a rule of the request line or of an identity (FLAC-020, FLAC-021,
FLAC-130, FLAC-131, FLAC-140, FLAC-155): in the path and the query, and in the body where the
identity is also there. The rules inside a declaration are in _declaration_sites."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import strategies as st

from fla_conformance.identifiers import inss_check_digits, is_valid_inss, is_valid_kbo, make_kbo

from . import _contract
from ._blocks import reference_block
from ._gene import Draw
from ._model import Request, with_query
from ._sites import Options, body_of, choose, query_of, repath, site
from .identities import calendar_years, inss_numbers, kbo_numbers
from .trainings import iso

PUTS = ("putTrainingRights", "putTrainings")
ALL = tuple(_contract.contract().operations)
WITH_INSS = tuple(op.operation_id for op in _contract.contract() if "{inss}" in op.path)


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
