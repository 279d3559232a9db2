"""The compiled schema layer against its references, over documents Hypothesis mutates.

Three verdicts must agree on every document: the generated code (``_compile``), the
interpreter (``_schema``, which states the reporting semantics) finding for finding, and
jsonschema's Draft202012Validator with FormatChecker on valid-or-not, with read-only
properties made ``false`` for requests (jsonschema treats readOnly as an annotation).
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validator_cases import EXAMPLES, INDEX

from fla_conformance.contract import load_contract
from fla_conformance.validator import _accept
from fla_conformance.validator._compile import FastChecker
from fla_conformance.validator._schema import Finding, RuleMap, SchemaChecker

CONTRACT = load_contract()
RULES = RuleMap.from_rules(CONTRACT.rules.values())
SCHEMA_RULES = {rule.id for rule in CONTRACT.rules.values() if rule.kind == "schema"}


def _no_read_only(node: Any) -> Any:
    if isinstance(node, list):
        return [_no_read_only(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("readOnly") is True:
        return False
    return {key: _no_read_only(value) for key, value in node.items()}


def _targets() -> list[tuple[str, dict[str, Any], Any, bool]]:
    """(name, schema, an example document, request context) for every example of the manual."""
    import json

    targets = []
    for entry in INDEX:
        op = CONTRACT.operation(entry["operationId"])
        request = entry["kind"] == "request"
        schema = op.request_schema if request else op.response_schema(entry["status"])
        assert schema is not None
        document = json.loads((EXAMPLES / entry["file"]).read_text(encoding="utf-8"))
        targets.append((entry["file"], dict(schema), document, request))
    return targets


TARGETS = _targets()
REFERENCE = {
    name: jsonschema.Draft202012Validator(
        _no_read_only(schema) if request else schema, format_checker=jsonschema.FormatChecker()
    )
    for name, schema, _, request in TARGETS
}
FAST = {True: FastChecker(RULES, request=True), False: FastChecker(RULES, request=False)}
SLOW = {True: SchemaChecker(RULES, request=True), False: SchemaChecker(RULES, request=False)}


def _names(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        found |= set(node.get("properties") or ())
        for value in node.values():
            found |= _names(value)
    elif isinstance(node, list):
        for item in node:
            found |= _names(item)
    return found


FIELD_NAMES = sorted(_names(CONTRACT.openapi["components"]))
INTERESTING_INTS = [
    0,
    -1,
    1,
    2,
    3,
    5,
    9,
    10,
    25,
    50,
    100,
    999,
    1000,
    1400,
    1401,
    1949,
    1950,
    2024,
    2100,
    2101,
    31200,
    31250,
    156000,
    156050,
    312000,
    1560001,
    880820673,
    880820674,
    81511716525,
    9999999999,
    10**10,
    99999999999,
    2**63,
]
INTERESTING_TEXT = [
    "",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-1-01",
    "2024-02-01",
    "2024-02-01T00:00:00",
    "123e4567-e89b-42d3-a456-426614174000",
    "123E4567-E89B-42D3-A456-42661417400G",
    "200",
    "20",
    "202.01",
    "200.01.01",
    "200.0",
    "1234567890",
    "toValidate",
    "validated",
    "all",
    "LEGAL",
    "FLA",
    "EMPLOYER",
    "W",
    "B",
    "nl",
    "abc",
    "ab",
    "x" * 501,
    "2024-03-07T12:09:16.053233",
]

scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from(INTERESTING_INTS)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(INTERESTING_TEXT)
    | st.text(max_size=12)
    | st.sampled_from([1.0, 50.0, 2.5, 1e20])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(node: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in a document, as a tuple of keys and indexes."""
    found = [trail]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*trail, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*trail, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any, bool]:
    name, _, document, request = draw(st.sampled_from(TARGETS))
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(_places(document)))
        if not place:
            continue
        parent = document
        for step in place[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["set", "delete", "add", "copy", "same", "same", "same"]))
        current = parent[place[-1]]
        if action == "same" and type(current) in (int, str):  # a value of the same type
            kind = (
                st.sampled_from(INTERESTING_INTS) | st.integers(current - 60, current + 60)
                if type(current) is int
                else st.sampled_from(INTERESTING_TEXT) | st.text(max_size=40)
            )
            parent[place[-1]] = draw(kind)
        elif action == "set":
            parent[place[-1]] = draw(values)
        elif action == "delete":
            del parent[place[-1]]
        elif action == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[place[-1]]))
        elif isinstance(parent[place[-1]], dict):
            parent[place[-1]][draw(st.sampled_from(FIELD_NAMES))] = draw(values)
    return name, document, request


