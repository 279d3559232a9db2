"""The schema layer, fast: Python source generated from a resolved schema, compiled once.

The generated function reports what :class:`_schema.SchemaChecker` reports (the same findings,
possibly in another order; tests/test_validator_fast.py compares them over generated
documents), but with every keyword turned into an inline test, so that a valid declaration of
900 bytes costs a few microseconds. A path is only written out when a finding needs it. A
construct the generator does not specialise is handed to the interpreter, node by node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from fla_conformance.validator import _cache, _ids
from fla_conformance.validator._schema import (
    Finding,
    RuleMap,
    SchemaChecker,
    ensure_supported,
    in_enum,
)
from fla_conformance.validator._schema import is_date as schema_is_date
from fla_conformance.validator._schema import is_uuid as schema_is_uuid

Check = Callable[[Any, list[Finding]], None]
#: valid dates and UUIDs already seen: a set lookup instead of a parse (dates repeat a lot)
_DATES: set[str] = set()
_UUIDS: set[str] = set()
_REMEMBER = 50_000


def _remember(seen: set[str], text: str) -> bool:
    """Adds a text found valid to ``seen`` (bounded: cleared past _REMEMBER); always True."""
    if len(seen) > _REMEMBER:
        seen.clear()
    seen.add(text)
    return True


def is_date(text: str) -> bool:
    """_schema.is_date, remembering the valid ones."""
    return schema_is_date(text) and _remember(_DATES, text)


def matches(pattern: re.Pattern[str], seen: set[str], text: str) -> bool:
    """A pattern's verdict, remembering the texts that match (joint committees repeat)."""
    return pattern.search(text) is not None and _remember(seen, text)


def is_uuid(text: str) -> bool:
    """_schema.is_uuid, remembering the valid ones."""
    return schema_is_uuid(text) and _remember(_UUIDS, text)


class _Path:
    """A location as parts of an f-string: literal text and names of index or key variables."""

    def __init__(self, parts: tuple[tuple[bool, str], ...] = ()) -> None:
        self.parts = parts

    def child(self, name: str) -> _Path:
        return _Path((*self.parts, (False, "." + name))) if self.parts else _Path(((False, name),))

    def key(self, variable: str) -> _Path:
        sep = ((False, "."),) if self.parts else ()
        return _Path((*self.parts, *sep, (True, variable)))

    def item(self, variable: str) -> _Path:
        return _Path((*self.parts, (False, "["), (True, variable), (False, "]")))

    def source(self) -> str:
        if not any(is_expr for is_expr, _ in self.parts):
            return repr("".join(text for _, text in self.parts))
        body = "".join(
            "{" + text + "}" if is_expr else text.replace("{", "{{").replace("}", "}}")
            for is_expr, text in self.parts
        )
        return "f" + repr(body)


class Compiler:
    """Generates and compiles one check function per schema."""

    def __init__(self, rules: RuleMap, *, request: bool) -> None:
        self.rules = rules
        self.request = request
        self.fallback = SchemaChecker(rules, request=request)

    def compile(self, schema: Mapping[str, Any], root: str = "", name: str = "") -> Check:
        """The check function of ``schema``, from the user's cache or generated now."""
        rules = [self.rules.keywords, self.rules.formats, self.rules.fields]
        address = _cache.key(schema, rules, self.request, root, name)
        helpers = self.helpers()
        cached = _cache.load(address, helpers)
        if cached is not None:
            return cached
        ensure_supported(schema, root or "a body")
        source, namespace = self.source(schema, root, name)
        code = compile(source, f"<fla validator {root or 'body'}>", "exec")
        exec(code, namespace)
        _cache.store(address, code, namespace, set(helpers))
        check: Check = namespace["check"]
        return check

    def helpers(self) -> dict[str, Any]:
        """What every generated function finds in its globals."""
        return {
            "is_date": is_date,
            "matches": matches,
            "is_uuid": is_uuid,
            "in_enum": in_enum,
            "DATES": _DATES,
            "UUIDS": _UUIDS,
            "FALLBACK": self.fallback,
        }

    def source(
        self, schema: Mapping[str, Any], root: str = "", name: str = ""
    ) -> tuple[str, dict[str, Any]]:
        writer = _Writer(self)
        writer.line("def check(v0, out):")
        writer.depth += 1
        writer.line("append = out.append")
        writer.node(schema, "v0", _Path(((False, root),)) if root else _Path(), name)
        return "\n".join(writer.lines) + "\n", writer.namespace


