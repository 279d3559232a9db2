"""The reference mock: a stateful FLA server that behaves as the manual says.

``create_app()`` gives the ASGI application (Starlette); :class:`MockServer` serves it with
uvicorn on loopback in a background thread; :data:`FAULTS` lists the deliberate departures from
the manual that the control API can switch on. ``fla mock serve`` runs it from the command line.
"""

from __future__ import annotations

from fla_conformance.mock.app import TOKEN_PATH, create_app
from fla_conformance.mock.control import CONTROL_PATH, ENDPOINTS
from fla_conformance.mock.faults import FAULTS
from fla_conformance.mock.server import MockServer
from fla_conformance.mock.state import DEFAULT_EMPLOYER

__all__ = [
    "CONTROL_PATH",
    "DEFAULT_EMPLOYER",
    "ENDPOINTS",
    "FAULTS",
    "TOKEN_PATH",
    "MockServer",
    "create_app",
]
