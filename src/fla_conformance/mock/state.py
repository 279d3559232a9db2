"""One mock's state: the store, the clock, the faults, and what every operation shares.

A :class:`Call` is one API request after authentication and validation: its identities, its
query, its parsed body and the warnings found so far. The operations (rights, trainings,
lists) read and write through :class:`MockState` inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from fla_conformance.auth import dev_client
from fla_conformance.contract import Contract, load_contract
from fla_conformance.mock import credit
from fla_conformance.mock.faults import Faults
from fla_conformance.mock.store import Store

DEFAULT_EMPLOYER = 880820673  # the manual's employer
DEFAULT_IMPORTANCE = 8  # 500 to 999 employees, as in the manual's examples


@dataclass
class Call:
    """An API request ready to be processed."""

    operation_id: str
    company_id: int
    inss: int | None = None
    year: int | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    source: str = "EMPLOYER"  # who declares: EMPLOYER, or PROVIDER for a representative
    warnings: list[dict[str, Any]] = field(default_factory=list)


class Clock:
    """Local time (the manual's calculationDate has no offset, D9), or a frozen instant."""

    def __init__(self, frozen: dt.datetime | None = None) -> None:
        self._lock = threading.Lock()
        self.initial = frozen
        self.frozen = frozen

    def now(self) -> dt.datetime:
        frozen = self.frozen
        return frozen if frozen is not None else dt.datetime.now()

    def freeze(self, when: dt.datetime | None) -> None:
        with self._lock:
            self.frozen = when


def digest(body: Mapping[str, Any]) -> bytes:
    """The canonical form of a picture: same content, same digest, whatever the key order."""
    return hashlib.blake2b(orjson.dumps(body, option=orjson.OPT_SORT_KEYS), digest_size=16).digest()


class MockState:
    """Everything a request may touch."""

    def __init__(
        self,
        store: Store,
        faults: Faults,
        clock: Clock,
        anchor_year: int | None = None,
        contract: Contract | None = None,
    ) -> None:
        self.store = store
        self.faults = faults
        self.clock = clock
        self.contract = contract or load_contract()
        anchor, length = self.contract.fla_window()
        self.anchor_year = anchor if anchor_year is None else anchor_year
        self.window_length = length

    def now_text(self) -> str:
        return self.clock.now().isoformat()

    def window(self, year: int | None = None) -> range:
        """The FLA window holding ``year``, by default the one of the calculation date (D13)."""
        when = self.clock.now().year if year is None else year
        return credit.window_of(when, self.anchor_year, self.window_length)

    def rules(self) -> credit.CreditRules:
        return credit.CreditRules(
            legal_first="sector-before-legal" not in self.faults,
            oldest_first="newest-year-first" not in self.faults,
            off_by_one="credit-off-by-one" in self.faults,
        )

    def credit(
        self,
        company_id: int,
        inss: int,
        header: tuple[dict[str, Any], dict[str, Any]] | None = None,
        end_date: bool = False,
    ) -> dict[str, Any]:
        """flaCreditCalculation of one employee now (manual 3.3.5); ``end_date`` as in 3.3.5.2."""
        now = self.clock.now()
        window = self.window(now.year)
        pictures = self.store.pictures(company_id, inss, window)
        facts = credit.gather(window, pictures, self.store.ref_hours(company_id, inss))
        employer, employee = header or ({"companyId": company_id}, {"inss": inss})
        answer: dict[str, Any] = {
            "employer": employer,
            "employee": employee,
            "calculationDate": now.isoformat(),
        }
        answer.update(credit.calculate(facts, self.rules()))
        validity = credit.validity_end_date(facts) if end_date else None
        if validity is not None and "legalFlaCredit" in answer:
            answer["legalFlaCredit"]["legalFlaCreditValidityEndDate"] = validity
        return answer

    def seed(self) -> None:
        """The default state: the manual's employer, and the development client bound to it."""
        self.store.put_employer(DEFAULT_EMPLOYER, DEFAULT_IMPORTANCE)
        client = dev_client([DEFAULT_EMPLOYER])
        self.store.put_client(client.client_id, client.to_json())
        self.store.put_meta("seeded", self.now_text())


def credit_header(body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The credit's employer and employee, copied from a declaration (manual 3.4.2 example)."""
    employer = {
        k: v for k, v in body["employer"].items() if k in ("companyId", "flaImportanceCode")
    }
    employee = {k: v for k, v in body["employee"].items() if k in ("inss", "language")}
    return employer, employee


def remember_ref_hours(state: MockState, body: Mapping[str, Any]) -> None:
    """The employee's last known refHoursInWorkingDay converts days later (D14)."""
    ref = body["employee"].get("refHoursInWorkingDay")
    if isinstance(ref, int):
        state.store.put_ref_hours(body["employer"]["companyId"], body["employee"]["inss"], ref)
