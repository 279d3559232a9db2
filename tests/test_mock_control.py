"""The test-control API, MockServer's surface, and the ``fla mock`` command."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mock_helpers import EMPLOYER, INSS, authorized, post_provider_training

from fla_conformance.cli import main
from fla_conformance.mock import ENDPOINTS, FAULTS, MockServer, create_app
from fla_conformance.mock.client import ASGISyncTransport


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(transport=ASGISyncTransport(create_app()), base_url="http://mock") as c:
        yield c


def test_the_index_and_health(http: httpx.Client) -> None:
    assert http.get("/_mock").json() == {"endpoints": ENDPOINTS}
    assert http.get("/_mock/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("method", "path", "body", "detail"),
    [
        ("PUT", f"/_mock/employers/{EMPLOYER}", {"flaImportanceCode": 10}, "1 to 9"),
        ("PUT", "/_mock/employers/abc", {"flaImportanceCode": 1}, "integer"),
        ("PUT", "/_mock/clients/x", {"companyIds": [EMPLOYER]}, "neither a key nor a secret"),
        ("PUT", "/_mock/clients/x", {"companyIds": [EMPLOYER], "publicKeyPem": "nope"}, "key"),
        ("PUT", "/_mock/clients/x", {"companyIds": "all"}, "companyIds"),
        ("POST", "/_mock/tokens", {"clientId": "nobody"}, "no registered client"),
        ("PUT", "/_mock/clock", {"now": "yesterday"}, "date-time"),
        ("PUT", "/_mock/clock", {}, "now"),
        ("PUT", "/_mock/faults", {"active": "all"}, "list"),
        (
            "PUT",
            f"/_mock/legalRights/{EMPLOYER}/{INSS}/2024",
            {"legalFlaRightHours": 1, "jointCommissionNbr": ["200"], "validityEndDate": "x"},
            "validityEndDate",
        ),
    ],
)
def test_refusals_say_why(
    http: httpx.Client, method: str, path: str, body: object, detail: str
) -> None:
    answer = http.request(method, path, json=body)
    assert answer.status_code == 400
    assert detail in answer.json()["detail"]


def test_payloads_go_through_the_validator(http: httpx.Client) -> None:
    answer = http.put(
        f"/_mock/legalRights/{EMPLOYER}/{INSS}/2024",
        json={"legalFlaRightDays": 130, "jointCommissionNbr": ["200"]},
    )
    assert answer.status_code == 400
    assert [a["errorId"] for a in answer.json()["anomalies"]] == ["FLAC-103"]
    answer = post_provider_training(http, {"trainingDenomination": "x"})
    assert answer.status_code == 400 and answer.json()["anomalies"]


def test_provider_trainings_need_a_known_employer_and_a_valid_provider(
    http: httpx.Client,
) -> None:
    item = {
        "trainingDenomination": "webmaster",
        "trainingFirstStartDate": "2024-02-01",
        "trainingLastEndDate": "2024-02-01",
        "trainingResult": 1,
        "trainingLeadingToCertificate": 1,
        "scope": 1,
        "detailsPerPeriod": [
            {
                "trainingHours": 100,
                "trainingStartDate": "2024-02-01",
                "trainingEndDate": "2024-02-01",
                "trainingStatus": 1,
                "trainingType": 1,
            }
        ],
    }
    base = {"companyId": EMPLOYER, "inss": INSS, "calendarYear": 2024, "training": item}
    bad_provider = http.post(
        "/_mock/providerTrainings", json={**base, "trainingProviderCompanyId": 403199703}
    )
    assert bad_provider.status_code == 400
    stranger = http.post(
        "/_mock/providerTrainings",
        json={
            **base,
            "companyId": 403199702,
            "trainingProviderCompanyId": 403199702,
        },
    )
    assert stranger.status_code == 400 and "repertory" in stranger.json()["detail"]
    chosen = "0b7a1c2e-9a43-4a0e-8c0a-3f3c2b1d4e5f"
    made = http.post(
        "/_mock/providerTrainings",
        json={
            **base,
            "trainingProviderCompanyId": 403199702,
            "providerTrainingId": chosen,
        },
    )
    assert made.status_code == 201
    assert made.json() == {"providerTrainingId": chosen, "processingState": "toValidate"}


def test_control_can_be_switched_off() -> None:
    app = create_app(control=False)
    with httpx.Client(transport=ASGISyncTransport(app), base_url="http://mock") as http:
        answer = http.post("/_mock/reset")
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_mock_server_urls() -> None:
    with MockServer() as mock:
        assert mock.base_url == f"http://127.0.0.1:{mock.port}/REST/federalLearningAccount/v1"
        assert mock.token_url == f"http://127.0.0.1:{mock.port}/REST/oauth/v5/token"
        assert mock.control_url == f"http://127.0.0.1:{mock.port}/_mock"
        assert httpx.get(mock.control_url + "/health").json() == {"status": "ok"}


def test_fla_mock_faults_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mock", "faults"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == list(FAULTS)


def test_fla_mock_serve_on_a_port_in_use_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["mock", "serve", "--port", str(port)]) == 2
    assert "cannot listen on" in capsys.readouterr().err


def test_fla_mock_serve_refuses_an_unknown_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mock", "serve", "--port", "0", "--fault", "nonsense"]) == 2
    assert "unknown fault" in capsys.readouterr().err


def test_a_bug_of_the_mock_is_the_manuals_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from fla_conformance.mock import app as app_module

    def broken(state: object, call: object) -> tuple[int, dict[str, object]]:
        raise RuntimeError("boom")

    path = "/employers/{companyId}/employees/{inss}/creditCalculation"
    monkeypatch.setitem(app_module.OPERATIONS[path], "GET", ("getCreditCalculation", broken))
    with authorized(create_app()) as http:
        answer = http.get(
            f"/REST/federalLearningAccount/v1/employers/{EMPLOYER}/employees/"
            f"{INSS}/creditCalculation"
        )
        assert answer.status_code == 500
        assert answer.json() == {
            "type": "about:blank",
            "title": "Unexpected Error",
            "status": 500,
            "detail": "RuntimeError",
        }
        head = http.head(
            f"/REST/federalLearningAccount/v1/employers/{EMPLOYER}/employees/"
            f"{INSS}/creditCalculation"
        )
        assert head.status_code == 400  # no operation has HEAD (FLAC-020)


def test_the_public_surface() -> None:
    import inspect

    import fla_conformance.mock as mock

    assert sorted(mock.__all__) == sorted(
        [
            "CONTROL_PATH",
            "DEFAULT_EMPLOYER",
            "ENDPOINTS",
            "FAULTS",
            "TOKEN_PATH",
            "MockServer",
            "create_app",
        ]
    )
    options = inspect.signature(mock.create_app).parameters
    assert list(options)[:5] == ["db", "control", "faults", "anchor_year", "now"]
    assert all(p.kind is p.KEYWORD_ONLY for p in options.values())


def test_an_unusable_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not-a-database.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    assert main(["mock", "serve", "--port", "0", "--db", str(bad)]) == 2
    assert "cannot use" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "folder.sqlite"
    assert main(["mock", "serve", "--port", "0", "--db", str(missing)]) == 2
