"""Where a location of an anomaly is in the source text: line and column, for SARIF.

A small scanner over the JSON text follows the path's steps (``a.b[2].c``) and stops at the
value; a step it cannot follow (a missing field) leaves it at the deepest value it reached.
It only runs when SARIF is asked for, so it favours clarity over speed.
"""

from __future__ import annotations

import json
import re

Step = str | int

_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r]*")


def steps(path: str) -> list[Step]:
    """The steps of a path; ``{name}`` and ``?name`` (the request line) give none."""
    if path[:1] in ("{", "?"):
        return []
    return [int(index) if index else name for index, name in _STEP.findall(path)]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(text: str, path: list[Step]) -> int:
    """The offset of the value at ``path``, or of the deepest value on the way to it."""
    at = _skip_space(text, 0)
    for step in path:
        found = _child(text, at, step)
        if found is None:
            break
        at = found
    return at


def syntax_error_offset(text: str) -> int:
    """Where a text stops being JSON (0 when it parses)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.pos
    except (ValueError, RecursionError):
        return 0
    return 0


def _skip_space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found else at


def _child(text: str, at: int, step: Step) -> int | None:
    if at >= len(text):
        return None
    opener = text[at]
    if opener == "{" and isinstance(step, str):
        return _member(text, at + 1, step)
    if opener == "[" and isinstance(step, int):
        return _item(text, at + 1, step)
    return None


def _member(text: str, at: int, name: str) -> int | None:
    at = _skip_space(text, at)
    while at < len(text) and text[at] == '"':
        key = _STRING.match(text, at)
        if key is None:
            return None
        at = _skip_space(text, key.end())
        if at >= len(text) or text[at] != ":":
            return None
        value = _skip_space(text, at + 1)
        if json.loads(key.group()) == name:
            return value
        at = _skip_space(text, _end(text, value))
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
    return None


def _item(text: str, at: int, index: int) -> int | None:
    at = _skip_space(text, at)
    for _ in range(index):
        if at >= len(text) or text[at] == "]":
            return None
        at = _skip_space(text, _end(text, at))
        if at >= len(text) or text[at] != ",":
            return None
        at = _skip_space(text, at + 1)
    return at if at < len(text) and text[at] != "]" else None


def _end(text: str, at: int) -> int:
    """The offset just after the value that starts at ``at``."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char == '"':
            found = _STRING.match(text, at)
            at = found.end() if found else len(text)
        else:
            at += 1
            if char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
                if depth < 0:
                    return at - 1
        if depth == 0 and (at >= len(text) or text[at] in ",}] \t\r\n"):
            return at
    return at
