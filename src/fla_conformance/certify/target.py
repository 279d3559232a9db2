"""The endpoint under test: where it is, how to authenticate, what it may be written to.

Safety first (issue 6): the runner writes only to the identities the user names; against a
non-local URL they must be named explicitly, and the production host is refused unless
``--allow-production`` says so in so many words.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fla_conformance.contract import BASE_PATH
from fla_conformance.errors import UsageError
from fla_conformance.identifiers import is_valid_inss, is_valid_kbo, make_inss

PRODUCTION_HOSTS = frozenset({"services.socialsecurity.be"})
DEFAULT_EMPLOYER = 880820673  # the manual's employer; the mock's seeded one
#: employees the built-in mock run uses: one for the fuzzing, one per scenario
POOL_SIZE = 16


@dataclass
class Options:
    """What ``fla certify`` was asked to do (the command line, or a caller)."""

    base_url: str | None = None
    token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    private_key: Path | None = None
    certificate: Path | None = None
    token_url: str | None = None
    control_url: str | None = None
    employer: int | None = None
    employees: list[int] = field(default_factory=list)
    report_dir: Path = Path("reports")
    seed: int = 0
    max_examples: int = 100
    only: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    allow_production: bool = False
    timeout: float = 10.0

    def public(self) -> dict[str, Any]:
        """The options as they go into a report: no token, no secret, no key, no INSS."""
        return {
            "baseUrl": self.base_url or "(built-in mock)",
            "tokenUrl": self.token_url,
            "controlUrl": self.control_url,
            "auth": _auth_kind(self),
            "employer": self.employer,
            "employees": len(self.employees),
            "seed": self.seed,
            "maxExamples": self.max_examples,
            "only": list(self.only),
            "faults": list(self.faults),
            "allowProduction": self.allow_production,
        }


def _auth_kind(options: Options) -> str:
    if options.token:
        return "bearer token"
    if options.private_key:
        return "private_key_jwt"
    if options.client_id:
        return "client secret"
    return "built-in mock dev client" if options.base_url is None else "none"


def is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_safety(options: Options) -> None:
    """Refuse what could write to someone else's data (issue 6, "Safety")."""
    for number in options.employees:
        if not is_valid_inss(number):
            raise UsageError(f"--employee {number} is not a valid INSS (check digits)")
    if options.employer is not None and not is_valid_kbo(options.employer):
        raise UsageError(f"--employer {options.employer} is not a valid KBO number (check digits)")
    _check_auth(options)
    if options.base_url is None:
        return
    if options.faults:
        raise UsageError("--fault applies to the built-in mock only (leave out --base-url)")
    parts = urlsplit(options.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--base-url {options.base_url!r} is not an http(s) URL")
    if parts.hostname in PRODUCTION_HOSTS and not options.allow_production:
        raise UsageError(
            f"{parts.hostname} is the production host; certify writes declarations there. "
            "Add --allow-production if that is really what you want."
        )
    if not is_local(options.base_url) and (options.employer is None or not options.employees):
        raise UsageError(
            "against a non-local URL, name the identities certify may write to: "
            "--employer KBO and --employee INSS (one or more)"
        )


def _check_auth(options: Options) -> None:
    if options.certificate is not None and options.private_key is None:
        raise UsageError("--certificate needs --private-key, the key it certifies")
    if (options.private_key or options.client_secret) and not options.client_id:
        raise UsageError("--private-key and --client-secret need --client-id")
    if options.token and options.client_id:
        raise UsageError("give either --token or --client-id, not both")


def seeded_employees(seed: int, count: int = POOL_SIZE) -> list[int]:
    """Employees for a run against the mock: made from the seed, so a replay finds them again."""
    rng = random.Random(seed)
    return [
        make_inss(dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000)),
                  rng.randrange(1, 998))
        for _ in range(count)
    ]


@dataclass
class Target:
    """A resolved endpoint: URLs, the token, the identities it may be written to."""

    base_url: str
    token: str | None
    employer: int
    employees: list[int]
    control_url: str | None = None
    token_url: str | None = None
    builtin: bool = False

    @property
    def root(self) -> str:
        """scheme://host:port, the base URL without the API's base path."""
        return self.base_url[: -len(BASE_PATH)] if self.base_url.endswith(BASE_PATH) else \
            self.base_url

    @property
    def local(self) -> bool:
        return is_local(self.base_url)

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def employee(self, index: int) -> int:
        return self.employees[index % len(self.employees)]


@contextmanager
def open_target(options: Options) -> Iterator[Target]:
    """The target of a run; without ``--base-url``, the reference mock on a free port."""
    check_safety(options)
    if options.base_url is not None:
        yield _remote(options)
        return
    from fla_conformance.mock import MockServer

    with MockServer(port=0, db=":memory:", control=True, faults=list(options.faults)) as mock:
        token = options.token or _dev_token(mock.token_url, options)
        yield Target(
            base_url=mock.base_url.rstrip("/"),
            token=token,
            employer=options.employer or DEFAULT_EMPLOYER,
            employees=options.employees or seeded_employees(options.seed),
            control_url=mock.control_url,
            token_url=mock.token_url,
            builtin=True,
        )


def _remote(options: Options) -> Target:
    assert options.base_url is not None
    token = options.token
    if token is None and options.client_id:
        if not options.token_url:
            raise UsageError("--client-id needs --token-url, the OAuth token endpoint")
        token = _fetch(options.token_url, options)
    employees = options.employees or seeded_employees(options.seed)
    return Target(
        base_url=options.base_url.rstrip("/"),
        token=token,
        employer=options.employer or DEFAULT_EMPLOYER,
        employees=employees,
        control_url=options.control_url.rstrip("/") if options.control_url else None,
        token_url=options.token_url,
    )


def _dev_token(token_url: str, options: Options) -> str:
    from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET

    if options.client_id:
        return _fetch(token_url, options)
    return _fetch(token_url, Options(client_id=DEV_CLIENT_ID, client_secret=DEV_CLIENT_SECRET))


def _fetch(token_url: str, options: Options) -> str:
    import httpx

    from fla_conformance.auth import fetch_token

    key = _read(options.private_key, "--private-key") if options.private_key else None
    verify: Any = True
    if options.certificate is not None:
        # the portal authenticates the client's certificate on the TLS connection too
        import ssl

        verify = ssl.create_default_context()
        verify.load_cert_chain(str(options.certificate), str(options.private_key or ""))
    with httpx.Client(timeout=options.timeout, verify=verify) as client:
        return fetch_token(token_url, client_id=options.client_id or "", private_key_pem=key,
                           secret=options.client_secret, client=client)


def _read(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{option} {path}: {exc.strerror}") from None
