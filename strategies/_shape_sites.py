"""Schema rules with their own errorId: list sizes, days and hours, joint committees, UUIDs and
calendar years (FLAC-018, FLAC-019, FLAC-101 to FLAC-103, FLAC-110, FLAC-120)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from hypothesis import strategies as st

from . import _contract
from ._blocks import blocks, employer_block, legal_block, reference_block, sector_block
from ._gene import Draw, drawn
from ._model import Request, with_query
from ._sites import (
    Options,
    body_of,
    choose,
    duration_key,
    outside,
    query_of,
    repath,
    site,
    training_at,
)
from .identities import joint_committees
from .rights import employer_rights, sector_rights

PUTS = ("putTrainingRights", "putTrainings")
RIGHT_KINDS = ("LegalFlaRight", "ComplementarySectorRight", "ComplementaryEmployerRight")


def _too_many(kind: str) -> int:
    return _contract.items("TrainingRights", kind)[1] + 1


@site("FLAC-018", ["putTrainingRights"])
def _rights_sizes(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    where = choose(draw, ("legal-none", "legal-many", "sector", "employer"))
    rights = body.setdefault("trainingRights", {})
    if where.startswith("legal"):
        low, high = _contract.items("LegalFlaRight", "jointCommissionNbr")
        size = high + 1 if where == "legal-many" else low - 1
        legal_block(draw, body)["jointCommissionNbr"] = draw(
            st.lists(joint_committees(), min_size=size, max_size=size, unique=True)
        )
    elif where == "sector":
        count = _too_many("complementarySectorRight")
        rights["complementarySectorRight"] = sector_rights(drawn(draw), None, count)
    else:
        count = _too_many("complementaryEmployerRight")
        rights["complementaryEmployerRight"] = employer_rights(drawn(draw), None, count)
    return request


@site("FLAC-018", ["putTrainings"], min_trainings=1, max_trainings=3)
def _no_periods(draw: Draw, request: Request, options: Options) -> Request:
    # A training without periods; too many (1000) would make an unwieldy example.
    training_at(draw, body_of(request))["detailsPerPeriod"] = []
    return request


NOT_UUIDS = (
    lambda u: u.hex,
    lambda u: "{" + str(u) + "}",
    lambda u: "urn:uuid:" + str(u),
    lambda u: str(u)[:-1] + "g",
    lambda u: str(u)[:-1],
    lambda u: str(u).replace("-", "_"),
    lambda u: str(u) + "0",
)


@site("FLAC-019", ["putTrainings"], min_trainings=1, max_trainings=3)
def _not_uuid(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    reference = reference_block(draw, body, training_at(draw, body))
    key = uuid.UUID(reference["providerTrainingId"])
    reference["providerTrainingId"] = choose(draw, NOT_UUIDS)(key)
    return request


def _duration_blocks(draw: Draw, request: Request) -> list[dict[str, Any]]:
    """Right blocks or periods, the ones that hold exactly one of days and hours."""
    body = body_of(request)
    if request.operation == "putTrainings":
        return [p for t in body["trainings"] for p in t["detailsPerPeriod"]]
    ensure = choose(draw, (legal_block, sector_block, employer_block))
    ensure(draw, body)
    return [b for b, schema in blocks(draw, body, "putTrainingRights") if schema in RIGHT_KINDS]


def _schema_of(block: dict[str, Any]) -> str:
    for schema in (*RIGHT_KINDS, "TrainingPeriod"):
        names = _contract.component(schema)["x-fla-alternatives"]
        if any(name in block for name in names):
            return schema
    raise AssertionError("a block without days or hours")  # pragma: no cover


def _value(draw: Draw, schema: str, name: str) -> int:
    low, high = _contract.bounds(schema, name)
    step = _contract.step(schema, name)
    return draw(st.integers(low // step, high // step)) * step


@site("FLAC-101", PUTS, min_trainings=1, max_trainings=3)
def _both(draw: Draw, request: Request, options: Options) -> Request:
    block = choose(draw, _duration_blocks(draw, request))
    schema = _schema_of(block)
    other = next(n for n in _contract.component(schema)["x-fla-alternatives"] if n not in block)
    block[other] = _value(draw, schema, other)
    return request


@site("FLAC-102", PUTS, min_trainings=1, max_trainings=3)
def _neither(draw: Draw, request: Request, options: Options) -> Request:
    block = choose(draw, _duration_blocks(draw, request))
    del block[duration_key(block, _schema_of(block))]
    return request


@site("FLAC-103", PUTS, min_trainings=1, max_trainings=3)
def _not_half_days(draw: Draw, request: Request, options: Options) -> Request:
    block = choose(draw, _duration_blocks(draw, request))
    schema = _schema_of(block)
    days = _contract.component(schema)["x-fla-alternatives"][0]
    step = _contract.step(schema, days)
    high = _contract.bounds(schema, days)[1]
    value = draw(st.integers(0, high // step - 1)) * step + draw(st.integers(1, step - 1))
    block.pop(duration_key(block, schema))
    block[days] = value
    return request


BAD_COMMITTEES = (
    "20", "2000", "200.1", "200.001", "200.01.01.01", "abc", "200-01", "200.", ".200",
    "200.01.", " 200", "200 ", "", "2OO", "200.01.1",
)


@site("FLAC-110", ["putTrainingRights"])
def _bad_committee(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    ensure = choose(draw, (legal_block, sector_block, employer_block))
    block = ensure(draw, body)
    bad = choose(draw, BAD_COMMITTEES)
    if isinstance(block["jointCommissionNbr"], list):
        committees = block["jointCommissionNbr"]
        committees[draw(st.integers(0, len(committees) - 1))] = bad
    else:
        block["jointCommissionNbr"] = bad
    return request


def _bad_year(draw: Draw) -> int:
    low, high = _contract.bounds("CalendarYear")
    return outside(draw, low, high) if draw(st.booleans()) else choose(draw, (low - 1, high + 1))


@site("FLAC-120", PUTS)
def _year_in_body(draw: Draw, request: Request, options: Options) -> Request:
    body = body_of(request)
    body["calendarYear"] = _bad_year(draw)
    return repath(request, body["employer"]["companyId"], body["employee"]["inss"],
                  body["calendarYear"])


@site("FLAC-120", ["getTrainingRights", "getTrainings"])
def _year_in_path(draw: Draw, request: Request, options: Options) -> Request:
    parts = request.path.split("/")
    parts[parts.index("calendarYears") + 1] = str(_bad_year(draw))
    return dataclasses.replace(request, path="/".join(parts))


@site("FLAC-120", ["getEmployeesTrainings", "getEmployeesTrainingRights"])
def _year_in_query(draw: Draw, request: Request, options: Options) -> Request:
    path, _, _ = request.path.partition("?")
    query = query_of(request)
    query["calendarYear"] = str(_bad_year(draw))
    return dataclasses.replace(request, path=with_query(path, query))
