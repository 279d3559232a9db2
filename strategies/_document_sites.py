"""Bodies that are wrong as bytes (the catalogue's kind ``document``, FLAC-001 to FLAC-005).

These requests carry raw ``bytes`` (or no body at all): the document checks come first and,
when one fires, it is the only anomaly (ARCHITECTURE.md), so what the bytes would decode to
does not matter.
"""

from __future__ import annotations

import dataclasses
import json

from hypothesis import strategies as st

from . import _contract
from ._gene import Draw
from ._model import Request
from ._sites import Options, body_of, choose, site

PUTS = ("putTrainingRights", "putTrainings")
BOM = b"\xef\xbb\xbf"


def _text(request: Request) -> str:
    return json.dumps(body_of(request), ensure_ascii=False)


def _raw(request: Request, raw: bytes | None) -> Request:
    return dataclasses.replace(request, body=raw)


@site("FLAC-001", PUTS)
def _not_json(draw: Draw, request: Request, options: Options) -> Request:
    text = _text(request)
    kinds = (
        lambda: text[: draw(st.integers(1, len(text) - 1))],  # cut short
        lambda: text[:-1] + ",}",  # a trailing comma
        lambda: text.replace('"', "'"),  # Python's quotes
        lambda: f"[{text}]",  # an array, not an object
        lambda: choose(draw, ("null", "42", '"text"', "true", "[]")),
        lambda: text + text,  # two objects
    )
    return _raw(request, choose(draw, kinds)().encode("utf-8"))


@site("FLAC-002", PUTS)
def _bom(draw: Draw, request: Request, options: Options) -> Request:
    return _raw(request, BOM + _text(request).encode("utf-8"))


@site("FLAC-003", PUTS)
def _not_utf8(draw: Draw, request: Request, options: Options) -> Request:
    # Latin-1, as an old Windows program writes it: "é" is the byte E9, not valid UTF-8 here.
    text = _text(request)
    text = text[:-1] + ', "x": "Formation continuée"}'
    return _raw(request, text.encode("latin-1", errors="replace"))


@site("FLAC-004", PUTS)
def _beyond_limits(draw: Draw, request: Request, options: Options) -> Request:
    text = _text(request)
    limits = _contract.limits()
    kind = choose(draw, ("depth", "number", "string"))
    if kind == "depth":
        depth = limits["max_depth"] + draw(st.integers(1, 20))
        raw = text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    elif kind == "number":
        year = f'"calendarYear": {body_of(request)["calendarYear"]}'
        huge = choose(draw, ("1e400", "-1e400", "1E999", "1" + "0" * 5000))
        raw = text.replace(year, '"calendarYear": ' + huge, 1)
    else:
        raw = text[:-1] + ', "note": "' + "a" * (limits["max_string_length"] + 1) + '"}'
    return _raw(request, raw.encode("utf-8"))


@site("FLAC-005", PUTS)
def _no_body(draw: Draw, request: Request, options: Options) -> Request:
    return _raw(request, None)
