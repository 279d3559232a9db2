"""The compiled schema functions, kept in the user's cache so that a start skips generating.

A cache entry is addressed by its content: the schema, the rule mapping, the place it is
checked at, the generator's own source and the Python version. Constants the generated code
refers to are stored beside the code (compiled regular expressions as their patterns). A
cache that cannot be read or written is no error: the function is then generated again.
``FLA_NO_CACHE`` turns it off, as for the contract (contract.py).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import orjson

_HERE = Path(__file__).parent
_GENERATOR = hashlib.sha256(
    b"".join((_HERE / name).read_bytes() for name in ("_compile.py", "_schema.py", "_ids.py"))
).hexdigest()
_PORTABLE = (frozenset, set, str, int, float, bool, type(None), dict, list, tuple)


def key(schema: Mapping[str, Any], rules: Any, request: bool, root: str, name: str) -> str:
    """The content address of one compiled function."""
    digest = hashlib.sha256(_GENERATOR.encode())
    digest.update(sys.implementation.cache_tag.encode())
    digest.update(orjson.dumps([request, root, name, rules], option=orjson.OPT_SORT_KEYS))
    digest.update(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()[:40]


def _file(address: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fla-conformance" / f"validator-{address}.marshal"


def load(address: str, helpers: dict[str, Any]) -> Callable[..., None] | None:
    """The function stored under ``address``, or None."""
    if os.environ.get("FLA_NO_CACHE"):
        return None
    try:
        code, constants = marshal.loads(_file(address).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(code, CodeType) or not isinstance(constants, dict):
        return None
    namespace = dict(helpers)
    for name, (kind, value) in constants.items():
        namespace[name] = re.compile(value) if kind == "re" else value
    exec(code, namespace)
    check: Callable[..., None] = namespace["check"]
    return check


def store(address: str, code: CodeType, namespace: dict[str, Any], helpers: set[str]) -> None:
    """Keeps a function's code and constants, when they can all be written down."""
    if os.environ.get("FLA_NO_CACHE"):
        return
    constants: dict[str, tuple[str, Any]] = {}
    for name, value in namespace.items():
        if name in helpers or name.startswith("__") or name == "check":
            continue
        if isinstance(value, re.Pattern):
            constants[name] = ("re", value.pattern)
        elif isinstance(value, _PORTABLE):
            constants[name] = ("value", value)
        else:
            return  # something only this process knows: do not keep it
    target = _file(address)
    try:
        data = marshal.dumps((code, constants))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except (OSError, ValueError):
        pass
