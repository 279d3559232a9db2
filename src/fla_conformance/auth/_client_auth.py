"""How the token endpoint authenticates a client: a private_key_jwt assertion or a secret.

Every failure is ``invalid_client`` (RFC 7523 3.2, RFC 6749 5.2), with a description that
says which check failed and never quotes the assertion, the secret or the key.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Collection
from typing import Any
from urllib.parse import unquote_plus

from fla_conformance.auth import _jws
from fla_conformance.auth._problems import AuthProblem
from fla_conformance.auth._registry import Client, ClientRegistry

MAX_JTI_LENGTH = 256


def _refuse(description: str) -> AuthProblem:
    return AuthProblem.oauth("invalid_client", description)


def check_assertion(
    registry: ClientRegistry,
    assertion: str,
    *,
    form_client_id: str | None,
    audiences: Collection[str],
    now: float,
    max_lifetime: int,
    skew: int,
) -> tuple[Client, str, float]:
    """The client a valid assertion authenticates, with the assertion's jti and exp.

    The checks of RFC 7523 3; the jti's single use is left to the caller, which owns the
    replay store. The claims are read before the signature only to find the client's key.
    """
    try:
        jws = _jws.parse(assertion)
    except _jws.JwsError as exc:
        raise _refuse(str(exc)) from None
    client_id = _issuer(jws.claims, form_client_id)
    entry = registry.lookup(client_id)
    if entry is None:
        raise _refuse(f"unknown client {client_id!r}")
    client, key = entry
    if key is None:
        raise _refuse("the client has no registered certificate or public key")
    if not key.valid_at(now):
        raise _refuse("the client's registered certificate is not valid at this time")
    try:
        _jws.verify(jws, key.public_key)
    except _jws.JwsError as exc:
        raise _refuse(str(exc)) from None
    _check_audience(jws.claims, audiences)
    exp = _check_times(jws.claims, now, max_lifetime, skew)
    return client, _jti(jws.claims), exp


def _issuer(claims: dict[str, Any], form_client_id: str | None) -> str:
    iss, sub = claims.get("iss"), claims.get("sub")
    if not isinstance(iss, str) or not iss:
        raise _refuse("the assertion's iss must be the client id")
    if sub != iss:
        raise _refuse("the assertion's sub must equal its iss (the client id)")
    if form_client_id is not None and form_client_id != iss:
        raise _refuse("client_id does not match the assertion's iss")
    return iss


def _check_audience(claims: dict[str, Any], audiences: Collection[str]) -> None:
    aud = claims.get("aud")
    values = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if not any(isinstance(value, str) and value in audiences for value in values):
        raise _refuse("the assertion's aud must be the token endpoint URL")


def _time(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(f"the assertion's {name} must be a number of seconds since the epoch")
    return float(value)


def _check_times(claims: dict[str, Any], now: float, max_lifetime: int, skew: int) -> float:
    exp = _time(claims, "exp")
    if exp is None:
        raise _refuse("the assertion has no exp")
    if exp <= now - skew:
        raise _refuse("the assertion has expired")
    if exp > now + max_lifetime + skew:
        raise _refuse(f"the assertion's exp is more than {max_lifetime} seconds ahead")
    for name in ("nbf", "iat"):
        value = _time(claims, name)
        if value is not None and value > now + skew:
            raise _refuse(f"the assertion's {name} is in the future")
    return exp


def _jti(claims: dict[str, Any]) -> str:
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_LENGTH:
        raise _refuse(f"the assertion needs a jti: a unique string of 1-{MAX_JTI_LENGTH} chars")
    return jti


def authenticate_secret(
    registry: ClientRegistry, client_id: str | None, secret: str | None
) -> Client:
    """client_secret_post or the decoded Basic credentials (local development only)."""
    if not client_id:
        raise _refuse("client_id is missing")
    client = registry.get(client_id)
    if client is None:
        raise _refuse(f"unknown client {client_id!r}")
    if client.secret is None:
        raise _refuse("the client has no secret; authenticate with a signed assertion")
    given = (secret or "").encode("utf-8")
    if not hmac.compare_digest(given, client.secret.encode("utf-8")):
        raise _refuse("wrong client secret")
    return client


def authenticate_basic(registry: ClientRegistry, authorization: str) -> Client:
    """HTTP Basic with form-urlencoded id and secret (RFC 6749 2.3.1)."""
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        raise _refuse("the token endpoint accepts only Basic in the Authorization header")
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _refuse("the Basic credentials are not base64 of 'client_id:secret'") from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise _refuse("the Basic credentials are not base64 of 'client_id:secret'")
    return authenticate_secret(registry, unquote_plus(client_id), unquote_plus(secret))
