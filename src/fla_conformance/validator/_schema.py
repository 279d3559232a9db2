"""The schema layer, as a plain interpreter of the resolved JSON Schema of the contract.

This is the reference of "How the validator reports" (ARCHITECTURE.md, point 2); the code that
``_compile`` generates must report exactly what this reports (tests/test_validator_fast.py).
A finding is a pair (errorId, path); the caller turns it into an :class:`Anomaly`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fla_conformance.contract import Rule
from fla_conformance.errors import ContractError
from fla_conformance.validator import _ids

Finding = tuple[str, str]

#: keywords whose failure an override (``x-fla-rule``, a rule's own tagName) reports instead
VALUE_KEYWORDS = frozenset(
    "minimum maximum exclusiveMinimum exclusiveMaximum multipleOf minLength maxLength pattern "
    "format".split()
)
#: every keyword the interpreter understands; annotations are listed so that a new keyword
#: in the contract is a loud ContractError rather than a silent pass
SUPPORTED = VALUE_KEYWORDS | frozenset(
    "type enum const properties required additionalProperties unevaluatedProperties "
    "propertyNames items minItems maxItems oneOf not readOnly description".split()
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_date(text: str) -> bool:
    """An existing calendar date written YYYY-MM-DD (JSON Schema ``format: date``)."""
    if _DATE.fullmatch(text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_uuid(text: str) -> bool:
    """A UUID in its 36-character form, hex digits in 8-4-4-4-12 groups."""
    return _UUID.fullmatch(text) is not None


FORMATS = {"date": is_date, "uuid": is_uuid}


@dataclass(frozen=True)
class RuleMap:
    """Which errorId a failing keyword reports, read from the catalogue's schema rules."""

    keywords: Mapping[str, str]  # keyword -> rule of tagName "*"
    formats: Mapping[str, str]  # format name -> rule
    fields: Mapping[str, str]  # field name -> rule of that tagName (value keywords)

    @classmethod
    def from_rules(cls, rules: Iterable[Rule]) -> RuleMap:
        keywords: dict[str, str] = {}
        formats: dict[str, str] = {}
        fields: dict[str, str] = {}
        for rule in rules:
            if rule.kind != "schema":
                continue
            for name in rule.formats:
                formats[name] = rule.id
            if rule.tag_name != "*":
                fields[rule.tag_name] = rule.id
            elif "format" not in rule.keywords:
                for keyword in rule.keywords:
                    keywords.setdefault(keyword, rule.id)
        keywords.update({k: v for k, v in _ids.FALLBACK.items() if k not in keywords})
        return cls(keywords, formats, fields)

    def rule(self, keyword: str, override: str | None) -> str:
        if override is not None and keyword in VALUE_KEYWORDS:
            return override
        return self.keywords[keyword]


def is_type(value: Any, kind: str | list[str]) -> bool:
    """JSON Schema's type test: booleans are not numbers, 1.0 is an integer."""
    if isinstance(kind, list):
        return any(is_type(value, one) for one in kind)
    cls = type(value)
    if kind == "integer":
        return cls is int or (cls is float and value.is_integer())
    if kind == "string":
        return cls is str
    if kind == "object":
        return cls is dict
    if kind == "array":
        return cls is list
    if kind == "number":
        return cls is int or cls is float
    if kind == "boolean":
        return cls is bool
    return value is None if kind == "null" else False