class _Writer:
    def __init__(self, compiler: Compiler) -> None:
        self.c = compiler
        self.rules = compiler.rules
        self.lines: list[str] = []
        self.depth = 0
        self.count = 0
        self.namespace: dict[str, Any] = compiler.helpers()

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def var(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any) -> str:
        name = self.var("K")
        self.namespace[name] = value
        return name

    def found(self, rule: str, path: _Path) -> None:
        self.line(f"append(({rule!r}, {path.source()}))")

    # -- nodes --------------------------------------------------------------------------------
    def node(self, schema: Mapping[str, Any], var: str, path: _Path, name: str) -> None:
        kind = schema.get("type")
        test = _TYPE_TESTS.get(kind) if isinstance(kind, str) else None
        if test is None or not isinstance(kind, str) or not self._plain(schema, kind):
            self._interpret(schema, var, path, name)
            return
        self.line(f"if {test.format(v=var)}:")
        self.depth += 1
        self.found(_ids.TYPE, path)
        self.depth -= 1
        self.line("else:")
        self.depth += 1
        before = len(self.lines)
        if kind == "object":
            self._object(schema, var, path)
        elif kind == "array":
            self._array(schema, var, path, name)
        else:
            self._scalar(schema, var, path, name, kind)
        if len(self.lines) == before:
            self.line("pass")
        self.depth -= 1

    def _plain(self, schema: Mapping[str, Any], kind: str) -> bool:
        """Whether the generator specialises this node (else the interpreter checks it)."""
        if kind == "object":
            if "enum" in schema or "const" in schema or "propertyNames" in schema:
                return False
            extra = schema.get("additionalProperties", True)
            if extra not in (True, False) or ("oneOf" in schema and "not" in schema):
                return False
            return all(
                _required_only(b)
                for b in [*schema.get("oneOf", ()), *([schema["not"]] if "not" in schema else [])]
            )
        enum = schema.get("enum", [])
        return all(type(item) in (int, str) for item in enum) and "const" not in schema

    def _interpret(self, schema: Mapping[str, Any], var: str, path: _Path, name: str) -> None:
        self.line(f"FALLBACK.check({self.const(schema)}, {var}, {path.source()}, out, {name!r})")

    def _object(self, schema: Mapping[str, Any], var: str, path: _Path) -> None:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        for needed in schema.get("required") or ():
            if needed not in properties:
                self.line(f"if {needed!r} not in {var}:")
                self.depth += 1
                self.found(_ids.REQUIRED, path.child(needed))
                self.depth -= 1
        for key, sub in properties.items():
            child = self.var("x")
            if key in required:  # present in nearly every body: a KeyError costs nothing else
                self.line("try:")
                self.depth += 1
                self.line(f"{child} = {var}[{key!r}]")
                self.depth -= 1
                self.line("except KeyError:")
                self.depth += 1
                self.found(_ids.REQUIRED, path.child(key))
                self.depth -= 1
                self.line("else:")
            else:
                self.line(f"if {key!r} in {var}:")
                self.depth += 1
                self.line(f"{child} = {var}[{key!r}]")
                self.depth -= 1
            self.depth += 1
            if self.c.request and sub.get("readOnly"):
                self.found(_ids.READ_ONLY, path.child(key))
            else:
                self.node(sub, child, path.child(key), key)
            self.depth -= 1
        if (
            schema.get("additionalProperties") is False
            or schema.get("unevaluatedProperties") is False
        ):
            self._closed(var, path, frozenset(properties))
        self._alternatives(schema, var, path)

    def _closed(self, var: str, path: _Path, known: frozenset[str]) -> None:
        names, key = self.const(known), self.var("k")
        self.line(f"if not {names}.issuperset({var}):")
        self.depth += 1
        self.line(f"for {key} in {var}:")
        self.depth += 1
        self.line(f"if {key} not in {names}:")
        self.depth += 1
        self.found(self.rules.keywords["additionalProperties"], path.key(key))
        self.depth -= 3

    def _alternatives(self, schema: Mapping[str, Any], var: str, path: _Path) -> None:
        branches = schema.get("oneOf")
        if branches:
            count = " + ".join(f"({_has_all(b, var)})" for b in branches)
            matched = self.var("n")
            self.line(f"{matched} = {count}")
            self.line(f"if {matched} == 0:")
            self.depth += 1
            self.found(_ids.DAYS_OR_HOURS_MISSING, path)
            self.depth -= 1
            self.line(f"elif {matched} > 1:")
            self.depth += 1
            self.found(_ids.DAYS_AND_HOURS, path)
            self.depth -= 1
        if "not" in schema:
            self.line(f"if {_has_all(schema['not'], var)}:")
            self.depth += 1
            self.found(self.rules.keywords["not"], path)
            self.depth -= 1

    def _array(self, schema: Mapping[str, Any], var: str, path: _Path, name: str) -> None:
        bounds = _bounds(f"len({var})", schema.get("minItems"), schema.get("maxItems"))
        if bounds:
            self.line(f"if {bounds}:")
            self.depth += 1
            self.found(self.rules.keywords["minItems"], path)
            self.depth -= 1
        items = schema.get("items")
        if items is not None:
            index, item = self.var("i"), self.var("y")
            self.line(f"for {index}, {item} in enumerate({var}):")
            self.depth += 1
            self.node(items, item, path.item(index), name)
            self.depth -= 1

    def _scalar(
        self, schema: Mapping[str, Any], var: str, path: _Path, name: str, kind: str
    ) -> None:
        override = schema.get("x-fla-rule") or self.rules.fields.get(name)
        tests: dict[str, list[str]] = {}

        def add(rule: str, test: str) -> None:
            tests.setdefault(rule, []).append(test)

        if "enum" in schema:
            allowed = self.const(frozenset(schema["enum"]))
            add(self.rules.rule("enum", override), f"{var} not in {allowed}")
        if kind == "string":
            self._string(schema, var, override, add)
        elif kind in ("integer", "number"):
            self._number(schema, var, override, add)
        for rule, alternatives in tests.items():
            self.line(f"if {' or '.join(alternatives)}:")
            self.depth += 1
            self.found(rule, path)
            self.depth -= 1

    def _string(
        self,
        schema: Mapping[str, Any],
        var: str,
        override: str | None,
        add: Callable[[str, str], None],
    ) -> None:
        bounds = _bounds(f"len({var})", schema.get("minLength"), schema.get("maxLength"))
        if bounds:
            add(self.rules.rule("minLength", override), bounds)
        if "pattern" in schema:
            pattern, seen = self.const(re.compile(schema["pattern"])), self.const(set())
            test = f"{var} not in {seen} and not matches({pattern}, {seen}, {var})"
            add(self.rules.rule("pattern", override), test)
        fmt = schema.get("format")
        if fmt in ("date", "uuid"):
            rule = override or self.rules.formats.get(fmt, self.rules.keywords["enum"])
            known = "DATES" if fmt == "date" else "UUIDS"
            add(rule, f"{var} not in {known} and not is_{fmt}({var})")

    def _number(
        self,
        schema: Mapping[str, Any],
        var: str,
        override: str | None,
        add: Callable[[str, str], None],
    ) -> None:
        bounds = _bounds(var, schema.get("minimum"), schema.get("maximum"))
        if bounds:
            add(self.rules.rule("minimum", override), bounds)
        low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if low is not None:
            add(self.rules.rule("exclusiveMinimum", override), f"{var} <= {low!r}")
        if high is not None:
            add(self.rules.rule("exclusiveMaximum", override), f"{var} >= {high!r}")
        if "multipleOf" in schema:
            add(self.rules.rule("multipleOf", override), f"{var} % {schema['multipleOf']!r} != 0")


