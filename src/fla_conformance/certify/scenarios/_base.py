"""The frame of a scenario: a named sequence of requests with expectations about the answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from fla_conformance.certify import bodies
from fla_conformance.certify.findings import Finding
from fla_conformance.certify.record import Run
from fla_conformance.certify.session import Answer, Session
from fla_conformance.errors import TargetError

PART = "scenarios"


class Stop(Exception):
    """A scenario cannot go on: an expectation it depends on failed (already recorded)."""


class Skip(Exception):
    """A scenario cannot run against this target; the message says why."""


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    run: Callable[[Context], None]
    needs_control: bool = False


class Context:
    """What a scenario works with: the checked session, the control API, its identities."""

    def __init__(self, session: Session, run: Run, name: str, inss: int, year: int,
                 control: httpx.Client | None) -> None:
        self.session, self.run, self.name = session, run, name
        self.company, self.inss, self.year = session.target.employer, inss, year
        self.control = control
        self.failures = 0

    # -- requests ---------------------------------------------------------------------------
    def put_rights(self, body: dict[str, Any]) -> Answer:
        path = bodies.rights_path(self.company, self.inss, body["calendarYear"])
        return self.session.send("PUT", path, body)

    def get_rights(self, query: str = "", year: int | None = None) -> Answer:
        path = bodies.rights_path(self.company, self.inss, year or self.year)
        return self.session.send("GET", path + query)

    def put_trainings(self, body: dict[str, Any]) -> Answer:
        path = bodies.trainings_path(self.company, self.inss, body["calendarYear"])
        return self.session.send("PUT", path, body)

    def get_trainings(self, query: str = "", year: int | None = None) -> Answer:
        path = bodies.trainings_path(self.company, self.inss, year or self.year)
        return self.session.send("GET", path + query)

    def credit(self) -> Answer:
        return self.session.send("GET", bodies.credit_path(self.company, self.inss))

    def rights_body(self, year: int | None = None, **blocks: int | None) -> dict[str, Any]:
        return bodies.rights(self.company, self.inss, year or self.year, **blocks)

    def trainings_body(self, *items: dict[str, Any], year: int | None = None) -> dict[str, Any]:
        return bodies.trainings(self.company, self.inss, year or self.year, *items)

    def mock(self, method: str, path: str, body: Any = None) -> Any:
        """A call to the mock's control API; a refusal stops the run (the kit's mistake)."""
        if self.control is None:
            raise Skip("needs the mock's control API (the built-in mock, or --control-url)")
        try:
            response = self.control.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise TargetError(f"control API {method} {path}: {type(exc).__name__}") from None
        if response.status_code >= 300:
            raise TargetError(f"control API {method} {path}: {response.status_code} "
                              f"{response.text[:200]}")
        return response.json() if response.content else None

    # -- expectations -----------------------------------------------------------------------
    def expect(self, ok: bool, message: str, *answers: Answer, rule: str | None = None) -> bool:
        """Record a finding unless ``ok``; True when the expectation holds."""
        if ok:
            return True
        self.failures += 1
        operation = answers[-1].observation.operation_id if answers else ""
        finding = Finding(check=self.name, message=message, operation=operation, part=PART,
                          rule=rule)
        self.session.report(finding, *(answer.exchange for answer in answers))
        return False

    def require(self, ok: bool, message: str, *answers: Answer, rule: str | None = None) -> None:
        """Like :meth:`expect`, but the scenario stops when it does not hold."""
        if not self.expect(ok, message, *answers, rule=rule):
            raise Stop(message)

    def accepted(self, answer: Answer, what: str) -> None:
        self.require(answer.status == 200, f"{what}: expected 200, got {answer.status} "
                     f"{answer.error_ids}", answer)


def declaration(answer: Answer) -> dict[str, Any]:
    body = answer.body if isinstance(answer.body, dict) else {}
    found = body.get("flaDataDeclaration")
    return found if isinstance(found, dict) else {}


def training_rights(answer: Answer) -> dict[str, Any]:
    found = declaration(answer).get("trainingRights")
    return found if isinstance(found, dict) else {}


def listed_trainings(answer: Answer) -> list[dict[str, Any]]:
    found = declaration(answer).get("trainings")
    return [t for t in found if isinstance(t, dict)] if isinstance(found, list) else []


def pairs(answer: Answer) -> set[tuple[Any, Any]]:
    """The (inss, year) pairs of a list answer; year or calendarYear (D2)."""
    body = answer.body if isinstance(answer.body, dict) else {}
    return {
        (item.get("inss"), item.get("year", item.get("calendarYear")))
        for item in body.get("employees") or []
        if isinstance(item, dict)
    }
