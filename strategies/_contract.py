"""What the strategies read from the contract: bounds, enums, list sizes, rules and windows.

Field names and structure are written out in the strategy modules; every number and coded value
comes from contracts/openapi.yaml or rules.yaml through these helpers, so a change of the
contract flows into the generated data.
"""

from __future__ import annotations

import functools
from typing import Any

from fla_conformance.contract import Contract, Operation, Rule, load_contract


@functools.cache
def contract() -> Contract:
    return load_contract()


@functools.cache
def component(name: str) -> dict[str, Any]:
    return contract().component(name)


def field(schema: str, name: str) -> dict[str, Any]:
    """The resolved schema of property ``name`` of component ``schema``."""
    found: dict[str, Any] = component(schema)["properties"][name]
    return found


def fields(schema: str) -> tuple[str, ...]:
    return tuple(component(schema)["properties"])


def enum(schema: str, name: str) -> tuple[Any, ...]:
    return tuple(field(schema, name)["enum"])


def bounds(schema: str, name: str | None = None) -> tuple[int, int]:
    """(minimum, maximum) of an integer property, or of a whole component when name is None."""
    node = component(schema) if name is None else field(schema, name)
    return int(node["minimum"]), int(node["maximum"])


def step(schema: str, name: str) -> int:
    return int(field(schema, name).get("multipleOf", 1))


def lengths(schema: str, name: str) -> tuple[int, int]:
    node = field(schema, name)
    if "items" in node and "pattern" not in node:
        node = node["items"]
    return int(node.get("minLength", 0)), int(node["maxLength"])


def items(schema: str, name: str) -> tuple[int, int]:
    node = field(schema, name)
    return int(node.get("minItems", 0)), int(node["maxItems"])


def required(schema: str) -> tuple[str, ...]:
    return tuple(component(schema).get("required", ()))


def read_only(schema: str) -> tuple[str, ...]:
    """The properties of ``schema`` marked readOnly (sent by Sigedis, refused in a PUT)."""
    return tuple(n for n, s in component(schema)["properties"].items() if s.get("readOnly"))


def operation(operation_id: str) -> Operation:
    return contract().operation(operation_id)


def rules() -> dict[str, Rule]:
    return contract().rules


def fla_window(anchor_year: int | None = None) -> tuple[int, int]:
    """(anchor, length) of the FLA windows; ``anchor_year`` overrides the catalogue (D13)."""
    anchor, length = contract().fla_window()
    return (anchor if anchor_year is None else anchor_year), length


def window_of(year: int, anchor_year: int | None = None) -> tuple[int, int]:
    """First and last calendar year of the FLA window holding ``year`` (DECISIONS.md D13)."""
    anchor, length = fla_window(anchor_year)
    first = anchor + (year - anchor) // length * length
    return first, first + length - 1


def limits() -> dict[str, int]:
    return {k: int(v) for k, v in (contract().settings.get("limits") or {}).items()}
