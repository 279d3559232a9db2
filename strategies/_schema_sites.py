"""Requests that break one JSON Schema keyword of a body (the catalogue's kind ``schema``).

Each mutation picks a block of the body and one of its fields that the keyword constrains,
read from the contract, and gives it a value that fails that keyword only. Fields whose
failure the catalogue reports under another rule (``x-fla-rule``: calendarYear is FLAC-120,
a joint committee FLAC-110, providerTrainingId FLAC-019) are left to those rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from . import _contract
from ._blocks import (
    Block,
    blocks,
    employer_block,
    legal_block,
    properties,
    sector_block,
    settable,
)
from ._gene import Draw
from ._model import Request
from ._sites import Options, body_of, choose, outside, site
from .trainings import TEXT

PUTS = ("putTrainingRights", "putTrainings")
TRAININGS = {"min_trainings": 1, "max_trainings": 3}
Pick = Callable[[dict[str, Any], str], list[str]]

_WRONG_TYPE: dict[str, list[Any]] = {
    "integer": ["12", "abc", True, 1.5, None, [1], {"value": 1}],
    "string": [12, True, None, ["text"], {"value": "text"}, 1.5],
    "array": ["text", 1, {"value": 1}, None, True],
    "object": ["text", 1, [], None, False],
}


def _own_rule(node: dict[str, Any], rule_id: str) -> bool:
    """True unless the catalogue reports this field's failures under another rule."""
    other = node.get("x-fla-rule") not in (None, rule_id)
    return not other and node.get("format") != "uuid"


def _pick(draw: Draw, request: Request, wanted: Pick) -> tuple[dict[str, Any], str, str]:
    """A block of the request's body and a field of it that ``wanted`` selects."""
    body = body_of(request)
    candidates = _candidates(blocks(draw, body, request.operation or ""), wanted)
    if not candidates:  # a right block of each kind has every field a rule can want
        for ensure in (legal_block, sector_block, employer_block):
            ensure(draw, body)
        candidates = _candidates(blocks(draw, body, request.operation or ""), wanted)
    (block, schema), name = choose(draw, candidates)
    return block, schema, name


def _candidates(found: list[Block], wanted: Pick) -> list[tuple[Block, str]]:
    return [(block, name) for block in found for name in wanted(*block)]


def _mutate(wanted: Pick, value: Callable[[Draw, dict[str, Any]], Any]) -> Any:
    def mutation(draw: Draw, request: Request, options: Options) -> Request:
        block, schema, name = _pick(draw, request, wanted)
        block[name] = value(draw, properties(schema)[name])
        return request

    return mutation


def _typed(block: dict[str, Any], schema: str) -> list[str]:
    return [n for n in settable(block, schema) if properties(schema)[n].get("type") in _WRONG_TYPE]


site("FLAC-010", PUTS, **TRAININGS)(
    _mutate(_typed, lambda draw, node: choose(draw, _WRONG_TYPE[node["type"]]))
)


@site("FLAC-011", PUTS, **TRAININGS)
def _missing(draw: Draw, request: Request, options: Options) -> Request:
    block, _, name = _pick(
        draw, request, lambda b, s: [n for n in _contract.required(s) if n in b]
    )
    del block[name]
    return request


@site("FLAC-012", PUTS, **TRAININGS)
def _unknown(draw: Draw, request: Request, options: Options) -> Request:
    block, schema, _ = _pick(draw, request, lambda b, s: ["*"])
    known = properties(schema)
    # A field in another casing is unknown (D6, D15), as are the manual's prose typos (D11).
    name = choose(draw, [*known, *_TYPOS.get(schema, ())])
    name = name if name not in known else name[0].upper() + name[1:]
    block[name] = draw(st.none() | st.integers(-(10**6), 10**6) | st.text(TEXT, max_size=5))
    return request


_TYPOS = {
    "LegalFlaRight": ("legalFlarRightDays",),
    "ComplementarySectorRight": ("complementaireSectorRightHours",),
    "ComplementaryEmployerRight": ("complementaireEmployerRightDays",),
}


def _read_only_value(draw: Draw, node: dict[str, Any]) -> Any:
    if "enum" in node:
        return choose(draw, node["enum"])
    return draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))).isoformat()


site("FLAC-013", PUTS, **TRAININGS)(
    _mutate(lambda b, s: list(_contract.read_only(s)), _read_only_value)
)


def _bounded(rule_id: str) -> Pick:
    def wanted(block: dict[str, Any], schema: str) -> list[str]:
        return [
            n
            for n in settable(block, schema)
            if "maximum" in properties(schema)[n] and _own_rule(properties(schema)[n], rule_id)
        ]

    return wanted


def _out_of_range(draw: Draw, node: dict[str, Any]) -> int:
    return outside(draw, int(node["minimum"]), int(node["maximum"]), int(node.get("multipleOf", 1)))


site("FLAC-014", PUTS, **TRAININGS)(_mutate(_bounded("FLAC-014"), _out_of_range))


def _lengthy(block: dict[str, Any], schema: str) -> list[str]:
    return [
        n
        for n in settable(block, schema)
        if "maxLength" in properties(schema)[n] and _own_rule(properties(schema)[n], "FLAC-015")
        and "enum" not in properties(schema)[n]
    ]


def _bad_length(draw: Draw, node: dict[str, Any]) -> str:
    low, high = int(node.get("minLength", 0)), int(node["maxLength"])
    size = draw(st.integers(0, low - 1)) if low and draw(st.booleans()) else high + draw(
        st.integers(1, 20)
    )
    return choose(draw, TEXT) * size


site("FLAC-015", PUTS, **TRAININGS)(_mutate(_lengthy, _bad_length))


def _coded(block: dict[str, Any], schema: str) -> list[str]:
    return [
        n
        for n in settable(block, schema)
        if "enum" in properties(schema)[n] and not properties(schema)[n].get("readOnly")
    ]


def _off_list(draw: Draw, node: dict[str, Any]) -> Any:
    values = node["enum"]
    if node.get("type") == "integer":
        return outside(draw, min(values), max(values))
    return choose(draw, [str(v).lower() for v in values] + ["ALL", "unknown"])


site("FLAC-016", PUTS, **TRAININGS)(_mutate(_coded, _off_list))

BAD_DATES = (
    "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "2024/01/01",
    "01-02-2024", "2024-1-5", "20240101", "2024-01-01T00:00:00", "yesterday", "",
)


def _dated(block: dict[str, Any], schema: str) -> list[str]:
    return [
        n
        for n in settable(block, schema)
        if properties(schema)[n].get("format") == "date"
        and not properties(schema)[n].get("readOnly")
    ]


site("FLAC-017", ["putTrainings"], **TRAININGS)(
    _mutate(_dated, lambda draw, node: choose(draw, BAD_DATES))
)
