"""The reference reception server: the API of docs/api/openapi.yaml on Starlette and uvicorn, with faults to inject.

Starlette and uvicorn are imported when a server starts, not when this module is imported: the booth imports it
at start-up in simulator mode, and the start-up time of the booth counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kiosk import log
from kiosk.server import rules
from kiosk.server.faults import Faults
from kiosk.server.form import submission_parts
from kiosk.server.rules import (
    ID_NO_LONGER_VALID,
    MAX_BODY_BYTES,
    Refusal,
    RequestRefused,
    check_application,
    content_digest,
    parse_application,
    sample_jpeg,
    validate_application,
    validate_photo,
)
from kiosk.server.store import KeyReused, Store

__all__ = [
    "ID_NO_LONGER_VALID",
    "MAX_BODY_BYTES",
    "Faults",
    "ReceptionServer",
    "Refusal",
    "RequestRefused",
    "Store",
    "main",
    "sample_jpeg",
    "validate_application",
    "validate_photo",
]

_log = log.get("server")
WORKERS = 16  # threads that parse, check and store (Pillow and fsync release the GIL); the event loop only waits
_GRACE_S = 1  # how long stop() lets requests in flight finish


class ReceptionServer:
    """The reference server in a thread: ReceptionServer(host, port, store_dir).start(); .url; .stop().

    TLS: give certfile (and keyfile unless the key is in it); with client_ca every client must present a
    certificate signed by that CA, and its subject CN must equal the booth_id of what it sends (403 otherwise).
    count_enabled serves GET /v1/applications/count (behind the client certificate when client_ca is given).
    go_down() closes the listening socket (connections are refused; requests in flight are still answered) and
    go_up() opens it again on the same port.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        store_dir: Path | None = None,
        *,
        certfile: str = "",
        keyfile: str = "",
        client_ca: str = "",
        count_enabled: bool = False,
        limits: Any = None,
    ) -> None:
        if store_dir is None:
            raise ValueError("store_dir is required")
        if client_ca and not certfile:
            raise ValueError("client_ca needs certfile: client certificates are checked by TLS")
        self.host = host
        self.port = port
        self.store = Store(Path(store_dir))
        self.faults = Faults()
        self.requests = 0
        self.certfile, self.keyfile, self.client_ca = certfile, keyfile, client_ca
        self.count_enabled = count_enabled
        self._limits = limits
        self.executor: ThreadPoolExecutor | None = None
        self._stats_lock = threading.Lock()
        self._config: Any = None
        self._server: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def limits(self) -> Any:
        if self._limits is None:
            from kiosk.server.app import Limits

            self._limits = Limits()
        return self._limits

    @property
    def url(self) -> str:
        scheme = "https" if self.certfile else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def received(self) -> int:
        """How many distinct applications are stored (replays not counted)."""
        return self.store.count

    @property
    def client_auth(self) -> bool:
        return bool(self.client_ca)

    def count_request(self) -> None:
        with self._stats_lock:
            self.requests += 1

    def loop_stopping_event(self) -> asyncio.Event:
        assert self._stopping is not None
        return self._stopping

    # --- the submission, in a worker thread --------------------------------------------------------------
    def accept(self, key_header: str, content_type: str, body: bytes, booth_id: str | None) -> tuple[str, bool]:
        """Check and store one submission; returns (reception number, created) or raises RequestRefused.

        booth_id: the client certificate's CN (None without one). A replay of a stored key is answered from
        the store (after the booth check, before the other checks, which may have changed since).
        """
        key = rules.idempotency_key(key_header)
        app_raw, photo = submission_parts(content_type, body)
        data = parse_application(app_raw)
        if data is None:
            validate_application(app_raw)  # raises the refusal for a part that is not a JSON object
            raise AssertionError("unreachable")
        if self.client_auth and data.get("booth_id") != booth_id:
            raise RequestRefused(rules.BOOTH_MISMATCH)
        digest = content_digest(data, photo)
        known = self.store.lookup(key)
        if known is not None:
            if known[1] != digest:
                raise RequestRefused(rules.KEY_REUSED)
            return known[0], False
        check_application(data)
        validate_photo(photo)
        refusal = self.faults.refusal_for(data["application_id"])
        if refusal is not None:
            raise RequestRefused(refusal)
        try:
            return self.store.put(key, digest, app_raw, photo, booth_id=data["booth_id"])
        except KeyReused:
            raise RequestRefused(rules.KEY_REUSED) from None

    # --- life cycle ----------------------------------------------------------------------------------------
    def start(self) -> None:
        """Listen at once (port 0 picks one: see .url), then serve from a thread. Raises on unusable TLS files."""
        if self._thread is not None:
            return
        config = self._uvicorn_config()
        sock = self._bind()
        self.executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="reception")
        import uvicorn

        server = uvicorn.Server(config)
        started = threading.Event()
        errors: list[BaseException] = []

        async def serve() -> None:
            self._loop = asyncio.get_running_loop()
            self._stopping = asyncio.Event()
            serving = asyncio.create_task(server.serve(sockets=[sock]))
            try:
                while not server.started and not serving.done():  # uvicorn offers no start-up callback
                    await asyncio.sleep(0.005)
                started.set()
                await serving
            finally:
                for connection in list(server.server_state.connections):  # left after the grace time
                    connection.transport.abort()

        def run() -> None:
            try:
                asyncio.run(serve())
            except BaseException as exc:  # a failed start-up must reach start(), not vanish in the thread
                errors.append(exc)
                started.set()

        self._server, self._sock = server, sock
        self._thread = threading.Thread(target=run, name="reception-server", daemon=True)
        self._thread.start()
        started.wait()
        if errors:
            self._thread.join()
            self._thread = None
            raise RuntimeError(f"reception server failed to start: {type(errors[0]).__name__}") from errors[0]
        _log.info("reception server listening on %s", self.url)

    def _uvicorn_config(self) -> Any:
        if self._config is not None:
            return self._config
        import uvicorn

        from kiosk.server.app import build_app
        from kiosk.server.connection import protocol_class

        logging.getLogger("python_multipart").setLevel(logging.ERROR)  # it warns about each malformed body
        tls: dict[str, Any] = {}
        if self.certfile:
            tls = {
                "ssl_certfile": self.certfile,
                "ssl_keyfile": self.keyfile or None,
                "ssl_cert_reqs": ssl.CERT_REQUIRED if self.client_ca else ssl.CERT_NONE,
                "ssl_ca_certs": self.client_ca or None,
                "ssl_context_factory": _at_least_tls12,
            }
        config = uvicorn.Config(
            build_app(self),
            http=protocol_class(self.limits.head_timeout_s),
            loop="asyncio",
            lifespan="on",
            ws="none",
            interface="asgi3",
            log_config=None,
            log_level="warning",
            access_log=False,  # uvicorn's access lines name the client address; the kiosk logs its own
            proxy_headers=False,
            server_header=False,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=_GRACE_S,
            backlog=2048,
            **tls,
        )
        config.load()  # builds the TLS context now: unreadable or mismatched files fail start(), in this thread
        self._config = config
        return config

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(2048)  # the kernel queues connections at once, before the server's loop runs
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        return sock

    def _in_loop(self, make: Callable[[], Any]) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(make(), loop).result(timeout=10)

    def go_down(self) -> None:
        """Stop listening: new connections are refused until go_up(); requests in flight are still answered."""
        if self._sock is None:
            return
        sock, self._sock = self._sock, None

        async def close() -> None:
            for listener in self._server.servers:
                listener.close()
            self._server.servers.clear()
            sock.close()

        self._in_loop(close)

    def go_up(self) -> None:
        """Listen again on the same port."""
        if self._sock is not None or self._thread is None:
            return
        sock = self._bind()
        server, config = self._server, self._config

        async def open_listener() -> None:
            def protocol() -> Any:
                return config.http_protocol_class(  # what uvicorn's own start-up builds for each connection
                    config=config, server_state=server.server_state, app_state=server.lifespan.state
                )

            loop = asyncio.get_running_loop()
            server.servers.append(await loop.create_server(protocol, sock=sock, ssl=config.ssl, backlog=2048))

        self._sock = sock
        self._in_loop(open_listener)

    def stop(self) -> None:
        """Stop serving (requests in flight get a second to finish; delayed answers are dropped) and join."""
        thread, loop, server = self._thread, self._loop, self._server
        if thread is None:
            return
        if loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(self._stopping.set)
        server.should_exit = True
        thread.join(timeout=_GRACE_S + 5)
        if thread.is_alive():
            server.force_exit = True
            thread.join()
        if self._sock is not None:
            self._sock.close()
        if self.executor is not None:
            self.executor.shutdown(wait=True)
        self._thread = self._server = self._loop = self._stopping = self._sock = self.executor = None


