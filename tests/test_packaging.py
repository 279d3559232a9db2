"""The wheel: only fla_conformance at the top of site-packages, with the contract inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling", reason="the test extra installs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(out),
        str(ROOT),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (built,) = out.glob("fla_conformance-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_puts_nothing_generic_at_the_top(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"fla_conformance"}


def test_the_wheel_carries_the_contract_and_the_strategies(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for needed in ("openapi.yaml", "rules.yaml", "DECISIONS.md", "examples/index.json"):
        assert f"fla_conformance/contracts/{needed}" in names
    assert "fla_conformance/strategies/__init__.py" in names
    assert "fla_conformance/validator/__init__.py" in names
