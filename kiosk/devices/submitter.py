"""The HTTPS sender: a worker thread that delivers the outbox to the reception server exactly once per application."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.devices.base import Health, HealthState, Submitter
from kiosk.store.crypto import CryptoError
from kiosk.store.outbox import Outbox, OutboxError, Pending
from kiosk.workers import WorkerThread, import_now

if TYPE_CHECKING:
    import http.client
    import ssl

# what the worker uses of the standard library's native parts, imported by start() in the GUI thread (kiosk.workers)
WORKER_MODULES = ("ssl", "http.client", "encodings.idna", "cryptography.exceptions",
                  "cryptography.hazmat.primitives.ciphers.aead")

_log = log.get("submit")

API_PATH = "/v1/applications"
# The reception API's own final refusals (docs/api/openapi.yaml): only these statuses, with the API's JSON refusal
# body, end an application. Any other answer (a proxy's 401/403/404/413 page, a refusal without the API's body, a
# status the API does not declare) is retried and raises an alarm: it says something about the way to the server,
# not about the application.
FINAL_STATUSES = frozenset({400, 409, 411, 413, 415, 422})
_REASON = re.compile(r"[a-z][a-z0-9_]{0,63}")
# A reception number is shown to the citizen and kept in the erasure record: short, plain characters, and never
# anything that could be the 23-digit application ID or the 12-digit individual number echoed back.
_RECEPTION_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
_ID_LIKE = re.compile(r"\d{12,}")
_MESSAGE_MAX = 300
_IDLE_REFRESH_S = 30.0  # the worker wakes at least this often to refresh the queue figures
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})  # plain http only to these (simulator, tests)
_ERROR_RETRY_S = 5.0  # after an unexpected error in a pass
_CHECKPOINT_RETRY_S = 1.0  # how soon an erasure whose WAL checkpoint was held back by a reader is retried
_UPLOAD_CHUNK = 8 * 1024  # the request body goes out in pieces this big, so the sending screen sees it move
_UPLOAD_STEPS = 20  # at most this many "uploading" reports per request (plus the first and the last)


def encode_multipart(parts: list[tuple[str, str, str, bytes]]) -> tuple[str, bytes]:
    """Encode (name, filename, content type, content) parts as multipart/form-data: (Content-Type, body)."""
    while True:
        boundary = "kiosk-" + os.urandom(16).hex()
        marker = b"--" + boundary.encode("ascii")
        if not any(marker in content for _, _, _, content in parts):
            break
    chunks: list[bytes] = []
    for name, filename, content_type, content in parts:
        for text in (name, filename, content_type):  # header values: no quote, line break or non-ASCII to escape
            if not text.isascii() or any(ch in text for ch in '"\r\n\\'):
                raise ValueError(f"multipart header value {text!r} cannot be sent as it is")
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        chunks += [
            marker,
            b"\r\n",
            f"Content-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n".encode("ascii"),
            content,
            b"\r\n",
        ]
    chunks += [marker, b"--\r\n"]
    return f"multipart/form-data; boundary={boundary}", b"".join(chunks)


@dataclass(frozen=True)
class Answer:
    """What one attempt came to: a reception number, a final refusal, or a retryable failure."""

    kind: str  # "delivered", "rejected" or "failed"
    status: int = 0
    reception_number: str = ""  # "" when the server's number was not fit to show or keep
    reason: str = ""  # the server's reason code, or the technical failure
    message_ja: str = ""
    message_en: str = ""
    unexpected: bool = False  # a failure that is not the API's own answer (proxy, certificate, URL): alarm


def valid_reception_number(text: str) -> bool:
    """Whether the server's reception number may be shown and kept: plain, short, nothing like an ID."""
    return bool(_RECEPTION_NUMBER.fullmatch(text)) and not _ID_LIKE.search(text)


