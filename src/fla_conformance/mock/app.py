"""The ASGI application: the seven operations, the token endpoint and the control API.

Every API request goes the same way: the bearer token (401), the employer's mandate (403), the
validator of ``fla validate`` and the employers' repertory (400), then the operation inside one
transaction. Anything unexpected is a 500 in the manual's shape (3.4.4), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.applications import Starlette
from starlette.datastructures import ImmutableMultiDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from fla_conformance.auth import AuthProblem, ClientRegistry, Grant, TokenService
from fla_conformance.contract import BASE_PATH
from fla_conformance.identifiers import is_valid_kbo
from fla_conformance.mock import answers, lists, rights, trainings
from fla_conformance.mock.faults import Faults
from fla_conformance.mock.state import Call, Clock, MockState
from fla_conformance.mock.store import Store
from fla_conformance.validator import validate_request

TOKEN_PATH = "/REST/oauth/v5/token"
_ALL_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]
_log = logging.getLogger("fla_conformance.mock")

Handler = Callable[[MockState, Call], tuple[int, dict[str, Any]]]


def credit_answer(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    """GET /creditCalculation: the validity end date always, when Sigedis manages (3.3.5.2)."""
    assert call.inss is not None
    return 200, state.credit(call.company_id, call.inss, end_date=True)


# operationId and handler per method, per path template under the base path (manual 3.3.2)
OPERATIONS: dict[str, dict[str, tuple[str, Handler]]] = {
    "/employers/{companyId}/employees/{inss}/calendarYears/{calendarYear}/trainingRights": {
        "PUT": ("putTrainingRights", rights.put_rights),
        "GET": ("getTrainingRights", rights.get_rights),
    },
    "/employers/{companyId}/employees/{inss}/calendarYears/{calendarYear}/trainings": {
        "PUT": ("putTrainings", trainings.put_trainings),
        "GET": ("getTrainings", trainings.get_trainings),
    },
    "/employers/{companyId}/employees/{inss}/creditCalculation": {
        "GET": ("getCreditCalculation", credit_answer),
    },
    "/employers/{companyId}/employeesTrainings": {
        "GET": ("getEmployeesTrainings", lists.employees_trainings),
    },
    "/employers/{companyId}/employeesTrainingRights": {
        "GET": ("getEmployeesTrainingRights", lists.employees_training_rights),
    },
}


class Api:
    """The request pipeline shared by the operations."""

    def __init__(self, state: MockState, tokens: TokenService) -> None:
        self.state = state
        self.tokens = tokens

    def endpoint(
        self, methods: dict[str, tuple[str, Handler]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            if request.method not in methods:  # HEAD, which Starlette adds to every GET
                return await self.unknown(request)
            operation_id, handler = methods[request.method]
            raw = await request.body() if request.method == "PUT" else None
            try:
                return self.serve(request, operation_id, handler, raw)
            except AuthProblem as problem:
                return _problem(problem)
            except Exception as exc:  # a bug of the mock: the manual's 500, no traceback
                _log.exception("mock: %s failed", operation_id)
                return answers.json_response(500, answers.server_error(type(exc).__name__))

        return serve

    def serve(
        self, request: Request, operation_id: str, handler: Handler, raw: bytes | None
    ) -> Response:
        state, params = self.state, request.path_params
        grant = self._grant(request)
        text = params["companyId"]
        # a well-formed employer's mandate (403) and repertory (400); a malformed number is
        # the validator's (FLAC-130)
        company_id = int(text) if text.isdigit() and is_valid_kbo(int(text)) else None
        leak = "leak-other-employer" in state.faults
        if company_id is not None and not grant.may_act_for(company_id) and not leak:
            raise AuthProblem.permission_denied(company_id)
        found = self._validate(request, raw)
        with state.store.transaction():
            if company_id is not None and state.store.importance(company_id) is None:
                found.insert(0, self._unknown_employer())
            if answers.blocking(found) or company_id is None:
                return self._refuse(found)
            call = Call(
                operation_id=operation_id,
                company_id=company_id,
                inss=_int(params.get("inss")),
                year=_int(params.get("calendarYear")),
                query=dict(parse_qsl(request.url.query, keep_blank_values=True)),
                body=orjson.loads(raw) if raw else None,
                # a client bound to this employer alone is the employer; one with several
                # mandates a representative, PROVIDER in the rights' source (manual 3.3.3.3)
                source="EMPLOYER" if grant.company_ids == {company_id} else "PROVIDER",
                warnings=found,
            )
            status, body = handler(state, call)
        return answers.json_response(status, body)

    def _validate(self, request: Request, raw: bytes | None) -> list[dict[str, Any]]:
        """The anomalies ``fla validate`` finds in the request (one source of rules)."""
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        result = validate_request(request.method, target, raw, anchor_year=self.state.anchor_year)
        return self._filter([anomaly.to_json() for anomaly in result.anomalies])

    def _unknown_employer(self) -> dict[str, Any]:
        return answers.anomaly(
            self.state.contract, answers.UNKNOWN_EMPLOYER, "{companyId}", "companyId"
        )

    async def unknown(self, request: Request) -> Response:
        """A method and path no operation has: FLAC-020, once the caller is known."""
        try:
            self._grant(request)
        except AuthProblem as problem:
            return _problem(problem)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        found = validate_request(request.method, target, await request.body())
        return self._refuse([a.to_json() for a in found.anomalies])

    def _grant(self, request: Request) -> Grant:
        lenient = "expired-token-accepted" in self.state.faults
        return self.tokens.verify(request.headers.get("authorization"), allow_expired=lenient)

    def _filter(self, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        faults = self.state.faults
        dropped = set()
        if "odd-half-days" in faults:
            dropped.add("FLAC-103")
        if "accept-read-only" in faults:
            dropped.add("FLAC-013")
        return [a for a in found if a["errorId"] not in dropped] if dropped else found

    def _refuse(self, found: list[dict[str, Any]]) -> Response:
        faults = self.state.faults
        if "error-500-on-bad-input" in faults:
            return answers.json_response(500, answers.server_error("invalid input"))
        body = answers.bad_request(found, "wrong-anomaly-class" in faults)
        return answers.json_response(400, body)

    async def token(self, request: Request) -> Response:
        """The token endpoint: client credentials, private_key_jwt or a local secret."""
        # the audience of an assertion is the token URL the client called (RFC 7523 3)
        url = str(request.url.replace(query=""))
        if url not in self.tokens.audiences:
            self.tokens.audiences = self.tokens.audiences | {url}
        form = ImmutableMultiDict(parse_qsl((await request.body()).decode("latin-1"), True))
        header = request.headers.get("authorization")
        if header is not None and not header.lower().startswith("basic "):
            header = None  # only HTTP Basic authenticates a client here (RFC 6749 2.3.1)
        try:
            body = self.tokens.token(form, header)
        except AuthProblem as problem:
            return _problem(problem)
        return answers.json_response(200, body, headers={"Cache-Control": "no-store"})


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def _problem(problem: AuthProblem) -> Response:
    return answers.json_response(
        problem.status, problem.to_json(), problem.content_type, problem.headers
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    title = {404: "Not Found", 405: "Method Not Allowed"}.get(status, "Error")
    body = {"type": "about:blank", "title": title, "status": status}
    # a 405 names the methods the path has (RFC 9110 15.5.6): Starlette puts them in Allow
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else None
    return answers.json_response(status, body, "application/problem+json", headers)


def build_state(
    db: str,
    faults: Iterable[str],
    anchor_year: int | None,
    now: dt.datetime | None,
) -> MockState:
    store = Store(db)
    state = MockState(store, Faults(faults), Clock(now), anchor_year)
    with store.transaction():
        if store.meta("seeded") is None:  # a new database; a reopened one keeps its state
            state.seed()
    return state


def create_app(
    *,
    db: str = ":memory:",
    control: bool = True,
    faults: Iterable[str] = (),
    anchor_year: int | None = None,
    now: dt.datetime | None = None,
    auth_clock: Callable[[], float] = time.time,
) -> Starlette:
    """The mock as an ASGI application; ``now`` freezes the clock, ``faults`` start active."""
    from fla_conformance.mock import control as control_api

    state = build_state(db, faults, anchor_year, now)
    registry = ClientRegistry()
    tokens = TokenService(registry, "http://127.0.0.1" + TOKEN_PATH, clock=auth_clock)
    control_api.load_clients(state, registry)
    api = Api(state, tokens)
    routes: list[BaseRoute] = [
        Route(BASE_PATH + path, api.endpoint(methods), methods=list(methods))
        for path, methods in OPERATIONS.items()
    ]
    routes.append(Route(BASE_PATH + "/{rest:path}", api.unknown, methods=_ALL_METHODS))
    routes.append(Route(TOKEN_PATH, api.token, methods=["POST"]))
    if control:
        routes += control_api.routes(state, registry, tokens)
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.state.mock = state
    return app
