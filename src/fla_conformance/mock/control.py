"""The test-control API under /_mock: set up the world the FLA API itself cannot.

Local only and unauthenticated; ``control=False`` (``fla mock serve --no-control``) leaves it
out. JSON in and out; a refused call answers 400 with a ``detail`` (and the validator's
``anomalies`` when the payload is a declaration's part). The endpoints are listed by
``GET /_mock`` and in :data:`ENDPOINTS`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fla_conformance.auth import Client, ClientRegistry, TokenService
from fla_conformance.contract import BASE_PATH
from fla_conformance.errors import UsageError
from fla_conformance.identifiers import is_valid_kbo
from fla_conformance.mock import answers, trainings
from fla_conformance.mock.faults import FAULTS
from fla_conformance.mock.state import MockState, digest
from fla_conformance.validator import validate_request

ENDPOINTS = {
    "GET /_mock": "this list",
    "GET /_mock/health": '{"status": "ok"}',
    "POST /_mock/reset": "empty the state, back to the default seed and the start-up faults",
    "PUT /_mock/employers/{companyId}": '{"flaImportanceCode": 1-9}: into the repertory',
    "PUT /_mock/clients/{clientId}": '{"companyIds", "secret"?, "publicKeyPem"?}: a client',
    "POST /_mock/tokens": '{"clientId", "lifetime"?}: a token without the OAuth dance',
    "POST /_mock/providerTrainings": "a training registered by a provider (manual 3.2)",
    "PUT /_mock/legalRights/{companyId}/{inss}/{calendarYear}": "the Sigedis-computed legal right",
    "PUT /_mock/clock": '{"now": "2024-03-07T12:09:16"} freezes the clock, {"now": null} not',
    "GET /_mock/faults": "the available and the active faults",
    "PUT /_mock/faults": '{"active": [names]}',
}

CONTROL_PATH = "/_mock"
Endpoint = Callable[[Request], Awaitable[Response]]


class Refused(Exception):
    """A control call that cannot be done; answered 400 with its detail."""

    def __init__(self, detail: str, anomalies: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.anomalies = anomalies


def _refused(detail: str, anomalies: list[dict[str, Any]] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": detail,
    }
    if anomalies:
        body["anomalies"] = anomalies
    return answers.json_response(400, body, "application/problem+json")


def load_clients(state: MockState, registry: ClientRegistry) -> None:
    """Fill the registry from the store, where the clients outlive a restart."""
    with state.store.transaction():
        stored = state.store.clients()
    for client_id in [c.client_id for c in registry.clients()]:
        registry.remove(client_id)
    for data in stored:
        registry.add(Client.from_json(data))


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = orjson.loads(raw) if raw.strip() else {}
    except orjson.JSONDecodeError:
        raise Refused("the body is not JSON") from None
    if not isinstance(body, dict):
        raise Refused("the body must be a JSON object")
    return body


def _int_field(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(f"{name} must be an integer")
    return value


def _path_int(request: Request, name: str) -> int:
    text = request.path_params[name]
    if not text.isdigit():
        raise Refused(f"{name} must be an integer")
    return int(text)


def _check(path: str, body: dict[str, Any], state: MockState) -> None:
    """The same validator as the API, on the declaration the payload would be part of."""
    found = validate_request(
        "PUT", BASE_PATH + path, orjson.dumps(body), anchor_year=state.anchor_year
    )
    blocking = [a.to_json() for a in found.anomalies if a.blocking]
    if blocking:
        raise Refused("the payload breaks the contract", blocking)


class Control:
    def __init__(self, state: MockState, registry: ClientRegistry, tokens: TokenService) -> None:
        self.state = state
        self.registry = registry
        self.tokens = tokens

    def wrap(self, work: Callable[[Request], Awaitable[Response]]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            try:
                return await work(request)
            except Refused as refused:
                return _refused(refused.detail, refused.anomalies)
            except UsageError as error:
                return _refused(str(error))

        return endpoint

    async def index(self, request: Request) -> Response:
        return answers.json_response(200, {"endpoints": ENDPOINTS})

    async def health(self, request: Request) -> Response:
        return answers.json_response(200, {"status": "ok"})

    async def reset(self, request: Request) -> Response:
        state = self.state
        with state.store.transaction():
            state.store.clear()
            state.seed()
        load_clients(state, self.registry)
        state.faults.reset()
        state.clock.freeze(state.clock.initial)
        return Response(status_code=204)

    async def employer(self, request: Request) -> Response:
        company_id = _path_int(request, "companyId")
        code = _int_field(await _json(request), "flaImportanceCode")
        if not 1 <= code <= 9:
            raise Refused("flaImportanceCode must be 1 to 9")
        with self.state.store.transaction():
            self.state.store.put_employer(company_id, code)
        return Response(status_code=204)

    async def client(self, request: Request) -> Response:
        body = await _json(request)
        ids = body.get("companyIds")
        if not isinstance(ids, list) or not all(isinstance(i, int) and i > 0 for i in ids):
            raise Refused("companyIds must be a list of positive integers")
        client = Client(
            client_id=request.path_params["clientId"],
            company_ids=frozenset(ids),
            public_key_pem=body.get("publicKeyPem"),
            secret=body.get("secret"),
        )
        self.registry.add(client)  # refuses a client without key and secret, or a bad key
        with self.state.store.transaction():
            self.state.store.put_client(client.client_id, client.to_json())
        return Response(status_code=204)

    async def token(self, request: Request) -> Response:
        body = await _json(request)
        client = self.registry.get(str(body.get("clientId", "")))
        if client is None:
            raise Refused("clientId names no registered client")
        lifetime = body.get("lifetime")
        if lifetime is not None and (not isinstance(lifetime, int) or lifetime < 0):
            raise Refused("lifetime must be a number of seconds, 0 or more")
        return answers.json_response(200, self.tokens.issue(client, lifetime=lifetime))

    async def legal_right(self, request: Request) -> Response:
        state = self.state
        company_id, inss = _path_int(request, "companyId"), _path_int(request, "inss")
        year = _path_int(request, "calendarYear")
        block = await _json(request)
        end_date = block.pop("validityEndDate", None)
        if end_date is not None:
            _date(end_date, "validityEndDate")
        body = {
            "employer": {"companyId": company_id},
            "employee": {"inss": inss},
            "calendarYear": year,
            "trainingRights": {"legalFlaRight": block},
        }
        _check(
            f"/employers/{company_id}/employees/{inss}/calendarYears/{year}/trainingRights",
            body,
            state,
        )
        stored = {**block, **({"validityEndDate": end_date} if end_date else {})}
        with state.store.transaction():
            when = state.now_text()
            key = (company_id, inss, year, "sigedis")
            state.store.put_picture(key, orjson.dumps(stored), digest(stored), "FLA", when)
            rights = state.store.picture(company_id, inss, year, "rights")
            owned = rights is not None and "legalFlaRight" in (
                rights.body.get("trainingRights") or {}
            )
            if not owned:  # an owned legal right hides Sigedis's: nothing changes for the employer
                state.store.mark_changed(company_id, inss, year, ["LEGAL"], when)
        return Response(status_code=204)

    async def provider_training(self, request: Request) -> Response:
        state, body = self.state, await _json(request)
        company_id, inss = _int_field(body, "companyId"), _int_field(body, "inss")
        year, provider = (
            _int_field(body, "calendarYear"),
            _int_field(body, "trainingProviderCompanyId"),
        )
        if not is_valid_kbo(provider):
            raise Refused("trainingProviderCompanyId is not a valid KBO number")
        training = body.get("training")
        if not isinstance(training, dict):
            raise Refused("training must be an object with the fields of a declared training")
        training_id = body.get("providerTrainingId") or str(uuid.uuid4())
        if not _is_uuid(training_id):
            raise Refused("providerTrainingId must be a UUID")
        declared = {"trainingSequenceNbr": 1, **training}
        declaration = {
            "employer": {"companyId": company_id},
            "employee": {"inss": inss},
            "calendarYear": year,
            "trainings": [declared],
        }
        _check(
            f"/employers/{company_id}/employees/{inss}/calendarYears/{year}/trainings",
            declaration,
            state,
        )
        with state.store.transaction():
            if state.store.importance(company_id) is None:
                raise Refused(f"employer {company_id} is not in the repertory; seed it first")
            registered = trainings.register_provider_training(
                state, company_id, inss, year, provider, training, training_id
            )
        answer = {
            "providerTrainingId": registered.provider_training_id,
            "processingState": registered.state,
        }
        return answers.json_response(201, answer)

    async def clock(self, request: Request) -> Response:
        now = (await _json(request)).get("now", ...)
        if now is ...:
            raise Refused('give "now": a local date-time, or null to unfreeze')
        if now is None:
            self.state.clock.freeze(None)
        else:
            self.state.clock.freeze(_datetime(now))
        return Response(status_code=204)

    async def faults(self, request: Request) -> Response:
        if request.method == "GET":
            body = {"available": FAULTS, "active": self.state.faults.active}
            return answers.json_response(200, body)
        active = (await _json(request)).get("active")
        if not isinstance(active, list) or not all(isinstance(n, str) for n in active):
            raise Refused('give "active": a list of fault names')
        self.state.faults.set(active)  # an unknown name: UsageError listing the known ones
        return Response(status_code=204)


def _date(value: Any, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{name} must be a date YYYY-MM-DD") from None


def _datetime(value: Any) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise Refused("now must be a date-time YYYY-MM-DDTHH:MM:SS") from None
    return when.replace(tzinfo=None)  # calculationDate carries no offset (D9)


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 36 and bool(uuid.UUID(value))
    except ValueError:
        return False


def routes(state: MockState, registry: ClientRegistry, tokens: TokenService) -> list[Route]:
    control = Control(state, registry, tokens)
    table: list[tuple[str, Callable[[Request], Awaitable[Response]], list[str]]] = [
        ("", control.index, ["GET"]),
        ("/health", control.health, ["GET"]),
        ("/reset", control.reset, ["POST"]),
        ("/employers/{companyId}", control.employer, ["PUT"]),
        ("/clients/{clientId}", control.client, ["PUT"]),
        ("/tokens", control.token, ["POST"]),
        ("/providerTrainings", control.provider_training, ["POST"]),
        ("/legalRights/{companyId}/{inss}/{calendarYear}", control.legal_right, ["PUT"]),
        ("/clock", control.clock, ["PUT"]),
        ("/faults", control.faults, ["GET", "PUT"]),
    ]
    return [
        Route(CONTROL_PATH + path, control.wrap(work), methods=methods)
        for path, work, methods in table
    ]