_TYPE_TESTS = {
    "object": "type({v}) is not dict",
    "array": "type({v}) is not list",
    "string": "type({v}) is not str",
    "integer": "type({v}) is not int and not (type({v}) is float and {v}.is_integer())",
    "number": "type({v}) is not int and type({v}) is not float",
    "boolean": "type({v}) is not bool",
    "null": "{v} is not None",
}


def _bounds(value: str, low: Any, high: Any) -> str:
    """A test that is true when ``value`` is outside [low, high] (either may be absent)."""
    if low is not None and high is not None:
        return f"not {low!r} <= {value} <= {high!r}"
    if low is not None:
        return f"{value} < {low!r}" if low else ""
    return f"{value} > {high!r}" if high is not None else ""


def _required_only(schema: Any) -> bool:
    return isinstance(schema, dict) and {k for k in schema if not k.startswith("x-")} <= {
        "required",
        "description",
    }


def _has_all(schema: Mapping[str, Any], var: str) -> str:
    names = schema.get("required") or ()
    return " and ".join(f"{name!r} in {var}" for name in names) or "True"


class FastChecker:
    """SchemaChecker's interface over compiled functions, one per (schema, place)."""

    def __init__(self, rules: RuleMap, *, request: bool) -> None:
        self.compiler = Compiler(rules, request=request)
        self._compiled: dict[tuple[int, str, str], tuple[Mapping[str, Any], Check]] = {}

    def check(
        self,
        schema: Mapping[str, Any],
        value: Any,
        path: str,
        out: list[Finding],
        name: str = "",
    ) -> None:
        self.compiled(schema, path, name)(value, out)

    def compiled(self, schema: Mapping[str, Any], path: str, name: str) -> Check:
        """The function that checks ``schema`` at ``path`` (compiled on first use)."""
        key = (id(schema), path, name)
        entry = self._compiled.get(key)
        if entry is None:  # the schema is kept with its function, so that its id stays its own
            entry = self._compiled[key] = (schema, self.compiler.compile(schema, path, name))
        return entry[1]
