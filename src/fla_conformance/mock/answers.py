"""The shapes of the mock's answers (manual 3.4): anomalies, 400 and 500 bodies, JSON responses.

Stateful anomalies take their class, tag and labels from contracts/rules.yaml, exactly as the
validator's do, so that both read the same in an answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import orjson
from starlette.responses import Response

from fla_conformance.contract import Contract

UNKNOWN_EMPLOYER = "00014-017"  # manual 3.4.3
ALREADY_DECLARED = "FLA04-272"  # manual 3.4.2
LEGAL_RIGHT_OWNED = "FLAC-201"  # manual 3.3.3.2 F
PROVIDER_TRAINING_UNKNOWN = "FLAC-202"  # manual 3.5

BAD_REQUEST_DETAIL = "The input message is incorrect"  # manual 3.4.3


def anomaly(
    contract: Contract, error_id: str, path: str, tag_name: str | None = None
) -> dict[str, Any]:
    """A stateful anomaly in the API's shape (manual 3.4.1)."""
    rule = contract.rule(error_id)
    tag = tag_name or (rule.tag_name if rule.tag_name != "*" else path.rsplit(".", 1)[-1])
    return {
        "anomalyClass": rule.anomaly_class,
        "tagName": tag,
        "path": path,
        "errorId": rule.id,
        "label": dict(rule.labels),
    }


def blocking(anomalies: Iterable[Mapping[str, Any]]) -> bool:
    return any(item.get("anomalyClass") == "B" for item in anomalies)


def bad_request(anomalies: list[dict[str, Any]], wrong_class: bool = False) -> dict[str, Any]:
    """The 400 body (manual 3.4.3); the mock sends the HTTP status in ``status`` (D3)."""
    if wrong_class:  # fault wrong-anomaly-class
        anomalies = [{**item, "anomalyClass": "W"} for item in anomalies]
    return {
        "anomalies": anomalies,
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": BAD_REQUEST_DETAIL,
    }


def server_error(detail: str) -> dict[str, Any]:
    """The 500 body (manual 3.4.4)."""
    return {"type": "about:blank", "title": "Unexpected Error", "status": 500, "detail": detail}


class JSON(Response):
    """A JSON response serialised with orjson (the mock's hot path)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def json_response(
    status: int,
    body: Any,
    media_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> Response:
    return JSON(body, status_code=status, media_type=media_type, headers=dict(headers or {}))
