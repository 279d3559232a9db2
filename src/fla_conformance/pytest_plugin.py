"""pytest plugin of the kit (entry point ``fla``): options and fixtures for SDK tests.

It is loaded by every pytest run in an environment where the kit is installed, so it imports
nothing heavy at module level.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fla", "FLA conformance kit")
    group.addoption(
        "--fla-base-url",
        default=None,
        help="base URL of the FLA endpoint under test (default: start the reference mock)",
    )
