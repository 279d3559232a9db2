"""pytest plugin of the kit (entry point ``fla``): options and fixtures for SDK tests.

Fixtures: ``fla_mock`` (the reference mock for the session), ``fla_base_url``, ``fla_token``,
``fla_client`` (an ``httpx.Client`` with the bearer token and the base URL set),
``fla_validator`` (:mod:`fla_conformance.validator`) and ``fla_strategies``
(:mod:`fla_conformance.strategies`). Options: ``--fla-base-url`` (default: the mock),
``--fla-token``, or ``--fla-client-id`` with ``--fla-client-secret`` and ``--fla-token-url``.

It is loaded by every pytest run in an environment where the kit is installed, so it imports
nothing heavy at module level: each fixture imports what it needs when it is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fla", "FLA conformance kit")
    group.addoption(
        "--fla-base-url",
        default=None,
        help="base URL of the FLA endpoint under test (default: start the reference mock)",
    )
    group.addoption("--fla-token", default=None, help="bearer token for --fla-base-url")
    group.addoption("--fla-client-id", default=None, help="OAuth client id (client secret)")
    group.addoption("--fla-client-secret", default=None, help="OAuth client secret")
    group.addoption("--fla-token-url", default=None,
                    help="OAuth token endpoint (default: the mock's)")
    group.addoption("--fla-mock-fault", action="append", default=[], metavar="NAME",
                    help="start the reference mock with this fault (repeatable)")


def _option(config: pytest.Config, name: str) -> Any:
    return config.getoption(name)


@pytest.fixture(scope="session")
def fla_mock(pytestconfig: pytest.Config) -> Iterator[Any]:
    """The reference mock on a free loopback port, for the whole session (a MockServer)."""
    from fla_conformance.mock import MockServer

    faults = list(_option(pytestconfig, "--fla-mock-fault") or [])
    with MockServer(port=0, db=":memory:", control=True, faults=faults) as mock:
        yield mock


@pytest.fixture(scope="session")
def fla_base_url(request: pytest.FixtureRequest) -> str:
    """--fla-base-url, or the mock's base URL (…/REST/federalLearningAccount/v1)."""
    given = _option(request.config, "--fla-base-url")
    if given:
        return str(given).rstrip("/")
    return str(request.getfixturevalue("fla_mock").base_url).rstrip("/")


@pytest.fixture(scope="session")
def fla_token(request: pytest.FixtureRequest, fla_base_url: str) -> str | None:
    """--fla-token; else a token for --fla-client-id; else the mock's dev client's token."""
    config = request.config
    token = _option(config, "--fla-token")
    if token:
        return str(token)
    from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET, fetch_token

    client_id = _option(config, "--fla-client-id")
    token_url = _option(config, "--fla-token-url")
    if _option(config, "--fla-base-url") is None:
        mock = request.getfixturevalue("fla_mock")
        token_url = token_url or mock.token_url
        client_id = client_id or DEV_CLIENT_ID
        secret = _option(config, "--fla-client-secret") or DEV_CLIENT_SECRET
    else:
        secret = _option(config, "--fla-client-secret")
    if not client_id or not token_url:
        return None
    return fetch_token(str(token_url), client_id=str(client_id), secret=secret)


@pytest.fixture
def fla_client(fla_base_url: str, fla_token: str | None) -> Iterator[Any]:
    """An httpx.Client on the endpoint: base URL set, ``Authorization: Bearer`` when known."""
    import httpx

    headers = {"Accept": "application/json"}
    if fla_token:
        headers["Authorization"] = f"Bearer {fla_token}"
    with httpx.Client(base_url=fla_base_url + "/", headers=headers, timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def fla_validator() -> ModuleType:
    """The offline validator, fla_conformance.validator."""
    from fla_conformance import validator

    return validator


@pytest.fixture(scope="session")
def fla_strategies() -> ModuleType:
    """The Hypothesis strategies, fla_conformance.strategies."""
    from fla_conformance import strategies

    return strategies
