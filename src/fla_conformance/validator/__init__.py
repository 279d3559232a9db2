"""The offline validator: every anomaly Sigedis would raise, in the API's own terms.

>>> from fla_conformance.validator import validate_request
>>> validate_request("PUT", "/employers/880820673/employees/81511716525/"
...                  "calendarYears/2024/trainings", b'{"employer": {}}').valid
False

Layers: the document (FLAC-001 to 005), the schema of contracts/openapi.yaml, the rules of
contracts/rules.yaml; how they report is ARCHITECTURE.md "How the validator reports".
"""

from __future__ import annotations

from fla_conformance.validator._engine import (
    guess_operation,
    validate_body,
    validate_request,
    validate_response,
)
from fla_conformance.validator._model import Anomaly, Result

__all__ = [
    "Anomaly",
    "Result",
    "guess_operation",
    "validate_body",
    "validate_request",
    "validate_response",
]
