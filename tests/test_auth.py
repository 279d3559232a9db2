"""fla_conformance.auth: the token endpoint, bearer verification and the client helpers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fla_conformance.auth import (
    ASSERTION_TYPE,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    PORTAL_TOKEN_URL,
    AuthProblem,
    Client,
    ClientRegistry,
    Grant,
    TokenService,
    _jws,
    dev_client,
    fetch_token,
    generate_key_pair,
    make_client_assertion,
    self_signed_certificate,
)
from fla_conformance.auth._keys import load_private_key
from fla_conformance.errors import TargetError, UsageError

URL = "http://127.0.0.1:8080/REST/oauth/v5/token"
KBO = 880820673
T0 = 1_800_000_000.0

# Key generation costs tens of milliseconds: once per module.
PRIVATE, PUBLIC = generate_key_pair()
OTHER_PRIVATE, _ = generate_key_pair()
CERT_PRIVATE, _ = generate_key_pair()
CERTIFICATE = self_signed_certificate(CERT_PRIVATE, "fla-cert")


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def registry() -> ClientRegistry:
    return ClientRegistry(
        [
            Client(
                "app-key", frozenset({KBO}), public_key_pem=PUBLIC, scopes=frozenset({"a", "b"})
            ),
            Client("app-cert", frozenset({KBO}), public_key_pem=CERTIFICATE),
            dev_client([KBO]),
        ]
    )


def service(clock: Clock | None = None, **options: Any) -> TokenService:
    return TokenService(registry(), URL, clock=clock or Clock(), **options)


def assertion_form(assertion: str, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
        **extra,
    }


def good_assertion(client_id: str = "app-key", key: str = PRIVATE, **options: Any) -> str:
    options.setdefault("now", T0)
    return make_client_assertion(client_id, key, URL, **options)


def signed(claims: dict[str, Any], key: str = PRIVATE) -> str:
    base = {"iss": "app-key", "sub": "app-key", "aud": URL, "exp": T0 + 60, "jti": "j1"}
    return _jws.sign({**base, **claims}, load_private_key(key))


def refused(
    svc: TokenService, form: dict[str, str], authorization: str | None = None
) -> AuthProblem:
    with pytest.raises(AuthProblem) as caught:
        svc.token(form, authorization)
    return caught.value


def b64(data: bytes | dict[str, Any]) -> str:
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def run_together(work: Callable[[], None], count: int) -> None:
    """Runs ``work`` in ``count`` threads started before any is joined, so that they race."""
    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def unsigned(claims: bytes) -> str:
    return f"{b64({'alg': 'RS256'})}.{b64(claims)}."


# ---- happy paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("client_id, key", [("app-key", PRIVATE), ("app-cert", CERT_PRIVATE)])
def test_private_key_jwt_gives_a_token_that_verifies(client_id: str, key: str) -> None:
    svc = service()
    body = svc.token(assertion_form(good_assertion(client_id, key)))
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    grant = svc.verify(f"Bearer {body['access_token']}")
    assert grant == Grant(client_id, frozenset({KBO}), grant.scopes, T0 + 3600)


def test_the_assertion_is_a_compact_rs256_jwt() -> None:
    header, claims, _ = good_assertion(lifetime=60, jti="x").split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {"alg": "RS256", "typ": "JWT"}
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=="))
    assert decoded == {
        "iss": "app-key",
        "sub": "app-key",
        "aud": URL,
        "iat": T0,
        "nbf": T0,
        "exp": T0 + 60,
        "jti": "x",
    }


def test_default_and_requested_scopes() -> None:
    svc = service()
    assert svc.token(assertion_form(good_assertion()))["scope"] == "a b"
    assert svc.token(assertion_form(good_assertion(), scope="b"))["scope"] == "b"
    problem = refused(svc, assertion_form(good_assertion(), scope="a admin"))
    assert (problem.error, problem.status) == ("invalid_scope", 400)
    assert "admin" in str(problem)


def test_client_secret_in_the_form_and_in_basic() -> None:
    svc = service()
    form = {"grant_type": "client_credentials", "client_id": DEV_CLIENT_ID}
    body = svc.token({**form, "client_secret": DEV_CLIENT_SECRET})
    assert svc.verify(f"bearer {body['access_token']}").client_id == DEV_CLIENT_ID
    basic = base64.b64encode(f"{DEV_CLIENT_ID}:{DEV_CLIENT_SECRET}".encode()).decode()
    assert svc.token({"grant_type": "client_credentials"}, f"Basic {basic}")["access_token"]


@pytest.mark.parametrize(
    "form, authorization, wanted",
    [
        ({"client_id": DEV_CLIENT_ID, "client_secret": "nope"}, None, "wrong client secret"),
        ({"client_id": "app-key", "client_secret": "x"}, None, "no secret"),
        ({"client_id": "ghost", "client_secret": "x"}, None, "unknown client"),
        ({"client_secret": "x"}, None, "client_id is missing"),
        ({}, "Basic " + base64.b64encode(b"fla-dev:nope").decode(), "wrong client secret"),
        ({}, "Basic !!!", "not base64"),
        ({}, "Basic " + base64.b64encode(b"no-colon").decode(), "not base64"),
        ({}, "Bearer abc", "only Basic"),
        ({}, None, "no client authentication"),
    ],
)
def test_bad_client_secrets(form: dict[str, str], authorization: str | None, wanted: str) -> None:
    problem = refused(service(), {"grant_type": "client_credentials", **form}, authorization)
    assert (problem.error, problem.status) == ("invalid_client", 401)
    assert wanted in str(problem)
    assert "nope" not in json.dumps(problem.to_json())
    assert problem.headers["WWW-Authenticate"].startswith("Basic ")


# ---- refused assertions --------------------------------------------------------------------


def hs256_forgery() -> str:
    # The confusion attack: HMAC with the (public!) PEM as the secret, alg switched to HS256.
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT'})}.{b64({'iss': 'app-key'})}"
    mac = hmac.new(PUBLIC.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


@pytest.mark.parametrize(
    "assertion, wanted",
    [
        (good_assertion(now=T0 - 200, lifetime=120), "expired"),
        (signed({"exp": T0 + 3600}), "more than 300 seconds ahead"),
        (signed({"exp": None}), "no exp"),
        (signed({"exp": "soon"}), "must be a number"),
        (signed({"exp": True}), "must be a number"),
        (signed({"nbf": T0 + 100}), "nbf is in the future"),
        (signed({"iat": T0 + 100}), "iat is in the future"),
        (make_client_assertion("app-key", PRIVATE, PORTAL_TOKEN_URL, now=T0), "aud"),
        (signed({"aud": ["https://elsewhere.example/token"]}), "aud"),
        (signed({"aud": None}), "aud"),
        (good_assertion(key=OTHER_PRIVATE), "signature"),
        (good_assertion("app-cert", PRIVATE), "signature"),
        (f"{b64({'alg': 'none'})}.{b64({'iss': 'app-key', 'sub': 'app-key'})}.", "RS256"),
        (hs256_forgery(), "RS256"),
        (good_assertion("ghost"), "unknown client"),
        (good_assertion(DEV_CLIENT_ID), "no registered certificate"),
        (signed({"sub": "other"}), "sub must equal"),
        (signed({"iss": None, "sub": None}), "iss"),
        (signed({"jti": None}), "jti"),
        (signed({"jti": ""}), "jti"),
        (signed({"jti": "j" * 300}), "jti"),
        ("a.b", "three dot-separated parts"),
        ("!!.!!.!!", "not base64url"),
        (f"{b64(b'[]')}.{b64(b'{}')}.", "JOSE header is not a JSON object"),
        (f"{b64({'alg': 'RS256', 'crit': ['x']})}.{b64(b'{}')}.", "critical"),
        (f"{b64({'alg': 'RS256', 'typ': 'JOSE+JSON'})}.{b64(b'{}')}.", "typ"),
        (unsigned(b'{"exp": NaN}'), "not a JSON number"),
        (unsigned(b'{"iss": 1, "iss": 2}'), "duplicate"),
        ("x" * 20_000, "too long"),
    ],
)
def test_refused_assertions(assertion: str, wanted: str) -> None:
    problem = refused(service(), assertion_form(assertion))
    assert (problem.error, problem.status) == ("invalid_client", 401)
    assert wanted in str(problem)
    assert assertion not in json.dumps(problem.to_json())


def test_an_audience_list_containing_the_token_url_and_extra_audiences_are_accepted() -> None:
    assert service().token(assertion_form(signed({"aud": ["x", URL]})))["access_token"]
    extra = service(audiences=[PORTAL_TOKEN_URL])
    portal = make_client_assertion("app-key", PRIVATE, PORTAL_TOKEN_URL, now=T0)
    assert extra.token(assertion_form(portal))["access_token"]


def test_clock_skew_is_tolerated() -> None:
    assert service().token(assertion_form(signed({"exp": T0 - 10, "iat": T0 + 10})))


def test_a_jti_is_accepted_once_and_forgotten_after_expiry() -> None:
    clock = Clock()
    svc = service(clock)
    svc.token(assertion_form(good_assertion(jti="once", lifetime=60)))
    problem = refused(svc, assertion_form(good_assertion(jti="once", lifetime=60)))
    assert "already used" in str(problem)
    # Another client may use the same jti: replay is per client.
    svc.token(assertion_form(good_assertion("app-cert", CERT_PRIVATE, jti="once", lifetime=60)))

    clock.now = T0 + 60 + 30 + 1
    svc.token(assertion_form(good_assertion(jti="once", now=clock.now)))
    assert len(svc._jtis) == 1  # the two expired entries are gone: memory stays bounded


def test_a_replay_race_lets_exactly_one_request_through() -> None:
    svc = service()
    form = assertion_form(good_assertion(jti="race"))
    outcomes: list[bool] = []

    def attempt() -> None:
        try:
            svc.token(form)
            outcomes.append(True)
        except AuthProblem:
            outcomes.append(False)

    run_together(attempt, 8)
    assert sorted(outcomes) == [False] * 7 + [True]


def test_an_expired_certificate_is_refused() -> None:
    clock = Clock(T0 + 400 * 86400)
    problem = refused(
        service(clock), assertion_form(good_assertion("app-cert", CERT_PRIVATE, now=clock.now))
    )
    assert "certificate is not valid" in str(problem)


@pytest.mark.parametrize(
    "form, error, wanted",
    [
        ({"grant_type": None}, "invalid_request", "grant_type is missing"),
        ({"grant_type": "password"}, "unsupported_grant_type", "client_credentials"),
        ({"client_assertion_type": None}, "invalid_request", "client_assertion_type"),
        ({"client_assertion_type": "jwt"}, "invalid_request", "client_assertion_type"),
        ({"client_assertion": None}, "invalid_request", "client_assertion is missing"),
        ({"client_secret": "x"}, "invalid_request", "exactly one"),
        ({"client_id": "app-cert"}, "invalid_client", "client_id does not match"),
        ({"scope": "a\\b"}, "invalid_scope", "scope tokens"),
    ],
)
def test_malformed_token_requests(form: dict[str, str | None], error: str, wanted: str) -> None:
    request = assertion_form(good_assertion())
    for name, value in form.items():
        if value is None:
            request.pop(name)
        else:
            request[name] = value
    problem = refused(service(), request)
    assert problem.error == error
    assert problem.status == (401 if error == "invalid_client" else 400)
    assert wanted in str(problem)


class MultiDict(dict[str, str]):
    """A form as Starlette gives it: get() returns one value, getlist() all of them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


