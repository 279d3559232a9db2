"""Findings about the server under test, and the exchanges that show them.

A finding is a result, never an exception: the runner collects them and the reporters write
them out. Every request and answer kept as evidence goes through :class:`Masker` first, so that
no INSS, token or key reaches a report (ARCHITECTURE.md, "Personal data").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from fla_conformance.identifiers import mask_inss

FAILURE, WARNING = "failure", "warning"
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
# a segment or value already masked (nine stars and two digits) is left alone
_EMPLOYEE_SEGMENT = re.compile(r"(/employees/)(?!\*{9}[0-9]{2}(?:[/?#]|$))([^/?#]+)")
_INSS_QUERY = re.compile(r"([?&]inss=)(?!\*{9}[0-9]{2}(?:[&#]|$))([^&#]+)", re.IGNORECASE)


@dataclass
class Exchange:
    """One request and its answer, as evidence (already masked when it sits in a Finding)."""

    method: str
    url: str
    body: Any = None
    status: int | None = None
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "request": {"method": self.method, "url": self.url, "headers": self.headers,
                        "body": self.body},
            "response": {"status": self.status, "body": self.response},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Exchange:
        request, response = data.get("request") or {}, data.get("response") or {}
        return cls(
            method=str(request.get("method", "GET")),
            url=str(request.get("url", "")),
            body=request.get("body"),
            headers=dict(request.get("headers") or {}),
            status=response.get("status"),
            response=response.get("body"),
        )


@dataclass
class Finding:
    """Something the server did that the contract or the manual does not allow."""

    check: str
    message: str
    operation: str = ""
    part: str = "schemathesis"
    severity: str = FAILURE
    rule: str | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    unit: str = ""  # the outcome (operation and mode, probes, scenario) that found it

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["exchanges"] = [exchange.to_json() for exchange in self.exchanges]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            check=str(data["check"]),
            message=str(data.get("message", "")),
            operation=str(data.get("operation", "")),
            part=str(data.get("part", "schemathesis")),
            severity=str(data.get("severity", FAILURE)),
            rule=data.get("rule"),
            unit=str(data.get("unit", "")),
            exchanges=[Exchange.from_json(item) for item in data.get("exchanges") or []],
        )


class Masker:
    """Replaces every INSS by its mask, and drops secret headers, in evidence."""

    def __init__(self, known_inss: Iterable[int] = (), secrets: Iterable[str] = ()) -> None:
        self.known_order = list(dict.fromkeys(int(number) for number in known_inss))
        self.known = {str(number) for number in self.known_order}
        self.secrets = {secret for secret in secrets if secret}

    def add(self, inss: int) -> None:
        if str(inss) not in self.known:
            self.known.add(str(inss))
            self.known_order.append(int(inss))

    def text(self, value: str) -> str:
        value = _EMPLOYEE_SEGMENT.sub(lambda m: m.group(1) + mask_inss(m.group(2)), value)
        value = _INSS_QUERY.sub(lambda m: m.group(1) + mask_inss(m.group(2)), value)
        for number in sorted(self.known, key=len, reverse=True):
            value = value.replace(number, mask_inss(number))
        for secret in self.secrets:
            value = value.replace(secret, "[secret]")
        return value

    def json(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self._field(key, item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, int) and not isinstance(value, bool) and str(value) in self.known:
            return mask_inss(value)
        return value

    def _field(self, key: str, value: Any) -> Any:
        if key.lower() == "inss" and isinstance(value, int | str) and not isinstance(value, bool):
            return mask_inss(value)
        return self.json(value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: self.text(str(value))
            for name, value in headers.items()
            if name.lower() not in SECRET_HEADERS
        }

    def exchange(self, exchange: Exchange) -> Exchange:
        return Exchange(
            method=exchange.method,
            url=self.text(exchange.url),
            body=self.json(exchange.body),
            status=exchange.status,
            response=self.json(exchange.response),
            headers=self.headers(exchange.headers),
        )

    def finding(self, finding: Finding) -> Finding:
        finding.message = self.text(finding.message)
        finding.exchanges = [self.exchange(exchange) for exchange in finding.exchanges]
        return finding
