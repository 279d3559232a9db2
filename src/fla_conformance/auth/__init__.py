"""Authentication of the portal: OAuth 2.0 client credentials with private_key_jwt.

Server side (the reference mock): :class:`ClientRegistry` of :class:`Client` s, and
:class:`TokenService`, which answers the token endpoint (``TOKEN_PATH``) and verifies bearer
tokens into a :class:`Grant`; failures are :class:`AuthProblem` s with the status, body and
headers to send. Client side (certify, the pytest plugin): :func:`make_client_assertion` and
:func:`fetch_token`. For tests and development: :func:`generate_key_pair`,
:func:`self_signed_certificate` and the mock's local-only ``DEV_CLIENT_ID`` /
``DEV_CLIENT_SECRET``. Only stdlib and ``cryptography`` are imported here.
"""

from __future__ import annotations

from fla_conformance.auth._client import (
    PORTAL_TOKEN_URL,
    TOKEN_PATH,
    fetch_token,
    make_client_assertion,
    token_request_form,
)
from fla_conformance.auth._keys import generate_key_pair, self_signed_certificate
from fla_conformance.auth._problems import AuthProblem
from fla_conformance.auth._registry import (
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    Client,
    ClientRegistry,
    Grant,
    dev_client,
)
from fla_conformance.auth._service import ASSERTION_TYPE, GRANT_TYPE, TokenService

__all__ = [
    "ASSERTION_TYPE",
    "DEV_CLIENT_ID",
    "DEV_CLIENT_SECRET",
    "GRANT_TYPE",
    "PORTAL_TOKEN_URL",
    "TOKEN_PATH",
    "AuthProblem",
    "Client",
    "ClientRegistry",
    "Grant",
    "TokenService",
    "dev_client",
    "fetch_token",
    "generate_key_pair",
    "make_client_assertion",
    "self_signed_certificate",
    "token_request_form",
]
