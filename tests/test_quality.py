"""The code base itself: ruff clean, lines of at most 100 characters, and type-checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the kit with its 'test' extra")
    return found


def test_ruff_is_clean() -> None:
    folders = ("src", "strategies", "tests", "bench", "conftest.py")
    targets = [name for name in folders if (ROOT / name).exists()]
    result = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run(
        [_tool("mypy"), "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