def in_enum(value: Any, allowed: list[Any]) -> bool:
    """Membership with JSON's equality: true is not 1."""
    flag = type(value) is bool
    return any((type(item) is bool) == flag and item == value for item in allowed)


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class SchemaChecker:
    """Walks a value along a resolved schema and collects findings.

    ``request`` is the context of a PUT body: a read-only property present there is FLAC-013.
    """

    def __init__(self, rules: RuleMap, *, request: bool) -> None:
        self.rules = rules
        self.request = request

    def check(
        self,
        schema: Mapping[str, Any],
        value: Any,
        path: str,
        out: list[Finding],
        name: str = "",
    ) -> None:
        kind = schema.get("type")
        if kind is not None and not is_type(value, kind):
            out.append((_ids.TYPE, path))  # a wrong type is the only finding at its place
            return
        override = schema.get("x-fla-rule") or self.rules.fields.get(name)
        found: list[str] = []
        if "enum" in schema and not in_enum(value, schema["enum"]):
            found.append(self.rules.rule("enum", override))
        if "const" in schema and not in_enum(value, [schema["const"]]):
            found.append(self.rules.rule("const", override))
        cls = type(value)
        if cls is dict:
            self._object(schema, value, path, out, found)
        elif cls is list:
            self._array(schema, value, path, out, found, name)
        elif cls is str:
            self._string(schema, value, found, override)
        elif cls is int or cls is float:
            self._number(schema, value, found, override)
        for rule_id in dict.fromkeys(found):  # one finding per rule and place
            out.append((rule_id, path))

    def _object(
        self,
        schema: Mapping[str, Any],
        value: dict[str, Any],
        path: str,
        out: list[Finding],
        found: list[str],
    ) -> None:
        properties = schema.get("properties") or {}
        for needed in schema.get("required") or ():
            if needed not in value:
                out.append((_ids.REQUIRED, join(path, needed)))
        closed = (
            schema.get("additionalProperties") is False
            or schema.get("unevaluatedProperties") is False
        )
        extra = schema.get("additionalProperties")
        names = schema.get("propertyNames")
        for key, item in value.items():
            child = join(path, key)
            if names is not None and not self._valid(names, key):
                out.append((self.rules.keywords["propertyNames"], child))
                continue
            sub = properties.get(key)
            if sub is None:
                if closed:  # an unknown field: its content is not looked into
                    out.append((self.rules.keywords["additionalProperties"], child))
                elif isinstance(extra, dict):
                    self.check(extra, item, child, out, key)
            elif self.request and sub.get("readOnly"):
                out.append((_ids.READ_ONLY, child))
            else:
                self.check(sub, item, child, out, key)
        self._alternatives(schema, value, found)

    def _alternatives(
        self, schema: Mapping[str, Any], value: dict[str, Any], found: list[str]
    ) -> None:
        # manual 3.3.3.1 D, 3.3.4.1 D: exactly one of days and hours, reported at the block
        branches = schema.get("oneOf")
        if branches:
            matched = sum(1 for branch in branches if self._valid(branch, value))
            if matched == 0:
                found.append(_ids.DAYS_OR_HOURS_MISSING)
            elif matched > 1:
                found.append(_ids.DAYS_AND_HOURS)
        negated = schema.get("not")
        if negated is not None and self._valid(negated, value):
            found.append(self.rules.keywords["not"])

    def _valid(self, schema: Mapping[str, Any], value: Any) -> bool:
        scratch: list[Finding] = []
        self.check(schema, value, "", scratch)
        return not scratch

    def _array(
        self,
        schema: Mapping[str, Any],
        value: list[Any],
        path: str,
        out: list[Finding],
        found: list[str],
        name: str,
    ) -> None:
        size = len(value)
        if size < schema.get("minItems", 0) or size > schema.get("maxItems", size):
            found.append(self.rules.keywords["minItems"])
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                self.check(items, item, f"{path}[{index}]", out, name)

    def _string(
        self, schema: Mapping[str, Any], value: str, found: list[str], override: str | None
    ) -> None:
        size = len(value)
        if size < schema.get("minLength", 0) or size > schema.get("maxLength", size):
            found.append(self.rules.rule("minLength", override))
        pattern = schema.get("pattern")
        if pattern is not None and re.search(pattern, value) is None:
            found.append(self.rules.rule("pattern", override))
        check = FORMATS.get(schema.get("format", ""))
        if check is not None and not check(value):
            rule = self.rules.formats.get(schema["format"], self.rules.keywords["enum"])
            found.append(override or rule)

    def _number(
        self, schema: Mapping[str, Any], value: float, found: list[str], override: str | None
    ) -> None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            found.append(self.rules.rule("minimum", override))
        low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if (low is not None and value <= low) or (high is not None and value >= high):
            found.append(self.rules.rule("exclusiveMinimum", override))
        step = schema.get("multipleOf")
        if step is not None and value % step != 0:
            found.append(self.rules.rule("multipleOf", override))


def unsupported_keywords(schema: Any) -> set[str]:
    """Keywords of a resolved schema the interpreter does not know (``x-`` ones aside)."""
    unknown: set[str] = set()
    if isinstance(schema, dict):
        unknown |= {k for k in schema if k not in SUPPORTED and not k.startswith("x-")}
        for key in ("items", "additionalProperties", "propertyNames", "not"):
            unknown |= unsupported_keywords(schema.get(key))
        for sub in (schema.get("properties") or {}).values():
            unknown |= unsupported_keywords(sub)
        for sub in schema.get("oneOf") or ():
            unknown |= unsupported_keywords(sub)
    return unknown


def ensure_supported(schema: Any, where: str) -> None:
    unknown = unsupported_keywords(schema)
    if unknown:
        raise ContractError(f"{where}: the validator does not know {sorted(unknown)}")