def plain_message(text: str) -> str:
    """A server's message for the citizen as plain words: no control characters, no long digit runs, bounded."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    cleaned = re.sub(r"\d{8,}", "…", " ".join(cleaned.split()))
    return cleaned[:_MESSAGE_MAX]


@dataclass(frozen=True)
class Rejection:
    """A final refusal as the server worded it, for the screen (payload of rejection_received)."""

    status: int
    reason: str
    message_ja: str
    message_en: str


@dataclass(frozen=True)
class QueueStatus:
    """Queue figures for the metrics and the maintenance menu (as of the worker's last pass)."""

    depth: int = 0
    oldest_age_s: float = 0.0
    stuck: int = 0  # applications queued longer than stuck_alarm_s

    @property
    def alarm(self) -> bool:
        return self.stuck > 0


def interpret(status: int, body: bytes, content_type: str = "application/json") -> Answer:
    """Map an HTTP answer of POST /v1/applications to an Answer (pure)."""
    is_json = content_type.split(";")[0].strip().lower() == "application/json"
    try:
        data = json.loads(body.decode("utf-8")) if body and is_json else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    if status in (200, 201):
        number = data.get("reception_number")
        if isinstance(number, str) and number.strip():
            number = number.strip()
            # delivered either way (a retry would get the same answer); a number unfit to show is not kept
            return Answer("delivered", status, reception_number=number if valid_reception_number(number) else "")
        return Answer("failed", status, reason=f"HTTP {status} without a reception number", unexpected=True)
    refusal = _refusal(data)
    if status in FINAL_STATUSES and refusal is not None:
        reason, message_ja, message_en = refusal
        return Answer("rejected", status, reason=reason, message_ja=message_ja, message_en=message_en)
    if 400 <= status < 500 and status not in (408, 425, 429):
        what = "a refusal without the API's body" if refusal is None else "a status the API does not declare"
        return Answer("failed", status, reason=f"HTTP {status}, {what}", unexpected=True)
    return Answer("failed", status, reason=f"HTTP {status}")


def _refusal(data: dict[str, object]) -> tuple[str, str, str] | None:
    """The API's refusal body (reason, message_ja, message_en), or None when the body is not one."""
    reason, ja, en = data.get("reason"), data.get("message_ja"), data.get("message_en")
    if not (isinstance(reason, str) and _REASON.fullmatch(reason) and isinstance(ja, str) and isinstance(en, str)):
        return None
    return reason, plain_message(ja), plain_message(en)


def backoff_s(attempts: int, initial_s: float, max_s: float, rng: Callable[[], float]) -> float:
    """Full jitter: uniform in [0, min(max, initial * 2**(attempts-1))] (attempts counts this failure)."""
    ceiling = min(max_s, initial_s * (2.0 ** min(max(attempts - 1, 0), 40)))
    return float(rng()) * ceiling


class HttpSubmitter(Submitter):
    """Sends the outbox over HTTPS (or HTTP for loopback tests) from its own worker thread.

    Signals (posted by the worker, emitted in the GUI thread): delivered, rejected
    (with the server's message_ja, else message_en, else its reason code), attempt_failed (inherited),
    progress (inherited: connecting, uploading bytes sent of all, waiting for the answer, received),
    rejection_received (envelope id, Rejection) before rejected, queue_changed (QueueStatus) after each pass.
    """

    rejection_received = Signal(str, object)  # envelope id, Rejection
    queue_changed = Signal(object)  # QueueStatus

    def __init__(
        self,
        outbox_path: Path,
        key: bytes,
        url: str,
        *,
        timeout_s: float = 10.0,
        ca_file: str = "",
        client_cert: str = "",
        client_key: str = "",
        backoff_initial_s: float = 1.0,
        backoff_max_s: float = 300.0,
        stuck_alarm_s: float = 3600.0,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        name: str = "submitter",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name, parent)
        self.set_url(url)
        self._outbox_path = outbox_path
        self._key = key
        self._timeout_s = timeout_s
        self._ca_file = ca_file
        self._client_cert = client_cert
        self._client_key = client_key
        self._backoff_initial_s = backoff_initial_s
        self._backoff_max_s = backoff_max_s
        self._stuck_alarm_s = stuck_alarm_s
        self._clock = clock
        self._rng = rng
        self._ssl: ssl.SSLContext | None = None
        self._wake = threading.Event()
        self._worker = WorkerThread(f"{name}-worker", self._run, join_timeout_s=timeout_s + 5)
        self._stopping = self._worker.stopping
        self._conn_lock = threading.Lock()
        self._sock: socket.socket | None = None  # the socket of the request in flight (the response keeps it)
        self._status = QueueStatus()

    # --- public API (any thread) ---

    def set_url(self, url: str) -> None:
        """Where to send (before start(): the simulator's reference server is known only once it listens)."""
        self._url_error = ""
        path = ""
        try:
            split = urlsplit(url)
            self._scheme, self._host, self._port, path = split.scheme, split.hostname or "", split.port, split.path
        except ValueError:
            self._scheme, self._host, self._port = "", "", None
        if self._scheme not in ("http", "https") or not self._host:
            self._url_error = "submission url must be https://host[:port][/prefix]"
        elif self._scheme == "http" and self._host not in _LOOPBACK:
            self._url_error = "plain http is allowed to a loopback server only"
        self._path = (path.rstrip("/") if not self._url_error else "") + API_PATH

    def start(self) -> None:
        """Start the worker; it first sends whatever the outbox still holds (from before a restart)."""
        if self._worker.started:
            return
        if self._url_error:
            self._set_health(Health(HealthState.DOWN, self._url_error))
            return
        import_now(*WORKER_MODULES)
        import ssl

        if self._scheme == "https":
            try:
                self._ssl = self._make_ssl_context()
            except (OSError, ssl.SSLError) as exc:
                self._set_health(Health(HealthState.DOWN, f"TLS set-up failed: {type(exc).__name__}"))
                return
        self._wake.set()
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        """Stop the worker (aborting a request in flight) and join it; safe to call twice."""
        if not self._worker.started:
            return
        self._worker.stop(self._wake.set, self._abort_request)
        self._relay.close()

    def _abort_request(self) -> None:
        """Cut the request in flight (stop, or its deadline): a blocked send or read returns at once."""
        with self._conn_lock:
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def wake(self) -> None:
        """Send what is due now (a freshly put row is due at once) instead of waiting for the next tick."""
        self._wake.set()

    def queue_status(self) -> QueueStatus:
        """Depth, oldest age and stuck count as of the worker's last pass (for the metrics)."""
        return self._status

    # --- worker ---

    def _make_ssl_context(self) -> ssl.SSLContext:
        import ssl

        ctx = ssl.create_default_context(cafile=self._ca_file or None)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if self._client_cert:
            ctx.load_cert_chain(self._client_cert, self._client_key or None)
        return ctx

    def _run(self) -> None:
        try:
            outbox = Outbox(self._outbox_path, self._key, clock=self._clock)
        except Exception as exc:
            self._set_health(Health(HealthState.DOWN, f"outbox cannot be opened: {type(exc).__name__}"))
            return
        if self.health.state is HealthState.DOWN and self.health.detail == "not started":
            self._set_health(Health(HealthState.OK, "started, nothing sent yet"))
        try:
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    wait_s = self._pass(outbox)
                except Exception as exc:  # e.g. the database stayed locked: the rows stay queued, try again
                    _log.error("sender pass failed with %s; retrying", type(exc).__name__)
                    self._set_health(Health(HealthState.DOWN, f"sender failed: {type(exc).__name__}"))
                    wait_s = min(self._backoff_max_s, _ERROR_RETRY_S)
                self._wake.wait(min(max(wait_s, 0.0), _IDLE_REFRESH_S))
        finally:
            outbox.close()

    def _pass(self, outbox: Outbox) -> float:
        """Send every due row; returns how long to wait before the next pass."""
        for row in outbox.due():
            if self._stopping.is_set():
                break
            self._send(outbox, row)
        if outbox.checkpoint_pending:
            outbox.checkpoint()
        self._publish(outbox)
        next_at = outbox.next_due_at()
        wait_s = _IDLE_REFRESH_S if next_at is None else next_at - self._clock()
        if outbox.checkpoint_pending:
            wait_s = min(wait_s, _CHECKPOINT_RETRY_S)
        return wait_s

    def _publish(self, outbox: Outbox) -> None:
        status = QueueStatus(outbox.depth(), outbox.oldest_age_s(), outbox.stuck(self._stuck_alarm_s))
        if status != self._status:
            self._status = status
            self._emit("queue_changed", status)

    def _send(self, outbox: Outbox, row: Pending) -> None:
        try:
            payload = outbox.payload(row.envelope_id)
        except OutboxError:
            return  # erased meanwhile by another connection
        except CryptoError:  # another key (the key file was replaced): keep the row for a technician
            _log.error("envelope %s cannot be decrypted with the current key", row.envelope_id)
            outbox.mark_attempt(row.envelope_id, "cannot be decrypted", self._clock() + self._backoff_max_s)
            self._set_health(Health(HealthState.DEGRADED, "a queued application cannot be decrypted"))
            self._emit("attempt_failed", row.envelope_id, "cannot be decrypted")
            return
        content_type, body = encode_multipart(
            [
                ("application", "", "application/json", payload.application_json),
                ("photo", "photo.jpg", "image/jpeg", payload.photo_jpeg),
            ]
        )
        del payload
        started = time.monotonic()
        answer = self._post(row.idempotency_key, content_type, body, row.envelope_id)
        del body
        took_ms = int((time.monotonic() - started) * 1000)
        if answer.kind == "delivered":
            if not answer.reception_number:
                _log.warning("envelope %s delivered; the server's reception number was not fit to show", row.envelope_id)
            outbox.confirm(row.envelope_id, answer.reception_number)
            _log.info(
                "envelope %s delivered after %d attempt(s), %d ms", row.envelope_id, row.attempts + 1, took_ms
            )
            self._set_health(Health(HealthState.OK, "last submission delivered"))
            self._emit("delivered", row.envelope_id, answer.reception_number)
        elif answer.kind == "rejected":
            outbox.reject(row.envelope_id, answer.status, answer.reason)
            _log.warning("envelope %s rejected: HTTP %d %s", row.envelope_id, answer.status, answer.reason)
            self._set_health(Health(HealthState.OK, "server reachable"))
            rejection = Rejection(answer.status, answer.reason, answer.message_ja, answer.message_en)
            self._emit("rejection_received", row.envelope_id, rejection)
            self._emit("rejected",
                row.envelope_id, answer.status, answer.message_ja or answer.message_en or answer.reason
            )
        else:
            attempts = row.attempts + 1
            delay_s = backoff_s(attempts, self._backoff_initial_s, self._backoff_max_s, self._rng)
            try:
                outbox.mark_attempt(row.envelope_id, answer.reason, self._clock() + delay_s)
            except OutboxError:
                return
            log_at = _log.error if answer.unexpected else _log.warning
            log_at(
                "envelope %s attempt %d failed (%s); next in %.1f s",
                row.envelope_id,
                attempts,
                answer.reason,
                delay_s,
            )
            if answer.unexpected:
                self._set_health(Health(HealthState.DOWN, f"not the reception API's answer: {answer.reason} "
                                                          "(proxy, certificate or URL?)"))
            else:
                self._set_health(Health(HealthState.DOWN, f"server unreachable: {answer.reason}"))
            self._emit("attempt_failed", row.envelope_id, answer.reason)

    def _upload(self, conn: http.client.HTTPConnection, body: bytes, envelope_id: str) -> None:
        """Send the body in pieces, reporting the bytes sent (a few times, whatever the body's size)."""
        total, sent, reported = len(body), 0, 0
        self._emit("progress", envelope_id, "uploading", 0, total)
        view = memoryview(body)
        while sent < total:
            if self._stopping.is_set():
                raise ConnectionAbortedError("stopping")
            conn.send(view[sent : sent + _UPLOAD_CHUNK])
            sent = min(total, sent + _UPLOAD_CHUNK)
            if sent == total or sent - reported >= total / _UPLOAD_STEPS:
                reported = sent
                self._emit("progress", envelope_id, "uploading", sent, total)

    def _post(self, idempotency_key: str, content_type: str, body: bytes, envelope_id: str = "") -> Answer:
        """One request, bounded as a whole by timeout_s (a server that drips its answer is cut off); its stages
        are reported as progress (envelope_id)."""
        import http.client  # imported by start(), in the GUI thread: here only looked up
        import ssl

        conn: http.client.HTTPConnection
        if self._scheme == "https":
            conn = http.client.HTTPSConnection(
                self._host, self._port, timeout=self._timeout_s, context=self._ssl
            )
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout_s)
        if self._stopping.is_set():  # stop() came between two rows: don't start a request it can't abort
            return Answer("failed", reason="stopping")
        cut = threading.Event()  # set before the socket is cut, so the reader knows why its read ended

        def cut_off() -> None:
            cut.set()
            self._abort_request()

        deadline = threading.Timer(self._timeout_s, cut_off)
        deadline.daemon = True
        deadline.start()
        total = len(body)
        try:
            self._emit("progress", envelope_id, "connecting", 0, total)
            conn.connect()  # bounded by timeout_s itself
            with self._conn_lock:
                self._sock = conn.sock
            if self._stopping.is_set():
                return Answer("failed", reason="stopping")
            conn.putrequest("POST", self._path)
            for name, value in (("Content-Type", content_type), ("Idempotency-Key", idempotency_key),
                                ("Accept", "application/json"), ("Connection", "close"),
                                ("Content-Length", str(total))):
                conn.putheader(name, value)
            conn.endheaders()
            self._upload(conn, body, envelope_id)
            self._emit("progress", envelope_id, "waiting", total, total)
            response = conn.getresponse()
            data = response.read(64 * 1024)
            self._emit("progress", envelope_id, "received", total, total)
            if cut.is_set() and response.length != 0:  # cut off before the whole answer came (or cannot tell)
                return Answer("failed", reason="deadline")
            return interpret(response.status, data, response.getheader("Content-Type") or "")
        except ssl.SSLCertVerificationError:
            return Answer("failed", reason="server certificate not trusted", unexpected=True)
        except ssl.SSLError as exc:
            return Answer("failed", reason=f"TLS error {exc.reason or type(exc).__name__}")
        except TimeoutError:
            return Answer("failed", reason="deadline" if cut.is_set() else "timeout")
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            if cut.is_set() and not self._stopping.is_set():
                return Answer("failed", reason="deadline")
            return Answer("failed", reason=f"connection error {type(exc).__name__}")
        finally:
            deadline.cancel()
            with self._conn_lock:
                sock, self._sock = self._sock, None
            conn.close()
            if sock is not None:
                sock.close()
