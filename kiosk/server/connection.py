"""One HTTP connection as uvicorn serves it, plus what uvicorn's ASGI scope does not carry (imports uvicorn).

Why this exists: uvicorn 0.54 puts nothing about TLS into the ASGI scope. The ASGI TLS extension
(scope["extensions"]["tls"]) is specified but not implemented by uvicorn yet (its pull requests for it were still
open in 2026), so an application cannot see the client certificate that the TLS layer verified. This subclass
of uvicorn's h11 protocol reads the verified peer certificate once per connection, from the transport
(`ssl_object.getpeercert()`), and hands it to the application under scope["extensions"]["kiosk.connection"]:

- "booth_id": the subject common name (CN) of the client certificate, or None (no TLS, no client
  certificate, or a certificate with no or several CNs);
- "abort": drops the connection without an answer (the reference server's fault injection).

It also bounds the time a client may take to send a request head (uvicorn's keep-alive timer stops at the
first byte, so a client trickling its headers would otherwise hold the connection for ever). The body's time
is bounded by the application (kiosk.server.app), where it can still answer 408.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

EXTENSION = "kiosk.connection"
ASGIApp = Callable[[MutableMapping[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]],
                   Awaitable[None]]


def common_name(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> str | None:
    """The single subject CN of the verified peer certificate, else None."""
    if ssl_object is None:
        return None
    try:
        cert = ssl_object.getpeercert()
    except (ValueError, ssl.SSLError):
        return None
    if not cert:
        return None
    subject: Any = cert.get("subject", ())  # ((("commonName", "booth-0042"),), (("organizationName", ...),))
    names = [value for rdn in subject for key, value in rdn if key == "commonName"]
    return names[0] if len(names) == 1 and names[0] else None


def protocol_class(head_timeout_s: float) -> type[H11Protocol]:
    """The protocol uvicorn should build for each connection (Config(http=...))."""

    class BoothConnection(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_timer: asyncio.TimerHandle | None = None
            extension = {"booth_id": common_name(transport.get_extra_info("ssl_object")), "abort": transport.abort}
            inner: ASGIApp = self.app

            async def app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
                scope.setdefault("extensions", {})[EXTENSION] = extension
                await inner(scope, receive, send)

            self.app = app
            self._arm_head_timer()

        def data_received(self, data: bytes) -> None:
            cycle = self.cycle
            super().data_received(data)
            if self.cycle is not cycle:  # a request head was parsed: the application's deadline takes over
                self._disarm_head_timer()

        def on_response_complete(self) -> None:
            cycle = self.cycle
            super().on_response_complete()
            if self.cycle is cycle and not self.transport.is_closing():  # waiting for the next request head
                self._arm_head_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_head_timer()
            super().connection_lost(exc)

        def _arm_head_timer(self) -> None:
            self._disarm_head_timer()
            self._head_timer = self.loop.call_later(head_timeout_s, self._head_too_slow)

        def _disarm_head_timer(self) -> None:
            timer = getattr(self, "_head_timer", None)
            if timer is not None:
                timer.cancel()
                self._head_timer = None

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if not self.transport.is_closing():
                self.transport.close()

    return BoothConnection