def _at_least_tls12(_config: Any, default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    """uvicorn's TLS context (certificate, CERT_REQUIRED, client CA), never below TLS 1.2."""
    context = default()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def main(argv: Sequence[str] | None = None) -> int:
    """`kiosk reception-server [--host] [--port] [--store] [--cert --key] [--client-ca]`: serve until SIGTERM."""
    from kiosk.server.options import add_arguments

    parser = argparse.ArgumentParser(prog="kiosk reception-server", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return serve_from_args(args)


def serve_from_args(args: argparse.Namespace) -> int:
    """Run the server the options describe until SIGINT or SIGTERM; 2 on a usage or TLS file error."""
    if args.client_ca and not args.cert:
        print("kiosk reception-server: --client-ca needs --cert and --key (client certificates are a TLS check)",
              file=sys.stderr)
        return 2
    if args.key and not args.cert:
        print("kiosk reception-server: --key needs --cert", file=sys.stderr)
        return 2
    server = ReceptionServer(
        args.host, args.port, Path(args.store), certfile=args.cert, keyfile=args.key, client_ca=args.client_ca,
        count_enabled=args.enable_count,
    )
    if args.refuse_id_file:
        for line in Path(args.refuse_id_file).read_text().split():
            server.faults.refuse_id(line.strip())
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        cause = exc.__cause__ or exc
        print(f"kiosk reception-server: cannot start: {type(cause).__name__}: {cause}", file=sys.stderr)
        return 2
    auth = ", client certificates from " + args.client_ca if args.client_ca else ""
    print(f"reception server on {server.url}, storing in {args.store}{auth}", flush=True)
    done.wait()
    server.stop()
    return 0
