"""Calling the mock in-process, without a socket: a synchronous httpx transport for ASGI apps.

For tests that need no real server (``MockServer`` is the one for end-to-end runs)::

    app = create_app()
    with httpx.Client(transport=ASGISyncTransport(app), base_url="http://mock") as http:
        token = dev_token(http)
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from fla_conformance.mock.app import TOKEN_PATH


class ASGISyncTransport(httpx.BaseTransport):
    """Runs each request through the ASGI app on a fresh event loop."""

    def __init__(self, app: Any) -> None:
        self._transport = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            body = request.read()
            async_request = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._transport.handle_async_request(async_request)
            content = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, request=request
            )

        return anyio.run(send)


def dev_token(http: httpx.Client, token_path: str = TOKEN_PATH) -> str:
    """An access token for the development client (client_secret: local use only)."""
    answer = http.post(
        token_path,
        data={
            "grant_type": "client_credentials",
            "client_id": DEV_CLIENT_ID,
            "client_secret": DEV_CLIENT_SECRET,
        },
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])
