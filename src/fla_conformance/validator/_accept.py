"""A faster yes: jsonschema-rs says whether a request body passes the schema at all.

Most bodies of an export are valid; for them a Rust validator answers in about half the time
of the generated code, and the generated code then runs only on the bodies it refuses, to tell
what is wrong. Its verdict must never be "valid" where the generated code finds something
(tests/test_validator_fast.py checks that direction), so the schema it gets is changed to
what a PUT means (a read-only property present is invalid) and to Python's dates (no year
0). Importing it takes tens of milliseconds, so the engine asks for it only once an operation
has been validated often in one process: a single ``fla validate file.json`` never does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

USES_BEFORE_ACCEPTING = 64


def request_schema_for_rust(node: Any) -> Any:
    """The schema as jsonschema-rs must see it to agree with the generated code on a PUT."""
    if isinstance(node, list):
        return [request_schema_for_rust(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("readOnly") is True:
        return False  # manual 3.3.3.1 D: a read-only field has no place in a PUT (FLAC-013)
    changed = {key: request_schema_for_rust(value) for key, value in node.items()}
    if node.get("format") == "date":  # datetime.date has no year 0; RFC 3339 has
        changed["not"] = {"type": "string", "pattern": "^0000"}
    return changed


def accepting(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """jsonschema-rs's ``is_valid`` for a request schema, or None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a dependency of the kit, but optional here
        return None
    validator = jsonschema_rs.Draft202012Validator(
        request_schema_for_rust(dict(schema)), validate_formats=True
    )
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid
