"""MockServer: the mock on uvicorn in a background thread, on loopback and a free port.

For tests, the certify runner and the pytest plugin::

    with MockServer() as mock:
        httpx.get(mock.base_url + "/employers/880820673/employeesTrainings?processingState=all")
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import uvicorn

from fla_conformance.contract import BASE_PATH
from fla_conformance.errors import UsageError
from fla_conformance.mock.app import TOKEN_PATH, create_app
from fla_conformance.mock.control import CONTROL_PATH

_START_TIMEOUT = 10.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; a port in use is a UsageError with a clear message."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it every keep-alive answer waits 40 ms for a delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


class MockServer:
    """The reference mock served by uvicorn (one worker) in a daemon thread."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str = ":memory:",
        control: bool = True,
        faults: Iterable[str] = (),
        anchor_year: int | None = None,
        now: dt.datetime | None = None,
        **options: Any,
    ) -> None:
        self.host = host
        self.port = port
        self.app = create_app(
            db=db, control=control, faults=faults, anchor_year=anchor_year, now=now, **options
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.url + BASE_PATH

    @property
    def token_url(self) -> str:
        return self.url + TOKEN_PATH

    @property
    def control_url(self) -> str:
        return self.url + CONTROL_PATH

    def start(self) -> None:
        if self._thread is not None:
            return
        if self._stopped:
            raise UsageError("a MockServer starts once; make a new one (same db) to restart")
        sock = bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="off", access_log=False, timeout_keep_alive=30
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="fla-mock", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                raise UsageError(f"the mock did not start on {self.url}")
            time.sleep(0.005)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(_START_TIMEOUT)
        self.app.state.mock.store.close()
        self._server = self._thread = None
        self._stopped = True

    def __enter__(self) -> MockServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
