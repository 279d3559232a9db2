"""The values the strategies draw: a request line with its body, and stateful scenarios."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fla_conformance.contract import BASE_PATH

from . import _contract

Body = dict[str, Any]


@dataclass(frozen=True)
class Request:
    """One request to the FLA API.

    ``path`` is under the base path (``/employers/…``) and carries the query string. ``body``
    is the JSON object of a PUT, ``None`` for a GET (or a PUT without a body, FLAC-005), or
    raw ``bytes`` for the document rules FLAC-001 to FLAC-004, which are about the bytes.
    ``operation`` is the operationId, ``None`` for a request line no operation has (FLAC-020);
    ``violates`` is the rule the request was drawn to break, ``None`` for a valid one.
    """

    method: str
    path: str
    body: Body | bytes | None = None
    operation: str | None = None
    violates: str | None = None

    @property
    def content(self) -> bytes | None:
        """The body as sent over the wire: JSON in UTF-8, the raw bytes, or nothing."""
        if self.body is None or isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json"} if self.body is not None else {}

    def url(self, base_url: str = BASE_PATH) -> str:
        """The full URL under ``base_url`` (a server's URL ending in the base path)."""
        return base_url.rstrip("/") + self.path


@dataclass(frozen=True)
class MockCall:
    """A call to the reference mock's test-control API (under ``/_mock``), kept as data."""

    method: str
    path: str
    body: Body | None = None


Step = Request | MockCall


@dataclass(frozen=True)
class Scenario:
    """A stateful rule: the ``setup`` steps, in order, then the ``request`` that breaks it.

    ``expect_status`` is the HTTP status a conforming server answers to ``request`` (400 for a
    blocking rule, 200 for a warning, which is then one of the answer's anomalies);
    ``companies`` the employers the caller's client must be allowed to act for.
    ``MockCall`` steps only a mock can do; against another server the state must be built
    some other way.
    """

    rule_id: str
    setup: tuple[Step, ...]
    request: Request
    expect_status: int
    companies: tuple[int, ...] = ()
    notes: str = ""
    steps: tuple[Step, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", (*self.setup, self.request))



def declaration_path(operation_id: str, company_id: int, inss: int, year: int | None) -> str:
    """The path of an operation from the contract's template, with the parameters filled in."""
    template = _contract.operation(operation_id).path
    values = {"companyId": company_id, "inss": inss, "calendarYear": year}
    return template.format(**{k: v for k, v in values.items() if "{" + k + "}" in template})


def with_query(path: str, query: Mapping[str, object]) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def put_request(operation_id: str, body: Body, violates: str | None = None) -> Request:
    """A PUT whose path agrees with its body (FLAC-140)."""
    path = declaration_path(
        operation_id,
        body["employer"]["companyId"],
        body["employee"]["inss"],
        body["calendarYear"],
    )
    return Request("PUT", path, body, operation_id, violates)
