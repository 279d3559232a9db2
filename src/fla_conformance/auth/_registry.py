"""Registered clients, what a token allows (:class:`Grant`), and the in-memory registry.

A client is a portal application: its id, the employers it may act for (its own company or the
mandates given to a representative, SPEC "Authentication"), its registered certificate or
public key, and, for local development only, a shared secret.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fla_conformance.auth._keys import VerificationKey, load_verification_key
from fla_conformance.errors import UsageError

# The reference mock's default client. A shared secret is for local development only: the
# portal itself authenticates clients with private_key_jwt.
DEV_CLIENT_ID = "fla-dev"
DEV_CLIENT_SECRET = "fla-dev-secret"


@dataclass(frozen=True)
class Client:
    """A registered client; ``public_key_pem`` is a PEM public key or a PEM X.509 certificate."""

    client_id: str
    company_ids: frozenset[int]
    public_key_pem: str | None = None
    secret: str | None = field(default=None, repr=False)
    scopes: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the secret included: persist it as carefully as a key)."""
        return {
            "client_id": self.client_id,
            "company_ids": sorted(self.company_ids),
            "public_key_pem": self.public_key_pem,
            "secret": self.secret,
            "scopes": sorted(self.scopes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Client:
        """The inverse of :meth:`to_json`; a malformed entry raises :class:`UsageError`."""
        if not isinstance(data, Mapping):
            raise UsageError("a client must be a JSON object")
        client_id = data.get("client_id")
        if not isinstance(client_id, str) or not client_id:
            raise UsageError("a client needs a non-empty string client_id")
        return cls(
            client_id=client_id,
            company_ids=frozenset(_ints(data.get("company_ids", []), client_id)),
            public_key_pem=_optional_str(data, "public_key_pem", client_id),
            secret=_optional_str(data, "secret", client_id),
            scopes=frozenset(_strs(data.get("scopes", []), client_id)),
        )


def _ints(value: Any, client_id: str) -> list[int]:
    ok = isinstance(value, list) and all(
        isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value
    )
    if not ok:
        raise UsageError(f"client {client_id!r}: company_ids must be a list of positive integers")
    return list(value)


def _strs(value: Any, client_id: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"client {client_id!r}: scopes must be a list of strings")
    return list(value)


def _optional_str(data: Mapping[str, Any], name: str, client_id: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise UsageError(f"client {client_id!r}: {name} must be a string or null")
    return value


def dev_client(company_ids: Iterable[int], scopes: Iterable[str] = ()) -> Client:
    """The mock's development client (``DEV_CLIENT_ID`` / ``DEV_CLIENT_SECRET``), local only."""
    return Client(
        DEV_CLIENT_ID, frozenset(company_ids), secret=DEV_CLIENT_SECRET, scopes=frozenset(scopes)
    )


@dataclass(frozen=True)
class Grant:
    """What a valid access token allows: acting for these employers, with these scopes."""

    client_id: str
    company_ids: frozenset[int]
    scopes: frozenset[str]
    expires_at: float

    def may_act_for(self, company_id: int) -> bool:
        return company_id in self.company_ids


class ClientRegistry:
    """Clients by id, with their parsed keys; safe to share between threads."""

    def __init__(self, clients: Iterable[Client] = ()) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[Client, VerificationKey | None]] = {}
        for client in clients:
            self.add(client)

    def add(self, client: Client) -> None:
        """Register or replace a client; an unreadable or non-RSA key raises UsageError."""
        if not client.client_id:
            raise UsageError("a client needs a non-empty client_id")
        if client.public_key_pem is None and client.secret is None:
            raise UsageError(f"client {client.client_id!r} has neither a key nor a secret")
        key = None
        if client.public_key_pem is not None:
            key = load_verification_key(
                client.public_key_pem, f"the key of client {client.client_id!r}"
            )
        with self._lock:
            self._clients[client.client_id] = (client, key)

    def get(self, client_id: str) -> Client | None:
        entry = self._clients.get(client_id)
        return entry[0] if entry else None

    def lookup(self, client_id: str) -> tuple[Client, VerificationKey | None] | None:
        """The client with its parsed key (one read, so both belong to the same version)."""
        return self._clients.get(client_id)

    def remove(self, client_id: str) -> bool:
        """Forget a client; its tokens stop working. True when it was registered."""
        with self._lock:
            return self._clients.pop(client_id, None) is not None

    def clients(self) -> list[Client]:
        with self._lock:
            return [client for client, _ in self._clients.values()]

    def __contains__(self, client_id: object) -> bool:
        return client_id in self._clients

    def __len__(self) -> int:
        return len(self._clients)
