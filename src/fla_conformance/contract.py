"""The contract: contracts/openapi.yaml and contracts/rules.yaml, loaded once and indexed.

Every other part of the kit reads the API through this module: operations with their request
line and schemas (``$ref`` resolved), and the rule catalogue with its labels.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from fla_conformance.errors import ContractError, UsageError

BASE_PATH = "/REST/federalLearningAccount/v1"
LANGUAGES = ("nl", "fr", "de", "en")
METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class Rule:
    """One entry of contracts/rules.yaml."""

    id: str
    name: str
    anomaly_class: str
    kind: str
    tag_name: str
    operations: tuple[str, ...]
    manual: str
    description: str
    labels: Mapping[str, str]
    keywords: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.anomaly_class == "B"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    schema: Mapping[str, Any]
    description: str = ""


@dataclass(frozen=True)
class Operation:
    """One operation of the API, with its schemas resolved (no ``$ref`` left)."""

    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    manual: str
    parameters: tuple[Parameter, ...]
    request_schema: Mapping[str, Any] | None
    responses: Mapping[str, Mapping[str, Any] | None]
    pattern: re.Pattern[str] = field(repr=False, compare=False)

    def parameter(self, name: str, location: str) -> Parameter | None:
        for parameter in self.parameters:
            if parameter.name == name and parameter.location == location:
                return parameter
        return None

    def response_schema(self, status: int | str) -> Mapping[str, Any] | None:
        return self.responses.get(str(status))


class Contract:
    """The loaded contract. Build it with :func:`load_contract`."""

    def __init__(
        self, openapi: dict[str, Any], catalogue: dict[str, Any], source: str, digest: str = ""
    ) -> None:
        self.openapi = openapi
        self.source = source
        self.version: str = str(catalogue.get("version", "0"))
        self.settings: dict[str, Any] = dict(catalogue.get("settings") or {})
        self.rules: dict[str, Rule] = _read_rules(catalogue)
        self.operations: dict[str, Operation] = {
            op.operation_id: op for op in _read_operations(openapi)
        }
        #: sha256 of the contract files' bytes, for reports and caches
        self.hash = digest

    # -- lookups ------------------------------------------------------------------------------
    def operation(self, operation_id: str) -> Operation:
        try:
            return self.operations[operation_id]
        except KeyError:
            known = ", ".join(sorted(self.operations))
            raise UsageError(f"unknown operation {operation_id!r}; known: {known}") from None

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise UsageError(f"unknown rule {rule_id!r}") from None

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation for a request line, and its raw path parameters; None when none fits.

        ``path`` may carry the base URL or the base path in front, and a query string.
        """
        bare = strip_base(path).split("?", 1)[0].split("#", 1)[0]
        for operation in self.operations.values():
            found = operation.pattern.fullmatch(bare)
            if found and operation.method == method.lower():
                return operation, found.groupdict()
        return None

    def operations_for_path(self, path: str) -> list[Operation]:
        bare = strip_base(path).split("?", 1)[0]
        return [op for op in self.operations.values() if op.pattern.fullmatch(bare)]

    def component(self, name: str) -> dict[str, Any]:
        schemas = self.openapi["components"]["schemas"]
        if name not in schemas:
            raise UsageError(f"unknown schema {name!r}")
        resolved: dict[str, Any] = _resolve(schemas[name], self.openapi, ())
        return resolved

    def rules_for(self, operation_id: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if operation_id in rule.operations]

    def fla_window(self) -> tuple[int, int]:
        """(anchor year, length in years) of the FLA windows (DECISIONS.md D13)."""
        window = self.settings.get("fla_window") or {}
        return int(window.get("anchor_year", 2020)), int(window.get("length_years", 5))

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations.values())


def strip_base(path: str) -> str:
    """The path under the API's base path: drops scheme, host and /REST/…/v1 when present."""
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    if path.startswith(BASE_PATH):
        path = path[len(BASE_PATH) :]
    return path if path.startswith("/") else "/" + path


def contract_dir() -> Path:
    """Where the contract files are: fla_conformance/contracts, in a checkout or a wheel.

    The wheel holds the files in the package; a checkout has a symlink there (README, Layout).
    """
    return Path(__file__).resolve().parent / "contracts"


@functools.lru_cache(maxsize=4)
def load_contract(directory: str | Path | None = None) -> Contract:
    """Load and index the contract; the default is the one shipped with the kit.

    Parsing the YAML costs more than everything else on the command line's start-up, so the
    parsed files are kept as JSON in the user's cache, under the sha256 of their bytes.
    """
    folder = Path(directory) if directory is not None else contract_dir()
    raws = [_read_bytes(folder / name) for name in CONTRACT_FILES]
    digest = hashlib.sha256(b"".join(raws)).hexdigest()
    parsed = _cached(digest)
    if parsed is None:
        pairs = zip(raws, CONTRACT_FILES, strict=True)
        parsed = [_parse_yaml(raw, folder / name) for raw, name in pairs]
        _store(digest, parsed)
    return Contract(parsed[0], parsed[1], str(folder), digest)


