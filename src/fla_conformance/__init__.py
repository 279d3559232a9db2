"""fla-conformance: the conformance kit for the CareerPro Federal Learning Account REST API.

The contract (OpenAPI 3.1 and the rule catalogue) lives in ``fla_conformance/contracts``; the
public entry points are re-exported here lazily, so that ``import fla_conformance`` stays cheap
for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Anomaly",
    "Contract",
    "Result",
    "__version__",
    "load_contract",
    "validate_request",
    "validate_response",
]

_LAZY = {
    "Contract": "fla_conformance.contract",
    "load_contract": "fla_conformance.contract",
    "Anomaly": "fla_conformance.validator",
    "Result": "fla_conformance.validator",
    "validate_request": "fla_conformance.validator",
    "validate_response": "fla_conformance.validator",
}

if TYPE_CHECKING:  # pragma: no cover
    from fla_conformance.contract import Contract, load_contract
    from fla_conformance.validator import Anomaly, Result, validate_request, validate_response


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fla_conformance' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
