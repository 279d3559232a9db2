"""The request line: path parameters and query string (kind ``request`` and their schemas).

Path parameters are reported at ``{name}``, query parameters at ``?name`` (ARCHITECTURE.md).
Values travel as text; an integer parameter must be written in decimal digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from fla_conformance.contract import Operation, Parameter
from fla_conformance.validator import _ids
from fla_conformance.validator._rules import inss_ok, kbo_ok
from fla_conformance.validator._schema import Finding, SchemaChecker

if TYPE_CHECKING:
    from fla_conformance.validator._compile import FastChecker

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
#: path parameters whose check digits are rules of their own (manual 3.3.3.1 A, B)
_IDENTITIES: dict[str, tuple[str, Callable[[int], bool]]] = {
    "companyId": (_ids.KBO, kbo_ok),
    "inss": (_ids.INSS, inss_ok),
}


def _path_value(text: str, integer: bool) -> Any:
    """A path parameter's value: percent-decoded, then typed."""
    if "%" in text:
        from urllib.parse import unquote

        text = unquote(text)
    if integer and text.isdigit() and text.isascii():
        return int(text)
    return _typed(integer, text)


def _typed(integer: bool, text: str) -> Any:
    """A parameter's value in its schema's type, or the text when it does not convert."""
    if integer and _INTEGER.fullmatch(text):
        return int(text)
    return text


class RequestLine:
    """The parameters of one operation, sorted once; ``check`` runs on every request."""

    def __init__(self, operation: Operation, checker: SchemaChecker | FastChecker) -> None:
        self.operation = operation
        self.checker = checker
        self.path = [p for p in operation.parameters if p.location == "path"]
        self.query = {p.name: p for p in operation.parameters if p.location == "query"}
        self.required = [p.name for p in self.query.values() if p.required]
        self._checks: dict[str, Callable[[Any, list[Finding]], None]] = {}
        self._path: list[tuple[str, str, bool, Any, Any]] | None = None
        self._seen: dict[tuple[str, str], tuple[tuple[Finding, ...], Any]] = {}

    def check(self, raw: dict[str, str], query: str, out: list[Finding]) -> dict[str, Any]:
        """Checks the path and query parameters; gives the ones that passed, typed, by name."""
        values: dict[str, Any] = {}
        seen = self._seen
        for name, at, integer, check, identity in self._path_checks():
            text = raw.get(name)
            if text is None:
                continue
            known = seen.get((at, text))  # an export repeats its employer and its years
            if known is None:
                found: list[Finding] = []
                value = _path_value(text, integer)
                check(value, found)
                if not found and identity is not None and not identity[1](value):
                    found.append((identity[0], at))
                if len(seen) > 65536:
                    seen.clear()
                known = seen[(at, text)] = (tuple(found), value)
            if known[0]:
                out.extend(known[0])
            else:
                values[name] = known[1]
        if query or self.required:
            self._query(query, values, out)
        return values

    def _path_checks(self) -> list[tuple[str, str, bool, Any, Any]]:
        """Per path parameter: name, place, integer?, compiled check, check digits (once)."""
        if self._path is None:
            self._path = [
                (
                    p.name,
                    "{" + p.name + "}",
                    p.schema.get("type") == "integer",
                    self._compile(p, "{" + p.name + "}"),
                    _IDENTITIES.get(p.name),
                )
                for p in self.path
            ]
        return self._path

    def _query(self, query: str, values: dict[str, Any], out: list[Finding]) -> None:
        given: dict[str, str] = {}
        if query:
            from urllib.parse import parse_qsl  # a PUT has no query: keep the start light

            for name, text in parse_qsl(query, keep_blank_values=True):
                given.setdefault(name, text)  # a repeated parameter: the first one counts
        for name, text in given.items():
            known = self.query.get(name)
            if known is None:
                out.append((_ids.UNKNOWN_QUERY_PARAMETER, "?" + name))
                continue
            value = self._one(known, text, "?" + name, out)
            if value is not None:
                values["?" + name] = value
        for name in self.required:
            if name not in given:
                out.append((_ids.REQUIRED, "?" + name))
        if self.operation.operation_id == "getEmployeesTrainings":
            _search_range(values, out)

    def _one(self, parameter: Parameter, text: str, at: str, out: list[Finding]) -> Any:
        """Checks one parameter; its typed value when it passes the schema, else None."""
        check = self._checks.get(at)
        if check is None:
            check = self._checks[at] = self._compile(parameter, at)
        value = _typed(parameter.schema.get("type") == "integer", text)
        before = len(out)
        check(value, out)
        return value if len(out) == before else None

    def _compile(self, parameter: Parameter, at: str) -> Callable[[Any, list[Finding]], None]:
        checker = self.checker
        if isinstance(checker, SchemaChecker):
            return lambda value, out: checker.check(
                parameter.schema, value, at, out, parameter.name
            )
        return checker.compiled(parameter.schema, at, parameter.name)


def _search_range(values: dict[str, Any], out: list[Finding]) -> None:
    # manual 3.3.6.1 B: the search period of /employeesTrainings runs forwards
    start, end = values.get("?fromTrainingFirstStartDate"), values.get("?toTrainingLastEndDate")
    if start and end and start > end:
        out.append((_ids.SEARCH_RANGE, "?fromTrainingFirstStartDate"))


class Routes:
    """Operations by method and last path segment, so that a request line costs one regex."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        self._routes: dict[tuple[str, str], list[Operation]] = {}
        for op in operations:
            tail = op.path.rsplit("/", 1)[-1]
            key = (op.method, "" if "{" in tail else tail)
            self._routes.setdefault(key, []).append(op)

    def match(self, method: str, bare: str) -> tuple[Operation, dict[str, str]] | None:
        method = method.lower()
        tail = bare[bare.rfind("/") + 1 :]
        for key in ((method, tail), (method, "")):
            for op in self._routes.get(key, ()):
                found = op.pattern.fullmatch(bare)
                if found:
                    return op, found.groupdict()
        return None


def compare_with_body(
    values: dict[str, Any], body: dict[str, Any], bad: set[str], out: list[Finding]
) -> None:
    """manual 3.3.3.2 A, 3.3.4.2 A: the path's identities are the body's (FLAC-140)."""
    employer, employee = body.get("employer"), body.get("employee")
    for name, block, key, at in (
        ("companyId", employer, "companyId", "employer.companyId"),
        ("inss", employee, "inss", "employee.inss"),
        ("calendarYear", body, "calendarYear", "calendarYear"),
    ):
        if name in values and type(block) is dict and at not in bad:
            value = block.get(key)
            if (type(value) is int or type(value) is float) and value != values[name]:
                out.append((_ids.PATH_BODY_MISMATCH, at))