def test_a_parameter_sent_twice_is_refused() -> None:
    pairs = [*assertion_form(good_assertion()).items(), ("grant_type", "client_credentials")]
    problem = refused(service(), MultiDict(pairs))
    assert (problem.error, str(problem)) == (
        "invalid_request",
        "grant_type is given more than once",
    )


TAMPER_TARGET = good_assertion(jti="tamper")


@settings(max_examples=60, deadline=None)
@given(
    part=st.sampled_from([0, 1, 2]),
    position=st.integers(min_value=0),
    mask=st.integers(min_value=1, max_value=255),
)
def test_tampering_with_any_byte_is_refused(part: int, position: int, mask: int) -> None:
    segments = TAMPER_TARGET.split(".")
    raw = bytearray(base64.urlsafe_b64decode(segments[part] + "=="))
    raw[position % len(raw)] ^= mask
    segments[part] = b64(bytes(raw))
    with pytest.raises(AuthProblem) as caught:
        service().token(assertion_form(".".join(segments)))
    assert caught.value.error == "invalid_client"


@settings(max_examples=60, deadline=None)
@given(position=st.integers(min_value=0), char=st.sampled_from("AQgw_-Zz09"))
def test_changing_any_character_is_refused(position: int, char: str) -> None:
    position %= len(TAMPER_TARGET)
    # A dot moves the parts apart; the same character is no change.
    assume(TAMPER_TARGET[position] not in (".", char))
    tampered = TAMPER_TARGET[:position] + char + TAMPER_TARGET[position + 1 :]
    with pytest.raises(AuthProblem):
        service().token(assertion_form(tampered))


