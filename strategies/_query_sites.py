"""Schema rules broken in the query string of a GET (FLAC-010, FLAC-011, FLAC-016, FLAC-017).

Which parameters each rule can reach is read from the operations' parameters in the contract.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from . import _contract
from ._gene import Draw
from ._model import Request, with_query
from ._sites import Options, choose, query_of, site

Wanted = Callable[[Any], bool]
_BAD_QUERY_DATES = ("2024-02-30", "2023-02-29", "2024-13-01", "2024/01/01", "01-02-2024",
                    "20240101", "today")


def _parameters(operation_id: str, wanted: Wanted) -> list[Any]:
    operation = _contract.operation(operation_id)
    return [p for p in operation.parameters if p.location == "query" and wanted(p)]


def _reaching(wanted: Wanted) -> list[str]:
    return [op for op in _contract.contract().operations if _parameters(op, wanted)]


def _requery(request: Request, query: dict[str, str]) -> Request:
    return dataclasses.replace(request, path=with_query(request.path.partition("?")[0], query))


def _set_one(wanted: Wanted, value: Callable[[Draw, Any], str]) -> Any:
    def mutation(draw: Draw, request: Request, options: Options) -> Request:
        parameter = choose(draw, _parameters(request.operation or "", wanted))
        query = query_of(request)
        query[parameter.name] = value(draw, parameter.schema)
        return _requery(request, query)

    return mutation


def _integer(p: Any) -> bool:
    return bool(p.schema.get("type") == "integer")


def _letters(draw: Draw, schema: Any) -> str:
    return draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6))


site("FLAC-010", _reaching(_integer))(_set_one(_integer, _letters))


def _required(p: Any) -> bool:
    return bool(p.required)


@site("FLAC-011", _reaching(_required))
def _missing_parameter(draw: Draw, request: Request, options: Options) -> Request:
    parameter = choose(draw, _parameters(request.operation or "", _required))
    query = query_of(request)
    del query[parameter.name]
    return _requery(request, query)


def _coded(p: Any) -> bool:
    return "enum" in p.schema


def _off_list(draw: Draw, schema: Any) -> str:
    values = [str(v) for v in schema["enum"]]
    variants = [v.lower() for v in values] + [v.upper() for v in values] + ["ALL", "none", "x"]
    return choose(draw, [v for v in variants if v not in values])


site("FLAC-016", _reaching(_coded))(_set_one(_coded, _off_list))


def _dated(p: Any) -> bool:
    return bool(p.schema.get("format") == "date")


site("FLAC-017", _reaching(_dated))(
    _set_one(_dated, lambda draw, schema: choose(draw, _BAD_QUERY_DATES))
)
