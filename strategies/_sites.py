"""The registry of violating strategies: for each rule, one "site" per operation it can break.

A site is a mutation: it takes a valid request (drawn with the site's body options) and
breaks one rule in it, leaving every other rule whole (ARCHITECTURE.md, "How the validator
reports"). The site modules register themselves here with :func:`site`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from hypothesis import strategies as st

from . import _contract
from ._gene import Draw
from ._model import Request, Scenario, declaration_path
from .requests import requests

Mutation = Callable[[Draw, Request, "Options"], Request]
ScenarioBuilder = Callable[["Options", str], st.SearchStrategy[Scenario]]
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """What the caller fixes in every drawn request (e.g. the mock's seeded employer)."""

    company_id: int | None = None
    inss: int | None = None
    year: int | None = None
    anchor_year: int | None = None


@dataclass(frozen=True)
class Site:
    mutation: Mutation
    body_options: dict[str, Any] = field(default_factory=dict)


SITES: dict[str, dict[str, Site]] = {}
SCENARIOS: dict[str, dict[str, ScenarioBuilder]] = {}


def site(rule_id: str, operations: Sequence[str], **body_options: Any) -> Callable[[T], T]:
    """Register the decorated mutation for ``rule_id`` on each of ``operations``."""

    def register(mutation: T) -> T:
        for operation_id in operations:
            SITES.setdefault(rule_id, {})[operation_id] = Site(mutation, body_options)  # type: ignore[arg-type]
        return mutation

    return register


def scenario(rule_id: str, operations: Sequence[str]) -> Callable[[T], T]:
    """Register the decorated scenario builder for a stateful rule on each of ``operations``."""

    def register(builder: T) -> T:
        for operation_id in operations:
            SCENARIOS.setdefault(rule_id, {})[operation_id] = builder  # type: ignore[assignment]
        return builder

    return register


def valid(operation_id: str, options: Options, **body_options: Any) -> st.SearchStrategy[Request]:
    fixed: dict[str, Any] = {
        "company_id": options.company_id, "inss": options.inss, "year": options.year
    }
    if operation_id == "putTrainings":
        fixed["anchor_year"] = options.anchor_year
    else:  # a site shared by both PUTs may size the trainings
        body_options = {k: v for k, v in body_options.items() if k not in _TRAININGS_ONLY}
    return requests(operation_id, **fixed, **body_options)


_TRAININGS_ONLY = frozenset(
    {"min_trainings", "max_trainings", "max_periods", "provider_references", "multi_window"}
)


@st.composite
def apply(
    draw: Draw, rule_id: str, operation_id: str, found: Site, options: Options
) -> Request:
    base = draw(valid(operation_id, options, **found.body_options))
    broken = found.mutation(draw, base, options)
    return dataclasses.replace(broken, violates=rule_id)


# ---- helpers the mutations share -----------------------------------------------------------


def choose(draw: Draw, values: Sequence[T]) -> T:
    return draw(st.sampled_from(values))


def body_of(request: Request) -> dict[str, Any]:
    assert isinstance(request.body, dict), "a mutation of a body needs a JSON body"
    return request.body


def repath(request: Request, company_id: Any, inss: Any, year: Any) -> Request:
    """The request with other path parameters (and its query string kept)."""
    query = request.path.partition("?")[2]
    path = declaration_path(request.operation or "", company_id, inss, year)
    return dataclasses.replace(request, path=f"{path}?{query}" if query else path)


def training_at(draw: Draw, body: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = choose(draw, body["trainings"])
    return found


def period_at(draw: Draw, body: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = choose(draw, training_at(draw, body)["detailsPerPeriod"])
    return found


def replace_value(block: dict[str, Any], old: str, new: str, value: Any) -> None:
    """Swap key ``old`` for ``new`` with ``value``, keeping the key order."""
    items = [(new, value) if key == old else (key, v) for key, v in block.items()]
    block.clear()
    block.update(items)


def duration_key(block: dict[str, Any], schema: str) -> str:
    """The days or hours field present in a block of ``schema``."""
    alternatives = _contract.component(schema)["x-fla-alternatives"]
    return next(name for name in alternatives if name in block)


def outside(draw: Draw, low: int, high: int, multiple: int = 1) -> int:
    """An integer below ``low`` or above ``high``, a multiple of ``multiple``."""
    distance = draw(st.integers(1, 1000)) * multiple
    return low - distance if draw(st.booleans()) else high + distance


def query_of(request: Request) -> dict[str, str]:
    return dict(parse_qsl(request.path.partition("?")[2], keep_blank_values=True))