# ---- bearer verification -------------------------------------------------------------------


def test_verify_refuses_missing_malformed_and_unknown_tokens() -> None:
    svc = service()
    cases = {
        None: "noAccessToken",
        "  ": "noAccessToken",
        "Basic abc": "invalidAccessToken",
        "Bearer": "invalidAccessToken",
        "Bearer a b": "invalidAccessToken",
        "Bearer " + "x" * 43: "invalidAccessToken",
    }
    for authorization, name in cases.items():
        with pytest.raises(AuthProblem) as caught:
            svc.verify(authorization)
        problem = caught.value
        assert problem.status == 401
        assert problem.content_type == "application/problem+json"
        assert problem.to_json()["type"] == f"urn:problem-type:belgif:{name}"
        assert problem.to_json()["status"] == 401
        assert problem.headers["WWW-Authenticate"].startswith('Bearer realm="FLA"')
        assert ("invalid_token" in problem.headers["WWW-Authenticate"]) == (name != "noAccessToken")


def test_tokens_expire_and_are_then_forgotten() -> None:
    clock = Clock()
    svc = service(clock, token_lifetime=600, token_retention=300)
    token = svc.token(assertion_form(good_assertion()))["access_token"]
    clock.now = T0 + 599
    assert svc.verify(f"Bearer {token}").client_id == "app-key"

    clock.now = T0 + 600
    with pytest.raises(AuthProblem) as caught:
        svc.verify(f"Bearer {token}")
    assert caught.value.error == "urn:problem-type:belgif:expiredAccessToken"
    assert caught.value.to_json()["title"] == "Expired access token"

    assert svc.verify(f"Bearer {token}", allow_expired=True).client_id == "app-key"

    clock.now = T0 + 901
    svc.issue(dev_client([KBO]))  # any issue sweeps what is past its retention
    with pytest.raises(AuthProblem) as caught:
        svc.verify(f"Bearer {token}")
    assert caught.value.error == "urn:problem-type:belgif:invalidAccessToken"


