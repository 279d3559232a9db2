"""Compact JWS with RS256 only (RFC 7515 / RFC 7518 3.3), the signature of a client assertion.

Only what private_key_jwt needs: sign a claims object, and split and check a compact token.
The algorithm is fixed to RS256 on both sides, so a token whose header says ``none`` or
``HS256`` is refused before any key is used (the classic algorithm-confusion attack).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ALGORITHM = "RS256"
HEADER: Mapping[str, str] = {"alg": ALGORITHM, "typ": "JWT"}

# A client assertion is a few hundred bytes; anything far larger is not one (and is not parsed).
MAX_TOKEN_LENGTH = 16 * 1024
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")


class JwsError(ValueError):
    """The compact token is not an RS256 JWS this module accepts (message has no token data)."""


@dataclass(frozen=True)
class CompactJws:
    """A parsed, not yet verified, compact JWS."""

    header: dict[str, Any]
    claims: dict[str, Any]
    signing_input: bytes
    signature: bytes


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(segment: str) -> bytes:
    """Unpadded base64url (RFC 7515 2); padding or other alphabets are refused."""
    if not _SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        raise JwsError("not base64url")
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - excluded by the regex
        raise JwsError("not base64url") from exc
    # Only the canonical spelling: otherwise a changed last character (unused low bits) would
    # decode to the same signature and a tampered token would still verify.
    if b64url_encode(data) != segment:
        raise JwsError("not canonical base64url")
    return data


def _json_segment(value: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(dict(value), separators=(",", ":")).encode("utf-8"))


def sign(claims: Mapping[str, Any], private_key: rsa.RSAPrivateKey) -> str:
    """The compact serialisation of ``claims`` signed RS256 (PKCS#1 v1.5 with SHA-256)."""
    signing_input = f"{_json_segment(HEADER)}.{_json_segment(claims)}"
    signature = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url_encode(signature)}"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two "aud" or "alg" members could be read differently by two parsers: refuse them.
    value = dict(pairs)
    if len(value) != len(pairs):
        raise JwsError("duplicate member names")
    return value


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259 6) and would slip through time comparisons.
    raise JwsError(f"{name} is not a JSON number")


def _json_object(segment: str, what: str) -> dict[str, Any]:
    try:
        text = b64url_decode(segment).decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JwsError(f"the {what} is not JSON") from exc
    if not isinstance(value, dict):
        raise JwsError(f"the {what} is not a JSON object")
    return value


def parse(token: str) -> CompactJws:
    """Split a compact JWS and check its header; the signature is checked by :func:`verify`."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise JwsError("the assertion is too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise JwsError("the assertion is not a compact JWS (three dot-separated parts)")
    header = _json_object(parts[0], "JOSE header")
    if header.get("alg") != ALGORITHM:
        raise JwsError("the assertion must be signed with RS256")
    typ = header.get("typ", "JWT")
    if not isinstance(typ, str) or typ.upper() != "JWT":
        raise JwsError("the assertion's typ must be JWT")
    if "crit" in header:
        # RFC 7515 4.1.11: extensions we do not understand make the token unacceptable.
        raise JwsError("the assertion uses critical header extensions")
    claims = _json_object(parts[1], "claims set")
    signature = b64url_decode(parts[2])
    return CompactJws(header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def verify(jws: CompactJws, public_key: rsa.RSAPublicKey) -> None:
    """Raise :class:`JwsError` unless ``jws`` carries a valid RS256 signature by ``public_key``."""
    try:
        public_key.verify(jws.signature, jws.signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise JwsError("the assertion's signature does not verify with the client's key") from exc