def _schema_of(name: str) -> dict[str, Any]:
    return next(schema for target, schema, _, _ in TARGETS if target == name)


def _findings(checker: FastChecker | SchemaChecker, name: str, document: Any) -> list[Finding]:
    out: list[Finding] = []
    checker.check(_schema_of(name), document, "", out)
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_compiled_code_reports_what_the_interpreter_reports(case: tuple[str, Any, bool]) -> None:
    name, document, request = case
    fast = _findings(FAST[request], name, document)
    assert Counter(fast) == Counter(_findings(SLOW[request], name, document))
    assert {rule for rule, _ in fast} <= SCHEMA_RULES


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_schema_verdict_agrees_with_jsonschema(case: tuple[str, Any, bool]) -> None:
    name, document, request = case
    fast = _findings(FAST[request], name, document)
    assert (not fast) == REFERENCE[name].is_valid(document), fast


def test_the_examples_themselves_agree() -> None:
    for name, _, document, request in TARGETS:
        assert _findings(FAST[request], name, document) == []
        assert REFERENCE[name].is_valid(document)


def test_a_cached_function_checks_as_a_fresh_one(tmp_path: Any, monkeypatch: Any) -> None:
    from fla_conformance.validator import _cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FLA_NO_CACHE", raising=False)
    documents = [document for _, _, document, _ in TARGETS]
    from fla_conformance.validator._compile import Compiler

    fresh = {
        name: FastChecker(RULES, request=request).compiler.compile(schema, "", "")
        for name, schema, _, request in TARGETS
    }
    assert list(tmp_path.rglob("validator-*.marshal"))

    def no_generating(*args: Any) -> Any:
        raise AssertionError("generated again instead of read from the cache")

    monkeypatch.setattr(Compiler, "source", no_generating)
    for name, schema, _, request in TARGETS:
        cached = FastChecker(RULES, request=request).compiler.compile(schema, "", "")
        for document in documents:
            first: list[Finding] = []
            again: list[Finding] = []
            fresh[name](document, first)
            cached(document, again)
            assert first == again, name
    address = _cache.key({"type": "string"}, [], True, "", "")
    (tmp_path / "fla-conformance" / f"validator-{address}.marshal").write_bytes(b"broken")
    assert _cache.load(address, {}) is None


ACCEPT = {name: _accept.accepting(schema) for name, schema, _, request in TARGETS if request}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_quick_yes_never_hides_a_finding(case: tuple[str, Any, bool]) -> None:
    name, document, request = case
    accept = ACCEPT.get(name)
    if accept is None:
        return
    if accept(document):
        assert _findings(FAST[request], name, document) == []


def test_the_interpreter_engine_reports_what_the_fast_one_reports(monkeypatch: Any) -> None:
    from validator_cases import CASES

    from fla_conformance.validator import _engine

    fast = [(case.good(), case.bad()) for case in CASES]
    monkeypatch.setattr(_engine, "_ENGINE", [_engine.Engine(CONTRACT, fast=False)])
    slow = [(case.good(), case.bad()) for case in CASES]

    def key(result: Any) -> list[tuple[str, str]]:
        return sorted((a.error_id, a.path) for a in result.anomalies)

    for (good, bad), (good_again, bad_again) in zip(fast, slow, strict=True):
        assert key(good) == key(good_again)
        assert key(bad) == key(bad_again)