def test_revoked_tokens_and_removed_clients_stop_working() -> None:
    svc = service()
    first = svc.token(assertion_form(good_assertion(jti="1")))["access_token"]
    second = svc.token(assertion_form(good_assertion(jti="2")))["access_token"]
    assert svc.revoke(first) and not svc.revoke(first) and not svc.revoke("")
    assert svc.registry.remove("app-key")
    for token in (first, second):
        with pytest.raises(AuthProblem, match="unknown or was revoked"):
            svc.verify(f"Bearer {token}")


def test_concurrent_issue_and_verify() -> None:
    svc = service()
    tokens: list[str] = []

    def work() -> None:
        for _ in range(20):
            token = svc.issue(dev_client([KBO]))["access_token"]
            assert svc.verify(f"Bearer {token}").client_id == DEV_CLIENT_ID
            tokens.append(token)

    run_together(work, 4)
    assert len(set(tokens)) == 80


def test_grant_may_act_for_its_employers_only() -> None:
    grant = Grant("app", frozenset({KBO, 123}), frozenset(), T0)
    assert grant.may_act_for(KBO) and grant.may_act_for(123)
    assert not grant.may_act_for(403199702)
    problem = AuthProblem.permission_denied(403199702)
    assert problem.status == 403 and "WWW-Authenticate" not in problem.headers
    assert problem.to_json() | {"detail": ""} == {
        "type": "urn:problem-type:belgif:permissionDenied",
        "href": "https://www.belgif.be/specification/rest/api-guide/problems/permissionDenied.html",
        "title": "Permission denied",
        "status": 403,
        "detail": "",
    }


# ---- clients and keys ----------------------------------------------------------------------


def test_clients_round_trip_through_json() -> None:
    for client in registry().clients():
        assert Client.from_json(json.loads(json.dumps(client.to_json()))) == client
    assert DEV_CLIENT_SECRET not in repr(dev_client([KBO]))


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"client_id": ""},
        {"client_id": "x", "company_ids": ["880820673"]},
        {"client_id": "x", "company_ids": [True]},
        {"client_id": "x", "scopes": "a b"},
        {"client_id": "x", "secret": 12},
    ],
)
def test_malformed_client_json_is_a_usage_error(data: Any) -> None:
    with pytest.raises(UsageError):
        Client.from_json(data)


def ec_public_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode()


@pytest.mark.parametrize(
    "client, wanted",
    [
        (Client("x", frozenset()), "neither a key nor a secret"),
        (Client("", frozenset(), secret="s"), "non-empty client_id"),
        (Client("x", frozenset(), public_key_pem="garbage"), "neither a PEM public key"),
        (Client("x", frozenset(), public_key_pem="-----BEGIN CERTIFICATE-----\nAA"), "certificate"),
        (Client("x", frozenset(), public_key_pem=ec_public_pem()), "RSA"),
        (Client("x", frozenset(), public_key_pem=generate_key_pair(1024)[1]), "at least 2048"),
    ],
)
def test_unusable_clients_are_refused_at_registration(client: Client, wanted: str) -> None:
    with pytest.raises(UsageError, match=wanted):
        ClientRegistry().add(client)


