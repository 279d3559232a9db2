"""Fault injection: deliberate departures from the manual, for testing the certify runner.

Each fault makes the mock break one promise of the manual, in a way a conformance run must
notice. The names are a public interface (``fla mock serve --fault``, ``PUT /_mock/faults``,
the certify runner's self-test): they never change meaning.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from fla_conformance.errors import UsageError

FAULTS: dict[str, str] = {
    "credit-off-by-one": "a remaining credit is one unit off",
    "sector-before-legal": "in-scope trainings consume sector credit before legal credit",
    "newest-year-first": "trainings consume the newest year's credit first",
    "odd-half-days": "day values that are not a multiple of 50 are accepted",
    "drop-provider-reference": "trainingProviderReference is dropped on GET with processingState",
    "error-500-on-bad-input": "invalid bodies are answered 500 instead of 400",
    "ignore-deactivation": "sector and employer rights missing from a new picture are kept",
    "wrong-anomaly-class": "blocking anomalies are reported with anomalyClass W",
    "leak-other-employer": "a token may read any employer's data (no 403)",
    "no-resend-warning": "an identical re-send is accepted without FLA04-272",
    "accept-read-only": "read-only fields in a PUT are accepted and stored",
    "legal-right-not-owned": "after the employer sent legalFlaRight, a PUT without it is accepted",
    "provider-auto-validate": (
        "provider trainings are validated automatically also for 10+ employees"
    ),
    "stale-waiting-list": "employeesTrainings keeps a pair after its trainings were validated",
    "expired-token-accepted": "expired access tokens are accepted",
    "source-always": "source and validity end dates are returned without rightType",
    "echo-computed-legal-right": (
        "a PUT's answer echoes the Sigedis-computed legal right it did not send"
    ),
}


def check_faults(names: Iterable[str]) -> frozenset[str]:
    """The names as a set; an unknown name raises UsageError listing the known ones."""
    chosen = frozenset(names)
    unknown = sorted(chosen - FAULTS.keys())
    if unknown:
        known = ", ".join(sorted(FAULTS))
        raise UsageError(f"unknown fault(s) {', '.join(unknown)}; known: {known}")
    return chosen


class Faults:
    """The active faults of one mock; the start-up set comes back after a reset."""

    def __init__(self, initial: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self.initial = check_faults(initial)
        self._active = self.initial

    def __contains__(self, name: object) -> bool:
        return name in self._active

    @property
    def active(self) -> list[str]:
        return sorted(self._active)

    def set(self, names: Iterable[str]) -> None:
        chosen = check_faults(names)
        with self._lock:
            self._active = chosen

    def reset(self) -> None:
        with self._lock:
            self._active = self.initial
