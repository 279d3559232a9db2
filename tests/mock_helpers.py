"""What the mock's tests share: an authorized in-process client and the bodies they all send.

One place, so that every test module talks to the mock the same way (in-process over ASGI, as
the development client) and declares for the manual's employer and employee.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from fla_conformance.contract import BASE_PATH
from fla_conformance.identifiers import make_kbo
from fla_conformance.mock.client import ASGISyncTransport, dev_token

EMPLOYER, INSS = 880820673, 81511716525  # the manual's numbers (ARCHITECTURE.md, identities)
EMPLOYEE = f"{BASE_PATH}/employers/{EMPLOYER}/employees/{INSS}"
PROVIDER = make_kbo(4031997)


@contextmanager
def authorized(app: Starlette) -> Iterator[httpx.Client]:
    """A client on ``app`` in-process, with the development client's bearer token."""
    with httpx.Client(transport=ASGISyncTransport(app), base_url="http://mock") as client:
        client.headers["Authorization"] = "Bearer " + dev_token(client)
        yield client


def rights_body(year: int, **rights: Any) -> dict[str, Any]:
    """A training rights declaration for EMPLOYER and INSS; no trainingRights when none given."""
    body: dict[str, Any] = {
        "employer": {"companyId": EMPLOYER},
        "employee": {"inss": INSS},
        "calendarYear": year,
    }
    if rights:
        body["trainingRights"] = rights
    return body


def post_provider_training(
    http: httpx.Client,
    training: dict[str, Any],
    *,
    inss: int = INSS,
    year: int = 2024,
    provider: int = PROVIDER,
) -> httpx.Response:
    """Puts ``training`` into the providers' waiting register through the control API."""
    return http.post(
        "/_mock/providerTrainings",
        json={
            "companyId": EMPLOYER,
            "inss": inss,
            "calendarYear": year,
            "trainingProviderCompanyId": provider,
            "training": training,
        },
    )
