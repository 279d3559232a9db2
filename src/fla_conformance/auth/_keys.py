"""RSA keys and certificates: loading what a client registered, and making some for tests.

The portal registers an X.509 certificate per client (SPEC "Authentication"); the kit also
takes a bare public key. Only RSA keys of at least 2048 bits can sign RS256 assertions.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm as UnsupportedAlgorithmError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from fla_conformance.errors import UsageError

MIN_KEY_BITS = 2048


@dataclass(frozen=True)
class VerificationKey:
    """A client's public key, with the validity period when it came from a certificate."""

    public_key: rsa.RSAPublicKey
    not_before: float | None = None
    not_after: float | None = None

    def valid_at(self, now: float) -> bool:
        if self.not_before is not None and now < self.not_before:
            return False
        return self.not_after is None or now <= self.not_after


def _as_bytes(pem: str | bytes) -> bytes:
    return pem.encode("ascii", "replace") if isinstance(pem, str) else pem


def _rsa_public(key: object, what: str) -> rsa.RSAPublicKey:
    if not isinstance(key, rsa.RSAPublicKey):
        raise UsageError(f"{what} does not hold an RSA key (RS256 needs RSA)")
    if key.key_size < MIN_KEY_BITS:
        raise UsageError(f"{what} holds a {key.key_size}-bit RSA key; at least 2048 is required")
    return key


def load_verification_key(pem: str | bytes, what: str = "the registered key") -> VerificationKey:
    """Parse a PEM public key or a PEM X.509 certificate; errors never quote the PEM."""
    data = _as_bytes(pem)
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            cert = x509.load_pem_x509_certificate(data)
        except ValueError as exc:
            raise UsageError(f"{what} is not a readable PEM certificate") from exc
        key = _rsa_public(cert.public_key(), what)
        return VerificationKey(
            key, cert.not_valid_before_utc.timestamp(), cert.not_valid_after_utc.timestamp()
        )
    try:
        loaded = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{what} is neither a PEM public key nor a PEM certificate") from exc
    return VerificationKey(_rsa_public(loaded, what))


def load_private_key(pem: str | bytes) -> rsa.RSAPrivateKey:
    """An unencrypted PEM RSA private key (PKCS#8 or PKCS#1); errors never quote the PEM."""
    return _load_private_key(_as_bytes(pem))


# Loading checks the RSA key's consistency, about 40 ms: a client signing one assertion per
# token request would pay it every time. The cache holds what the caller already holds.
@functools.lru_cache(maxsize=16)
def _load_private_key(pem: bytes) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError as exc:
        raise UsageError("the private key is encrypted; give an unencrypted PEM key") from exc
    except (ValueError, UnsupportedAlgorithmError) as exc:
        raise UsageError("the private key is not a readable PEM private key") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise UsageError("the private key is not an RSA key (RS256 needs RSA)")
    if key.key_size < MIN_KEY_BITS:
        raise UsageError(f"the private key has {key.key_size} bits; at least 2048 is required")
    return key


def generate_key_pair(bits: int = MIN_KEY_BITS) -> tuple[str, str]:
    """A fresh RSA key pair as (PKCS#8 private PEM, SubjectPublicKeyInfo public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode("ascii"), public.decode("ascii")


def self_signed_certificate(
    private_key_pem: str | bytes, common_name: str, *, days: int = 365
) -> str:
    """A PEM X.509 certificate for the key, valid from a day ago for ``days`` days."""
    key = load_private_key(private_key_pem)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days + 1))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
