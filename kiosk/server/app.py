"""The reception API as a Starlette application: routes, the submission handler, error bodies (imports Starlette)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk import log
from kiosk.server import rules
from kiosk.server.connection import EXTENSION
from kiosk.server.rules import Refusal, RequestRefused, invalid

if TYPE_CHECKING:
    from kiosk.server.reception import ReceptionServer

_log = log.get("server")


@dataclass(frozen=True)
class Limits:
    """How long a client may take and how much it may send.

    A request head must arrive within head_timeout_s (kiosk.server.connection). The body must keep coming
    (no pause longer than body_idle_s) and be complete within body_base_s + Content-Length / body_min_rate
    bytes per second; otherwise the answer is 408 and the connection is closed. At most concurrent_bodies
    requests are read, checked and stored at once; the others wait their turn and their clock starts when it
    comes. Waiting bodies sit in uvicorn's read buffer (it stops reading a connection at 64 KiB, but one read
    takes up to 256 KiB, so at photo sizes about one body each: 283 MB peak for 1000 at once, see
    docs/performance.md).
    """

    head_timeout_s: float = 10.0
    body_idle_s: float = 10.0
    body_base_s: float = 10.0
    body_min_rate: float = 64 * 1024
    concurrent_bodies: int = 64


class _TooSlow(Exception):
    pass


class _Disconnected(Exception):
    pass


def _answer(refusal: Refusal, *, close: bool = False, headers: Mapping[str, str] | None = None) -> JSONResponse:
    extra = dict(headers or {})
    if close:
        extra["Connection"] = "close"
    return JSONResponse(refusal.body(), status_code=refusal.status, headers=extra)


def _connection(request: Request) -> dict[str, Any]:
    found: dict[str, Any] = request.scope.get("extensions", {}).get(EXTENSION, {})
    return found


async def _drop(request: Request) -> Response:
    """Close the connection without an answer; returns once uvicorn has seen it go (so it sends nothing)."""
    abort: Callable[[], None] | None = _connection(request).get("abort")
    if abort is not None:
        abort()
        await request.receive()  # http.disconnect, once the transport is gone
    return Response(status_code=500)  # never sent: the connection is closed


def build_app(owner: ReceptionServer) -> Starlette:
    """The application one ReceptionServer serves."""
    limits = owner.limits
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        state["bodies"] = asyncio.Semaphore(limits.concurrent_bodies)
        state["stopping"] = owner.loop_stopping_event()
        yield

    async def read_body(request: Request, length: int) -> bytes:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limits.body_base_s + length / limits.body_min_rate
        body = bytearray()
        while True:
            left = deadline - loop.time()
            if left <= 0:
                raise _TooSlow
            try:
                message = await asyncio.wait_for(request.receive(), min(left, limits.body_idle_s))
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.disconnect":
                raise _Disconnected
            body += message.get("body", b"")
            if not message.get("more_body", False):
                return bytes(body)

    async def submit(request: Request) -> Response:
        faults = owner.faults
        owner.count_request()
        if faults.take("drop_before_next"):
            return await _drop(request)
        length_text = request.headers.get("content-length")
        if length_text is None or not length_text.isdigit():
            return _answer(rules.LENGTH_REQUIRED, close=True)
        length = int(length_text)
        if length > rules.MAX_BODY_BYTES:
            return _answer(rules.TOO_LARGE, close=True)
        async with state["bodies"]:
            try:
                body = await read_body(request, length)
            except _TooSlow:
                _log.info("a request body came too slowly: answered 408")
                return _answer(rules.TOO_SLOW, close=True)
            except _Disconnected:
                return Response(status_code=400)  # never sent: the client is gone
            if faults.take("fail_next_503"):
                return _answer(rules.UNAVAILABLE)
            booth = _connection(request).get("booth_id")
            try:
                number, created = await asyncio.get_running_loop().run_in_executor(
                    owner.executor,
                    owner.accept,
                    request.headers.get("idempotency-key", ""),
                    request.headers.get("content-type", ""),
                    body,
                    booth,
                )
            except RequestRefused as refused:
                return _answer(refused.refusal)
            del body
        if faults.take("drop_after_store_next"):
            return await _drop(request)
        if faults.take("delay_next"):
            try:
                await asyncio.wait_for(state["stopping"].wait(), faults.delay_s)
                return await _drop(request)  # the server is stopping: no answer, as a dying server gives
            except TimeoutError:
                pass
        return JSONResponse({"reception_number": number}, status_code=201 if created else 200)

    async def count(_request: Request) -> Response:
        return JSONResponse({"count": owner.received})

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            refusal = rules.NOT_FOUND
        elif exc.status_code == 405:
            refusal = rules.method_not_allowed()
        else:
            refusal = invalid("malformed_request", "malformed request", "送信データの形式の誤り", exc.status_code)
        return _answer(refusal, headers=exc.headers)

    async def server_error(_request: Request, exc: Exception) -> Response:
        _log.error("request failed with %s", type(exc).__name__)
        return _answer(rules.INTERNAL_ERROR, close=True)

    routes = [
        Route("/v1/applications", submit, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
    ]
    if owner.count_enabled:
        routes.append(Route("/v1/applications/count", count, methods=["GET"]))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.router.redirect_slashes = False  # /v1/applications/ is not /v1/applications: 404, not a redirect
    return app
