"""What a run collects: findings (masked, de-duplicated), coverage, scenario outcomes, timing."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fla_conformance.certify.findings import FAILURE, Exchange, Finding, Masker

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass
class Outcome:
    """How one unit of the run ended: a scenario, or one operation and mode of the fuzzing."""

    name: str
    part: str
    status: str = PASSED
    reason: str = ""
    cases: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "part": self.part, "status": self.status,
                "reason": self.reason, "cases": self.cases, "seconds": round(self.seconds, 3)}


@dataclass
class Coverage:
    """Per operation: the status codes answered and the rules seen (expected or reported)."""

    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    rules: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, operation: str, status: int, rules: Iterable[str]) -> None:
        self.statuses[operation][status] += 1
        self.rules[operation].update(set(rules))

    def to_json(self) -> dict[str, Any]:
        operations = sorted(set(self.statuses) | set(self.rules))
        return {
            op: {
                "cases": sum(self.statuses[op].values()),
                "statuses": {str(k): v for k, v in sorted(self.statuses[op].items())},
                "rules": dict(sorted(self.rules[op].items())),
            }
            for op in operations
        }


class Run:
    """The state of one certify run, shared by its parts."""

    def __init__(self, masker: Masker) -> None:
        self.masker = masker
        self.findings: list[Finding] = []
        self.outcomes: list[Outcome] = []
        self.coverage = Coverage()
        self.cases = 0
        self.started = time.time()
        self.unit = ""  # the outcome being run, stamped on its findings
        self._unit_started = time.monotonic()
        self._keys: set[tuple[str, ...]] = set()

    def add(self, finding: Finding, *exchanges: Exchange) -> bool:
        """Keep a finding unless an equal one is already kept; True when it is new."""
        key = (finding.part, finding.check, finding.operation, finding.rule or finding.message)
        if key in self._keys:
            return False
        self._keys.add(key)
        finding.unit = finding.unit or self.unit
        finding.exchanges.extend(exchanges)
        self.findings.append(self.masker.finding(finding))
        return True

    def begin(self, unit: str) -> None:
        """An outcome starts: its findings are stamped with its name, its time counted."""
        self.unit, self._unit_started = unit, time.monotonic()

    def finish(self, outcome: Outcome) -> None:
        outcome.seconds = time.monotonic() - self._unit_started
        self.outcomes.append(outcome)

    @property
    def failed(self) -> bool:
        return any(finding.severity == FAILURE for finding in self.findings)

    @property
    def seconds(self) -> float:
        return time.time() - self.started
