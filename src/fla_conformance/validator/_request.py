"""The request line: path parameters and query string (kind ``request`` and their schemas).

Path parameters are reported at ``{name}``, query parameters at ``?name`` (ARCHITECTURE.md).
Values travel as text; an integer parameter must be written in decimal digits.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from fla_conformance.contract import Operation, Parameter
from fla_conformance.identifiers import is_valid_inss, is_valid_kbo
from fla_conformance.validator import _ids
from fla_conformance.validator._schema import Finding, SchemaChecker

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
#: path parameters whose check digits are rules of their own (manual 3.3.3.1 A, B)
_IDENTITIES = {"companyId": (_ids.KBO, is_valid_kbo), "inss": (_ids.INSS, is_valid_inss)}


def _typed(parameter: Parameter, text: str) -> Any:
    """The parameter's value in its schema's type, or the text when it does not convert."""
    if parameter.schema.get("type") == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    return text


def _check(
    checker: SchemaChecker, parameter: Parameter, text: str, at: str, out: list[Finding]
) -> Any:
    """Checks one parameter; its typed value when it passes the schema, else None."""
    value = _typed(parameter, text)
    found: list[Finding] = []
    checker.check(parameter.schema, value, at, found, parameter.name)
    out.extend(found)
    return None if found else value


def check_line(
    checker: SchemaChecker,
    operation: Operation,
    raw: dict[str, str],
    query: str,
    out: list[Finding],
) -> dict[str, Any]:
    """Checks the path and query parameters; gives the ones that passed, typed, by name."""
    values: dict[str, Any] = {}
    for parameter in operation.parameters:
        if parameter.location != "path" or parameter.name not in raw:
            continue
        at = "{" + parameter.name + "}"
        value = _check(checker, parameter, unquote(raw[parameter.name]), at, out)
        identity = _IDENTITIES.get(parameter.name)
        if value is not None and identity is not None and not identity[1](value):
            out.append((identity[0], at))
        elif value is not None:
            values[parameter.name] = value
    given: dict[str, str] = {}
    for name, text in parse_qsl(query, keep_blank_values=True):
        given.setdefault(name, text)  # a repeated parameter: the first one counts
    for name, text in given.items():
        known = operation.parameter(name, "query")
        if known is None:
            out.append((_ids.UNKNOWN_QUERY_PARAMETER, "?" + name))
            continue
        value = _check(checker, known, text, "?" + name, out)
        if value is not None:
            values["?" + name] = value
    for parameter in operation.parameters:
        if parameter.location == "query" and parameter.required and parameter.name not in given:
            out.append((_ids.REQUIRED, "?" + parameter.name))
    _search_range(operation, values, out)
    return values


def _search_range(operation: Operation, values: dict[str, Any], out: list[Finding]) -> None:
    # manual 3.3.6.1 B: the search period of /employeesTrainings runs forwards
    start, end = values.get("?fromTrainingFirstStartDate"), values.get("?toTrainingLastEndDate")
    if operation.operation_id == "getEmployeesTrainings" and start and end and start > end:
        out.append((_ids.SEARCH_RANGE, "?fromTrainingFirstStartDate"))


_BODY_PLACES = (
    ("companyId", ("employer", "companyId"), "employer.companyId"),
    ("inss", ("employee", "inss"), "employee.inss"),
    ("calendarYear", ("calendarYear",), "calendarYear"),
)


def compare_with_body(
    values: dict[str, Any], body: dict[str, Any], bad: set[str], out: list[Finding]
) -> None:
    """manual 3.3.3.2 A, 3.3.4.2 A: the path's identities are the body's (FLAC-140)."""
    for name, keys, at in _BODY_PLACES:
        if name not in values or at in bad:
            continue
        node: Any = body
        for key in keys:
            node = node.get(key) if type(node) is dict else None
        if type(node) in (int, float) and node != values[name]:
            out.append((_ids.PATH_BODY_MISMATCH, at))
