"""The client side: signing an assertion and fetching an access token (certify, the plugin).

httpx is imported inside :func:`fetch_token` only, so that ``fla validate`` never loads it
(ARCHITECTURE "CLI start-up").
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any

from fla_conformance.auth import _jws
from fla_conformance.auth._keys import load_private_key
from fla_conformance.auth._service import ASSERTION_TYPE, GRANT_TYPE
from fla_conformance.errors import TargetError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import httpx

PORTAL_TOKEN_URL = "https://services.socialsecurity.be/REST/oauth/v5/token"
TOKEN_PATH = "/REST/oauth/v5/token"
_TIMEOUT = 10.0


def make_client_assertion(
    client_id: str,
    private_key_pem: str | bytes,
    token_url: str,
    *,
    lifetime: int = 120,
    now: float | None = None,
    jti: str | None = None,
) -> str:
    """A private_key_jwt assertion (RFC 7523 3): iss = sub = client id, aud = the token URL."""
    if not client_id:
        raise UsageError("client_id must not be empty")
    if lifetime <= 0:
        raise UsageError(f"lifetime must be a positive number of seconds, not {lifetime}")
    issued = int(time.time() if now is None else now)
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "jti": jti if jti is not None else secrets.token_urlsafe(18),
    }
    return _jws.sign(claims, load_private_key(private_key_pem))


def token_request_form(
    token_url: str,
    *,
    client_id: str,
    private_key_pem: str | bytes | None = None,
    secret: str | None = None,
    scope: str | None = None,
) -> dict[str, str]:
    """The form of a client-credentials token request, by assertion or by secret."""
    if (private_key_pem is None) == (secret is None):
        raise UsageError("give exactly one of private_key_pem and secret")
    form = {"grant_type": GRANT_TYPE}
    if private_key_pem is not None:
        form["client_assertion_type"] = ASSERTION_TYPE
        form["client_assertion"] = make_client_assertion(client_id, private_key_pem, token_url)
    else:
        form["client_id"] = client_id
        form["client_secret"] = secret or ""
    if scope:
        form["scope"] = scope
    return form


def fetch_token(
    token_url: str,
    *,
    client_id: str,
    private_key_pem: str | bytes | None = None,
    secret: str | None = None,
    scope: str | None = None,
    client: httpx.Client | None = None,
) -> str:
    """The access token from ``token_url``; a refusal or a network failure is a TargetError."""
    import httpx

    form = token_request_form(
        token_url, client_id=client_id, private_key_pem=private_key_pem, secret=secret, scope=scope
    )
    http = client if client is not None else httpx.Client(timeout=_TIMEOUT)
    try:
        response = http.post(token_url, data=form, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise TargetError(
            f"cannot reach the token endpoint {token_url}: {type(exc).__name__}"
        ) from None
    finally:
        if client is None:
            http.close()
    return _access_token(token_url, client_id, response.status_code, _json_body(response))


def _json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _access_token(token_url: str, client_id: str, status: int, body: Any) -> str:
    where = f"the token endpoint {token_url}"
    if status != 200:
        raise TargetError(f"{where} refused client {client_id!r}: HTTP {status}{_reason(body)}")
    if not isinstance(body, dict):
        raise TargetError(f"{where} answered 200 without a JSON object")
    token, token_type = body.get("access_token"), body.get("token_type")
    if not isinstance(token, str) or not token:
        raise TargetError(f"{where} answered 200 without an access_token")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise TargetError(f"{where} answered token_type {token_type!r}, not Bearer")
    return token


def _reason(body: Any) -> str:
    # RFC 6749 5.2 error body; the description is the server's, shortened for one line.
    if not isinstance(body, dict) or not isinstance(body.get("error"), str):
        return ""
    description = body.get("error_description")
    text = f" {body['error']}"
    if isinstance(description, str) and description:
        text += f" ({description[:200]})"
    return text
