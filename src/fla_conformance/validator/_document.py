"""The document layer: the body as bytes (FLAC-001 to FLAC-005), before any schema.

RFC 8259 asks for UTF-8 without a byte order mark; the limits come from ``settings.limits`` of
rules.yaml. orjson parses; only when it refuses does the slower standard parser run, to tell
a syntax error from a limit (depth, infinity) or an encoding error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

import orjson

from fla_conformance.validator import _ids

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: a number beyond a signed 64-bit long cannot be any field of the API (Java backend)
NUMBER_BOUND = 2**63


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 16 * 1024 * 1024
    max_depth: int = 32
    max_string_length: int = 100_000

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Limits:
        raw = settings.get("limits") or {}
        return cls(**{key: int(raw[key]) for key in cls.__dataclass_fields__ if key in raw})


class _Constant(ValueError):
    """NaN or Infinity: not JSON (RFC 8259 section 6)."""


class _TooLarge(ValueError):
    """An integer literal beyond any bound (Python itself refuses those over 4300 digits)."""


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > 19:
        raise _TooLarge(text[:20])
    return int(text)


def parse(raw: bytes | bytearray | memoryview | str, limits: Limits) -> tuple[Any, str | None]:
    """The parsed body and None, or None and the errorId of the document check that fails.

    orjson refuses a BOM, invalid UTF-8 and an empty text itself, so a body it parses into an
    object needs no other test but its size; its refusals are sorted out afterwards.
    """
    if type(raw) is bytes or type(raw) is str:
        data = cast("bytes | str", raw)
    else:
        data = bytes(cast("bytearray | memoryview", raw))
    if len(data) > limits.max_body_bytes:
        return None, _ids.JSON_LIMITS
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None, _refused(data, limits)
    if type(value) is not dict:
        return None, _ids.JSON_SYNTAX
    return value, None


def _refused(raw: bytes | str, limits: Limits) -> str:
    """Why orjson refused a body, as the errorId of a document check."""
    if not raw or raw.isspace():
        return _ids.BODY_MISSING
    if raw.startswith(_BOMS) if isinstance(raw, bytes) else raw.startswith("\ufeff"):
        return _ids.JSON_BOM
    return _classify(raw, limits)


def _classify(raw: bytes | str, limits: Limits) -> str:
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _ids.JSON_ENCODING
    else:
        text = raw
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return _ids.JSON_ENCODING
    import json  # only for a body orjson refused: not on the way of a valid one

    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_int=_integer)
    except (RecursionError, _TooLarge):
        return _ids.JSON_LIMITS
    except ValueError:
        return _ids.JSON_SYNTAX
    return _ids.JSON_LIMITS if exceeds(value, limits) else _ids.JSON_SYNTAX


def exceeds(value: Any, limits: Limits) -> bool:
    """True when the value nests too deeply, or holds a string or number beyond the limits.

    It walks one depth at a time: every body with a schema finding comes here, and a level
    as a plain list (no (node, depth) pair per value, keys measured by ``map``) is the cheap
    way to see each value once.
    """
    longest = limits.max_string_length
    level: list[Any] = [value]
    depth = 1
    while level:
        below: list[Any] = []
        for node in level:
            cls = type(node)  # in the order of how often they come in a declaration
            if cls is str:
                if len(node) > longest:
                    return True
            elif cls is int:
                if not -NUMBER_BOUND <= node < NUMBER_BOUND:
                    return True
            elif cls is dict:
                if depth > limits.max_depth or (node and max(map(len, node)) > longest):
                    return True
                below.extend(node.values())
            elif cls is list:
                if depth > limits.max_depth:
                    return True
                below.extend(node)
            elif cls is float and (not math.isfinite(node) or abs(node) >= NUMBER_BOUND):
                return True
        level = below
        depth += 1
    return False


_JSON_SCALARS = (str, int, float, bool, type(None))


def json_like(value: Any) -> bool:
    """True when an already parsed value holds only what JSON can: objects with text keys,
    arrays, strings, numbers, booleans and null. A Python caller may hand anything in; what
    JSON cannot carry is FLAC-001, never a traceback."""
    level: list[Any] = [value]
    while level:
        below: list[Any] = []
        for node in level:
            cls = type(node)
            if cls is dict:
                if not all(type(key) is str for key in node):
                    return False
                below.extend(node.values())
            elif cls is list:
                below.extend(node)
            elif not isinstance(node, _JSON_SCALARS):
                return False
        level = below
    return True
