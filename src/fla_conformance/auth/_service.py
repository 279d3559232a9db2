"""The server side: the token endpoint (client credentials) and bearer-token verification.

The token endpoint follows the portal (SPEC "Authentication"): grant type client_credentials,
the client authenticated by a private_key_jwt assertion (RFC 7523 2.2 and 3) or, for local
development, by a shared secret (RFC 6749 2.3.1: HTTP Basic or form fields). Access tokens are
random opaque strings; the service keeps their SHA-256 digest with the :class:`Grant`, so a
lookup is one dict access and a memory dump does not reveal usable tokens.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fla_conformance.auth._client_auth import (
    authenticate_basic,
    authenticate_secret,
    check_assertion,
)
from fla_conformance.auth._problems import AuthProblem
from fla_conformance.auth._registry import Client, ClientRegistry, Grant
from fla_conformance.errors import UsageError

GRANT_TYPE = "client_credentials"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

# RFC 6750 2.1 b64token, and RFC 6749 3.3 scope-token.
_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class TokenService:
    """Issues access tokens at the token endpoint and verifies them on API calls.

    Thread-safe: the mock serves requests concurrently. Replay protection accepts a (client,
    jti) pair once while its assertion is unexpired, and forgets it afterwards, so memory stays
    bounded. An expired token is still recognised as expired for ``token_retention`` seconds
    (default: the token lifetime), then it is just unknown. ``allow_secrets=False`` accepts
    only signed assertions, as the portal does.
    """

    def __init__(
        self,
        registry: ClientRegistry,
        token_url: str,
        *,
        clock: Callable[[], float] = time.time,
        token_lifetime: int = 3600,
        assertion_max_lifetime: int = 300,
        clock_skew: int = 30,
        audiences: Iterable[str] = (),
        token_retention: int | None = None,
        allow_secrets: bool = True,
    ) -> None:
        self.registry = registry
        self.token_url = token_url
        self.clock = clock
        self.token_lifetime = token_lifetime
        self.assertion_max_lifetime = assertion_max_lifetime
        self.clock_skew = clock_skew
        self.audiences = frozenset({token_url, *audiences})
        self.token_retention = token_lifetime if token_retention is None else token_retention
        self.allow_secrets = allow_secrets
        self._lock = threading.Lock()
        self._grants: dict[str, Grant] = {}
        self._grant_expiry: list[tuple[float, str]] = []
        self._jtis: dict[tuple[str, str], float] = {}
        self._jti_expiry: list[tuple[float, str, str]] = []

    # ---- token endpoint ------------------------------------------------------------------

    def token(self, form: Mapping[str, str], authorization: str | None = None) -> dict[str, Any]:
        """Answer a token request: the JSON body of a 200, or raise :class:`AuthProblem`."""
        grant_type = _field(form, "grant_type")
        if grant_type is None:
            raise AuthProblem.oauth("invalid_request", "grant_type is missing")
        if grant_type != GRANT_TYPE:
            raise AuthProblem.oauth(
                "unsupported_grant_type", f"only the {GRANT_TYPE} grant type is supported"
            )
        client = self._authenticate(form, authorization)
        return self.issue(client, _field(form, "scope"))

    def issue(
        self, client: Client, scope: str | None = None, *, lifetime: int | None = None
    ) -> dict[str, Any]:
        """Issue a token for an already authenticated client (also for tests and the mock's
        control API: ``lifetime=0`` gives a token that is already expired)."""
        lifetime = self.token_lifetime if lifetime is None else lifetime
        if lifetime < 0:
            raise UsageError(f"a token lifetime cannot be negative ({lifetime})")
        scopes = _granted_scopes(client, scope)
        now = self.clock()
        token = secrets.token_urlsafe(32)
        digest = _digest(token)
        grant = Grant(client.client_id, client.company_ids, scopes, now + lifetime)
        with self._lock:
            self._forget_expired(now)
            self._grants[digest] = grant
            heapq.heappush(self._grant_expiry, (grant.expires_at + self.token_retention, digest))
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": " ".join(sorted(scopes)),
        }

    def _authenticate(self, form: Mapping[str, str], authorization: str | None) -> Client:
        # RFC 6749 2.3: a client uses exactly one authentication method per request.
        uses_assertion = "client_assertion" in form or "client_assertion_type" in form
        uses_secret = "client_secret" in form
        uses_header = bool(authorization and authorization.strip())
        if uses_assertion + uses_secret + uses_header > 1:
            raise AuthProblem.oauth(
                "invalid_request", "use exactly one client authentication method"
            )
        if uses_assertion:
            return self._authenticate_assertion(form)
        if (uses_header or uses_secret) and not self.allow_secrets:
            # The portal itself takes only private_key_jwt; secrets are a local convenience.
            raise AuthProblem.oauth(
                "invalid_client", "client secrets are not accepted; send a signed assertion"
            )
        if uses_header:
            return authenticate_basic(self.registry, authorization or "")
        if uses_secret:
            return authenticate_secret(
                self.registry, _field(form, "client_id"), _field(form, "client_secret")
            )
        raise AuthProblem.oauth("invalid_client", "the request carries no client authentication")

    def _authenticate_assertion(self, form: Mapping[str, str]) -> Client:
        if _field(form, "client_assertion_type") != ASSERTION_TYPE:
            raise AuthProblem.oauth(
                "invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}"
            )
        assertion = _field(form, "client_assertion")
        if not assertion:
            raise AuthProblem.oauth("invalid_request", "client_assertion is missing")
        now = self.clock()
        client, jti, exp = check_assertion(
            self.registry,
            assertion,
            form_client_id=_field(form, "client_id"),
            audiences=self.audiences,
            now=now,
            max_lifetime=self.assertion_max_lifetime,
            skew=self.clock_skew,
        )
        self._accept_jti(client.client_id, jti, exp, now)
        return client

    def _accept_jti(self, client_id: str, jti: str, exp: float, now: float) -> None:
        # RFC 7523 3 (7): a jti is used once; it is remembered until the assertion expires.
        key = (client_id, jti)
        with self._lock:
            self._forget_expired(now)
            if key in self._jtis:
                raise AuthProblem.oauth("invalid_client", "the assertion's jti was already used")
            forget_at = exp + self.clock_skew
            self._jtis[key] = forget_at
            heapq.heappush(self._jti_expiry, (forget_at, client_id, jti))

    def _forget_expired(self, now: float) -> None:
        # Called with the lock held; each entry is pushed and popped once (amortised O(log n)).
        while self._jti_expiry and self._jti_expiry[0][0] <= now:
            _, client_id, jti = heapq.heappop(self._jti_expiry)
            self._jtis.pop((client_id, jti), None)
        while self._grant_expiry and self._grant_expiry[0][0] <= now:
            self._grants.pop(heapq.heappop(self._grant_expiry)[1], None)

    # ---- API side ------------------------------------------------------------------------

    def verify(self, authorization: str | None, *, allow_expired: bool = False) -> Grant:
        """The grant of the bearer token in an ``Authorization`` header, or a 401 problem.

        ``allow_expired`` accepts a known but expired token (the mock's fault injection).
        """
        if authorization is None or not authorization.strip():
            raise AuthProblem.problem(
                "noAccessToken", 401, "The request carries no access token (Authorization: Bearer)"
            )
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not _B64TOKEN.fullmatch(token):
            raise AuthProblem.problem(
                "invalidAccessToken", 401, "The Authorization header is not 'Bearer <token>'"
            )
        with self._lock:
            grant = self._grants.get(_digest(token))
        if grant is None or self.registry.get(grant.client_id) is None:
            raise AuthProblem.problem(
                "invalidAccessToken", 401, "The access token is unknown or was revoked"
            )
        if not allow_expired and self.clock() >= grant.expires_at:
            raise AuthProblem.problem("expiredAccessToken", 401, "The access token has expired")
        return grant

    def revoke(self, access_token: str) -> bool:
        """Forget a token; True when it was known."""
        if not _B64TOKEN.fullmatch(access_token):
            return False
        with self._lock:
            return self._grants.pop(_digest(access_token), None) is not None


def _field(form: Mapping[str, str], name: str) -> str | None:
    """A form parameter; RFC 6749 3.2 forbids sending one twice (seen on multi-dicts)."""
    getlist = getattr(form, "getlist", None)
    if callable(getlist) and len(getlist(name)) > 1:
        raise AuthProblem.oauth("invalid_request", f"{name} is given more than once")
    value = form.get(name)
    if value is not None and not isinstance(value, str):
        raise AuthProblem.oauth("invalid_request", f"{name} must be a string")
    return value


def _granted_scopes(client: Client, scope: str | None) -> frozenset[str]:
    # SPEC "Authentication": leaving scope out gives the client's default scopes.
    if scope is None or not scope.strip():
        return client.scopes
    requested = scope.split(" ")
    if not all(_SCOPE_TOKEN.fullmatch(item) for item in requested):
        raise AuthProblem.oauth("invalid_scope", "scope must be scope tokens separated by spaces")
    refused = sorted(set(requested) - client.scopes)
    if refused:
        raise AuthProblem.oauth(
            "invalid_scope", f"scope not granted to this client: {' '.join(refused)}"
        )
    return frozenset(requested)
