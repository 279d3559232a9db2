"""What the validator hands back: anomalies in the API's own shape, grouped in a result.

An anomaly is data, never an exception (ARCHITECTURE.md "Conventions"). Its errorId, class and
labels come from contracts/rules.yaml; only the location is the validator's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One anomaly, as the API reports it (manual 3.4.1)."""

    anomaly_class: str  # "B" blocking, "W" warning
    tag_name: str
    path: str  # dotted, [index] for array items, {name} / ?name for the request line
    error_id: str
    label: Mapping[str, str]  # nl, fr, de, en

    @property
    def blocking(self) -> bool:
        return self.anomaly_class == "B"

    def to_json(self) -> dict[str, Any]:
        return {
            "anomalyClass": self.anomaly_class,
            "tagName": self.tag_name,
            "path": self.path,
            "errorId": self.error_id,
            "label": dict(self.label),
        }


@dataclass(slots=True)
class Result:
    """The anomalies of one input (a request, a body or a response)."""

    operation: str | None
    anomalies: list[Anomaly] = field(default_factory=list)
    source: str | None = None

    @property
    def valid(self) -> bool:
        """True when no anomaly is blocking (warnings do not block, manual 3.4.2)."""
        return not any(anomaly.anomaly_class == "B" for anomaly in self.anomalies)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "operation": self.operation,
            "valid": self.valid,
            "anomalies": [anomaly.to_json() for anomaly in self.anomalies],
        }


def tag_of(path: str, default: str) -> str:
    """The tagName of a location: its last field name (the array's name for an item)."""
    if not path:
        return default
    end = len(path)
    while end and path[end - 1] == "]":  # an array item: step back over "[i]"
        opening = path.rfind("[", 0, end)
        if opening < 0:  # a field whose own name ends with "]"
            break
        end = opening
    start = max(path.rfind(".", 0, end), path.rfind("]", 0, end)) + 1
    name = path[start:end]
    if name[:1] in "{?":
        name = name.strip("{}?")
    return name or default