def test_registry_operations() -> None:
    reg = registry()
    assert len(reg) == 3 and "app-key" in reg
    assert reg.get("app-key") is not None and reg.get("ghost") is None
    assert not reg.remove("ghost")


@pytest.mark.parametrize("key, wanted", [("garbage", "not a readable"), (PUBLIC, "not a readable")])
def test_unusable_private_keys(key: str, wanted: str) -> None:
    with pytest.raises(UsageError, match=wanted):
        make_client_assertion("app", key, URL)


def test_encrypted_private_keys_are_refused() -> None:
    encrypted = load_private_key(PRIVATE).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw"),
    )
    with pytest.raises(UsageError, match="encrypted"):
        make_client_assertion("app", encrypted, URL)


# ---- fetch_token ---------------------------------------------------------------------------


def token_endpoint(svc: TokenService) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        try:
            body = svc.token(form, request.headers.get("authorization"))
        except AuthProblem as problem:
            return httpx.Response(problem.status, json=problem.to_json(), headers=problem.headers)
        return httpx.Response(200, json=body)

    return httpx.MockTransport(handle)


def test_fetch_token_with_a_key_and_with_a_secret() -> None:
    svc = TokenService(registry(), URL)
    with httpx.Client(transport=token_endpoint(svc)) as http:
        token = fetch_token(
            URL, client_id="app-key", private_key_pem=PRIVATE, scope="a", client=http
        )
        assert svc.verify(f"Bearer {token}").scopes == {"a"}
        token = fetch_token(URL, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET, client=http)
        assert svc.verify(f"Bearer {token}").client_id == DEV_CLIENT_ID


def test_fetch_token_reports_a_refusal_without_the_secret() -> None:
    transport = token_endpoint(TokenService(registry(), URL))
    with httpx.Client(transport=transport) as http, pytest.raises(TargetError) as caught:
        fetch_token(URL, client_id=DEV_CLIENT_ID, secret="s3cr3t-value", client=http)
    message = str(caught.value)
    assert "HTTP 401 invalid_client (wrong client secret)" in message
    assert "s3cr3t-value" not in message


@pytest.mark.parametrize(
    "response, wanted",
    [
        (httpx.Response(200, text="<html>"), "without a JSON object"),
        (httpx.Response(200, json={"token_type": "Bearer"}), "without an access_token"),
        (httpx.Response(200, json={"access_token": "t", "token_type": "mac"}), "not Bearer"),
        (httpx.Response(503, text="busy"), "HTTP 503"),
    ],
)
def test_fetch_token_reports_unusable_answers(response: httpx.Response, wanted: str) -> None:
    transport = httpx.MockTransport(lambda request: response)
    with httpx.Client(transport=transport) as http, pytest.raises(TargetError, match=wanted):
        fetch_token(URL, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET, client=http)


def test_fetch_token_reports_an_unreachable_endpoint() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/REST/oauth/v5/token"
    with pytest.raises(TargetError, match="cannot reach the token endpoint"):
        fetch_token(url, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET)


def test_fetch_token_needs_exactly_one_credential() -> None:
    with pytest.raises(UsageError, match="exactly one"):
        fetch_token(URL, client_id="x")
    with pytest.raises(UsageError, match="exactly one"):
        fetch_token(URL, client_id="x", private_key_pem=PRIVATE, secret="s")


def test_importing_auth_does_not_load_httpx() -> None:
    code = "import sys, fla_conformance.auth; assert 'httpx' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_issue_can_make_an_already_expired_token() -> None:
    svc = service()
    body = svc.issue(dev_client([KBO]), lifetime=0)
    assert body["expires_in"] == 0
    with pytest.raises(AuthProblem, match="expired"):
        svc.verify(f"Bearer {body['access_token']}")
    with pytest.raises(UsageError, match="negative"):
        svc.issue(dev_client([KBO]), lifetime=-1)


def test_secrets_can_be_switched_off() -> None:
    svc = service(allow_secrets=False)
    form = {"grant_type": "client_credentials", "client_id": DEV_CLIENT_ID}
    problem = refused(svc, {**form, "client_secret": DEV_CLIENT_SECRET})
    assert (problem.error, problem.status) == ("invalid_client", 401)
    assert "signed assertion" in str(problem)
    assert svc.token(assertion_form(good_assertion()))["access_token"]
