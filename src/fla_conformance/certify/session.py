"""HTTP for the probes and the scenarios: every answer is recorded and goes through the checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from fla_conformance.certify.checks import Observation, expected_result, run_checks
from fla_conformance.certify.findings import Exchange, Finding
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import Run
from fla_conformance.certify.target import Target
from fla_conformance.contract import BASE_PATH, Contract, strip_base
from fla_conformance.errors import TargetError


@dataclass
class Answer:
    """A server's answer, with the exchange that shows it."""

    status: int
    body: Any
    exchange: Exchange
    observation: Observation

    @property
    def error_ids(self) -> list[str]:
        return self.observation.error_ids


UNKNOWN = "(no operation)"  # coverage of requests that match no operation (FLAC-020)


class Session:
    """Sends requests to the target as part ``part``, checking and recording every answer."""

    def __init__(self, target: Target, contract: Contract, run: Run, part: str,
                 timeout: float = 10.0, token: str | None = None,
                 progress: Progress | None = None) -> None:
        self.target, self.contract, self.run, self.part = target, contract, run, part
        headers = target.headers()
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(base_url=target.root, headers=headers, timeout=timeout)
        self.progress = progress if progress is not None else Progress()
        self.scope = ""  # the scenario currently running, for the findings' operation

    def close(self) -> None:
        self.http.close()

    def send(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             check: bool = True, headers: dict[str, str] | None = None) -> Answer:
        """``path`` is under the base path and may carry a query string."""
        path = strip_base(path)
        content = raw if raw is not None else (orjson.dumps(body) if body is not None else None)
        sent_headers = {"Content-Type": "application/json"} if content is not None else {}
        sent_headers.update(headers or {})
        try:
            response = self.http.request(method, BASE_PATH + path, content=content,
                                         headers=sent_headers)
        except httpx.HTTPError as exc:
            where = self.run.masker.text(path)  # no INSS on the terminal either
            raise TargetError(f"{method} {where}: {type(exc).__name__}") from None
        answer = _json(response.content)
        matched = self.contract.match(method, path)
        operation = matched[0].operation_id if matched else f"{method} {path.split('?')[0]}"
        observation = Observation(operation, method, path, raw if raw is not None else body,
                                  response.status_code, answer)
        exchange = Exchange(method, str(response.request.url),
                            body if raw is None else raw.decode("utf-8", "replace"),
                            response.status_code, answer if answer is not None else response.text,
                            {k: v for k, v in response.request.headers.items()})
        self.run.cases += 1
        self.progress.step()
        if matched and check:
            self._check(observation, exchange)
        elif not matched:
            self.run.coverage.record(UNKNOWN, response.status_code, observation.error_ids)
        return Answer(response.status_code, answer, exchange, observation)

    def _check(self, observation: Observation, exchange: Exchange) -> None:
        rules = observation.error_ids + [a.error_id for a in expected_result(observation).anomalies]
        self.run.coverage.record(observation.operation_id, observation.status, rules)
        findings = run_checks(observation, self.contract)
        if observation.status >= 500:
            findings.append(Finding("not_a_server_error", f"server error {observation.status}",
                                    observation.operation_id))
        for finding in findings:
            self.report(finding, exchange)

    def report(self, finding: Finding, *exchanges: Exchange) -> None:
        finding.part = self.part
        if self.scope:
            finding.operation = f"{self.scope}: {finding.operation}" if finding.operation \
                else self.scope
        self.run.add(finding, *exchanges)


def _json(content: bytes) -> Any:
    if not content:
        return None
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return None
