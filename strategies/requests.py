"""Whole requests: a PUT whose path agrees with its body, or a GET request line with its query.

The query parameters, their presence and their values come from the operation's parameters in
the contract; the one cross-parameter rule, fromTrainingFirstStartDate not after
toTrainingLastEndDate (FLAC-155), is kept by sorting the two dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from fla_conformance.contract import Parameter
from fla_conformance.errors import UsageError

from . import _contract
from ._gene import Gene, genes
from ._model import Request, declaration_path, put_request, with_query
from .identities import inss_from, kbo_from
from .rights import training_rights_bodies
from .trainings import trainings_bodies

BODIES: dict[str, Callable[..., st.SearchStrategy[dict[str, Any]]]] = {
    "putTrainingRights": training_rights_bodies,
    "putTrainings": trainings_bodies,
}
GET_OPTIONS = frozenset({"company_id", "inss", "year"})
QUERY_DATES = (dt.date(2015, 1, 1), dt.date(2035, 12, 31))
_SEARCH_RANGE = ("fromTrainingFirstStartDate", "toTrainingLastEndDate")


def query_value(gene: Gene, schema: Any) -> str:
    """Valid text of a query parameter of ``schema`` (query strings carry text)."""
    if "enum" in schema:
        return str(gene.choice(schema["enum"]))
    if schema.get("format") == "date":
        return gene.date(*QUERY_DATES).isoformat()
    if schema.get("type") == "integer":
        return str(gene.integer(int(schema["minimum"]), int(schema["maximum"])))
    raise UsageError(f"no strategy for a query parameter of schema {schema!r}")


def query_from(gene: Gene, operation_id: str, year: int | None = None) -> dict[str, str]:
    """A valid query of ``operation_id``: required parameters always, optional ones or not."""
    query: dict[str, str] = {}
    for parameter in _query_parameters(operation_id):
        if parameter.required or gene.flag():
            fixed = year is not None and parameter.name == "calendarYear"
            query[parameter.name] = str(year) if fixed else query_value(gene, parameter.schema)
    if all(name in query for name in _SEARCH_RANGE):
        low, high = sorted(query[name] for name in _SEARCH_RANGE)
        query.update(zip(_SEARCH_RANGE, (low, high), strict=True))
    return query


def queries(operation_id: str, year: int | None = None) -> st.SearchStrategy[dict[str, str]]:
    """Valid query strings of ``operation_id``, as a dict of parameter names and values."""
    _contract.operation(operation_id)
    return genes().map(lambda gene: query_from(gene, operation_id, year))


def _query_parameters(operation_id: str) -> list[Parameter]:
    return [p for p in _contract.operation(operation_id).parameters if p.location == "query"]


def get_request(
    gene: Gene, operation_id: str, company_id: int | None, inss: int | None, year: int | None
) -> Request:
    path = declaration_path(
        operation_id,
        kbo_from(gene) if company_id is None else company_id,
        inss_from(gene) if inss is None else inss,
        gene.integer(*_contract.bounds("CalendarYear")) if year is None else year,
    )
    query = query_from(gene, operation_id, year)
    return Request("GET", with_query(path, query), None, operation_id)


def requests(operation_id: str, **options: Any) -> st.SearchStrategy[Request]:
    """Valid requests of ``operation_id``, under the schema and every rule of the catalogue.

    A PUT takes the options of :func:`training_rights_bodies` or :func:`trainings_bodies` and
    gets the path of its body's employer, employee and year. A GET takes ``company_id``,
    ``inss`` and ``year`` (``year`` also fixes a calendarYear query parameter when drawn).
    """
    operation = _contract.operation(operation_id)
    if operation.method == "put":
        bodies = BODIES[operation_id](**options)
        return bodies.map(lambda body: put_request(operation_id, body))
    unknown = set(options) - GET_OPTIONS
    if unknown:
        raise UsageError(f"{operation_id} takes only {sorted(GET_OPTIONS)}, not {sorted(unknown)}")
    fixed = (options.get("company_id"), options.get("inss"), options.get("year"))
    return genes().map(lambda gene: get_request(gene, operation_id, *fixed))


def operation_ids() -> tuple[str, ...]:
    """The operationIds of the contract, for ``requests(operation_id)``."""
    return tuple(_contract.contract().operations)
