"""certify against a server it did not start: a bearer token, private_key_jwt, and skipping
the scenarios that need the mock's control API when the target does not offer it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET, fetch_token, generate_key_pair
from fla_conformance.certify.scenarios import SCENARIOS
from fla_conformance.cli import main
from fla_conformance.mock import MockServer


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    with MockServer(port=0) as mock:
        yield mock


def test_a_live_target_without_control_api_skips_those_scenarios(server: Any,
                                                                 tmp_path: Path) -> None:
    token = fetch_token(server.token_url, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET)
    code = main(["certify", "--base-url", server.base_url, f"--token={token}",
                 "--only", "scenarios", "--report-dir", str(tmp_path)])
    report = json.loads((tmp_path / "certify.json").read_text())
    assert code == 0, report["findings"]
    skipped = {o["name"]: o["reason"] for o in report["outcomes"] if o["status"] == "skipped"}
    assert set(skipped) == {s.name for s in SCENARIOS if s.needs_control}
    assert all("control API" in reason for reason in skipped.values())
    assert token not in (tmp_path / "certify.json").read_text()


def test_private_key_jwt_and_the_control_url(server: Any, tmp_path: Path) -> None:
    private_pem, public_pem = generate_key_pair()
    httpx.put(f"{server.control_url}/clients/fla-certify-test",
              json={"companyIds": [880820673], "publicKeyPem": public_pem}).raise_for_status()
    key = tmp_path / "key.pem"
    key.write_text(private_pem)
    code = main(["certify", "--base-url", server.base_url, "--control-url", server.control_url,
                 "--client-id", "fla-certify-test", "--private-key", str(key),
                 "--token-url", server.token_url, "--only", "scenarios",
                 "--report-dir", str(tmp_path / "reports")])
    report = json.loads((tmp_path / "reports" / "certify.json").read_text())
    assert code == 0, report["findings"]
    assert report["summary"]["skipped"] == 0
    assert report["options"]["auth"] == "private_key_jwt"
    assert "PRIVATE KEY" not in (tmp_path / "reports" / "certify.json").read_text()


def test_one_employee_for_every_part_and_a_second_run(server: Any, tmp_path: Path) -> None:
    """Scenarios sharing an employee (and the fuzzing's leftovers) still find nothing."""
    token = fetch_token(server.token_url, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET)
    for attempt in ("first", "second"):
        code = main(["certify", "--base-url", server.base_url, "--control-url",
                     server.control_url, f"--token={token}", "--employee", "70081500504",
                     "--max-examples", "5", "--report-dir", str(tmp_path / attempt)])
        report = json.loads((tmp_path / attempt / "certify.json").read_text())
        assert code == 0, (attempt, report["findings"])