CONTRACT_FILES = ("openapi.yaml", "rules.yaml")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContractError(f"cannot read the contract file {path}: {exc.strerror}") from None


def _parse_yaml(raw: bytes, path: Path) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ten times faster
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader)  # a safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContractError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ContractError(f"{path} must hold a mapping at its top level")
    return data


def _cache_file(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fla-conformance" / f"contract-{digest[:32]}.json"


def _cached(digest: str) -> list[dict[str, Any]] | None:
    if os.environ.get("FLA_NO_CACHE"):
        return None
    try:
        data = orjson.loads(_cache_file(digest).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, list) and len(data) == 2 else None


def _store(digest: str, parsed: list[dict[str, Any]]) -> None:
    target = _cache_file(digest)
    try:  # a cache that cannot be written is no error: the next start parses again
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(orjson.dumps(parsed))
        os.replace(temporary, target)
    except (OSError, TypeError):
        pass


def _read_rules(catalogue: dict[str, Any]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for entry in catalogue.get("rules") or []:
        rule_id = str(entry["id"])
        if rule_id in rules:
            raise ContractError(f"rule {rule_id} is defined twice in rules.yaml")
        rules[rule_id] = Rule(
            id=rule_id,
            name=str(entry["name"]),
            anomaly_class=str(entry["anomalyClass"]),
            kind=str(entry["kind"]),
            tag_name=str(entry.get("tagName", "*")),
            operations=tuple(entry.get("operations") or ()),
            manual=str(entry.get("manual", "")),
            description=str(entry.get("description", "")),
            labels=dict(entry.get("labels") or {}),
            keywords=tuple(entry.get("keywords") or ()),
            formats=tuple(entry.get("formats") or ()),
        )
    return rules


def _read_operations(openapi: dict[str, Any]) -> Iterator[Operation]:
    for path, item in (openapi.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in METHODS:
            raw = item.get(method)
            if raw is None:
                continue
            yield _operation(openapi, path, method, raw, shared)


def _operation(
    openapi: dict[str, Any], path: str, method: str, raw: dict[str, Any], shared: list[Any]
) -> Operation:
    parameters = tuple(
        _parameter(_resolve(p, openapi, ())) for p in [*shared, *(raw.get("parameters") or [])]
    )
    body = raw.get("requestBody")
    request_schema = None
    if body is not None:
        body = _resolve(body, openapi, ())
        media = (body.get("content") or {}).get("application/json") or {}
        request_schema = _resolve(media.get("schema", {}), openapi, ())
    responses: dict[str, Mapping[str, Any] | None] = {}
    for status, response in (raw.get("responses") or {}).items():
        response = _resolve(response, openapi, ())
        content = response.get("content") or {}
        media = content.get("application/json") or content.get("application/problem+json")
        responses[str(status)] = _resolve(media["schema"], openapi, ()) if media else None
    return Operation(
        operation_id=raw["operationId"],
        method=method,
        path=path,
        summary=str(raw.get("summary", "")),
        description=str(raw.get("description", "")).strip(),
        manual=str(raw.get("x-fla-manual", "")),
        parameters=parameters,
        request_schema=request_schema,
        responses=responses,
        pattern=re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))),
    )


def _parameter(raw: dict[str, Any]) -> Parameter:
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required", False)),
        schema=raw.get("schema") or {},
        description=str(raw.get("description", "")).strip(),
    )


def _resolve(node: Any, root: dict[str, Any], seen: tuple[str, ...]) -> Any:
    """Inline every local ``$ref``; keys beside a ``$ref`` override the target's (OAS 3.1)."""
    if isinstance(node, list):
        return [_resolve(item, root, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if ref is None:
        return {key: _resolve(value, root, seen) for key, value in node.items()}
    if ref in seen:
        raise ContractError(f"the contract has a $ref cycle through {ref}")
    target = _pointer(root, ref)
    merged = dict(_resolve(target, root, (*seen, ref)))
    merged["x-fla-schema"] = ref.rsplit("/", 1)[-1]
    for key, value in node.items():
        if key != "$ref":
            merged[key] = _resolve(value, root, seen)
    return merged


def _pointer(root: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ContractError(f"only local $refs are supported, found {ref}")
    node: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise ContractError(f"the $ref {ref} points at nothing")
        node = node[part]
    return node
