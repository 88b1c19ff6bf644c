"""Fleet metrics for Prometheus: one registry per booth object, updated by the app, served over HTTP on demand.

Labels carry only code-defined words (outcome, device name, error kind, denomination) and the booth id: never
an application ID, a birth date, a receipt code or a photo. Every labelled counter has all its label values
from the start (0 until the first event), so rate() and increase() see the first event. The `*_created`
series of counters are not served (prometheus_client's switch, process-wide: this process has no other
metrics): Prometheus 2 does not use them and they doubled the number of series.

The endpoint serves GET /metrics only; any other path is 404 (prometheus_client's own server answers every
path with the metrics).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Info,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
    make_wsgi_app,
)
from prometheus_client.exposition import ThreadingWSGIServer

from kiosk import log
from kiosk.devices.base import Health, HealthState

_log = log.get("app")

OUTCOMES = ("sent", "queued", "cancelled", "timed_out", "rejected", "failed", "printed", "print_failed")
SERVICES = ("my_number", "idphoto")
DENOMINATIONS_YEN = (10, 50, 100, 500)
NOTE_DENOMINATIONS_YEN = (1000, 2000, 5000, 10000)
# kiosk_errors_total's kinds; anything else is counted as "other"
ERROR_KINDS = (
    "payout_unpaid",  # the hopper could not pay all it owed (a receipt code was printed)
    "events_lost",  # the coin acceptor's event buffer overflowed between two polls
    "coin_fault",  # the coin acceptor reported a fault
    "device_reset",  # the coin acceptor reset itself
    "bill_fault",  # the bill validator reported a fault (jam, cash box full or removed, cheat, failure)
    "note_in_doubt",  # a note's fate is unknown (a receipt code was recorded)
    "submit_failed",  # one submission attempt failed (retried later)
    "submit_rejected",  # the server refused an application for good
    "unknown_outcome",  # a session ended with an outcome this module does not know
    "other",
)
# kiosk_submissions_refused_total's reasons: the reason codes of docs/api/openapi.yaml; others count as "other"
REFUSAL_REASONS = (
    "invalid_photo",
    "invalid_application",
    "application_id_no_longer_valid",
    "idempotency_key_reused",
    "malformed_request",
    "other",
)
_LABEL_WORD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _word(value: str) -> str:
    """A label value made only of code words; anything else (possibly data) becomes "other"."""
    return value if _LABEL_WORD.match(value) else "other"


def parse_bind(bind: str) -> tuple[str, int]:
    """ "host:port" (or "[v6]:port") -> (host, port); raise ValueError naming the problem."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"metrics.bind: expected host:port, got {bind!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


class BoothMetrics:
    """Counters and gauges of one booth, in their own CollectorRegistry (no global state)."""

    def __init__(
        self,
        booth_id: str,
        version: str,
        devices: Iterable[str] = (),
        checks: Iterable[str] = (),
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        disable_created_metrics()  # type: ignore[no-untyped-call]
        self.registry = CollectorRegistry()
        self._clock = clock
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        r = self.registry
        Info("kiosk_build", "Booth id and software version.", registry=r).info(
            {"booth_id": booth_id, "version": version}
        )
        Gauge("kiosk_start_time_seconds", "When this process started (unix time).", registry=r).set(clock())
        self.sessions_started = Counter("kiosk_sessions_started", "Sessions started (first tap).", registry=r)
        self.session_outcomes = Counter(
            "kiosk_session_outcomes", "Sessions ended, by outcome.", ["outcome"], registry=r
        )
        for outcome in OUTCOMES:
            self.session_outcomes.labels(outcome=outcome)
        self.service_sessions = Counter(
            "kiosk_service_sessions", "Sessions ended, by service (my_number, idphoto) and outcome.",
            ["service", "outcome"], registry=r)
        for service in SERVICES:
            for outcome in OUTCOMES:
                self.service_sessions.labels(service=service, outcome=outcome)
        self.last_session = Gauge(
            "kiosk_last_session_start_timestamp_seconds",
            "When the last session started (unix time; 0: none yet).",
            registry=r,
        )
        self.coins_inserted = Counter(
            "kiosk_coins_inserted", "Coins credited, by denomination.", ["denomination_yen"], registry=r
        )
        self.coins_paid_out = Counter(
            "kiosk_coins_paid_out",
            "Coins paid out by the hopper (change, refunds).",
            ["denomination_yen"],
            registry=r,
        )
        self.cashbox_yen = Gauge(
            "kiosk_cashbox_yen", "Money in the cash box since the last collection.", registry=r
        )
        self.cashbox_coins = Gauge(
            "kiosk_cashbox_coins", "Coins in the cash box, by denomination.", ["denomination_yen"], registry=r
        )
        for value in DENOMINATIONS_YEN:
            self.coins_inserted.labels(denomination_yen=str(value))
            self.coins_paid_out.labels(denomination_yen=str(value))
            self.cashbox_coins.labels(denomination_yen=str(value))
        self.notes_inserted = Counter(
            "kiosk_notes_inserted", "Notes credited (stacked), by denomination.", ["denomination_yen"], registry=r
        )
        for value in NOTE_DENOMINATIONS_YEN:
            self.notes_inserted.labels(denomination_yen=str(value))
        self.stacker_notes = Gauge("kiosk_stacker_notes", "Notes in the stacker since its last collection.",
                                   registry=r)
        self.stacker_yen = Gauge("kiosk_stacker_yen", "Yen in the stacker since its last collection.", registry=r)
        self.hopper_coins = Gauge(
            "kiosk_hopper_coins", "Coins in the hopper (estimated; -1: unknown).", registry=r
        )
        self.hopper_coins.set(-1)
        self.hopper_low = Gauge("kiosk_hopper_low", "1 when the hopper is low or empty.", registry=r)
        self.unpaid_yen = Gauge(
            "kiosk_unpaid_yen", "Money owed to citizens that the hopper could not pay.", registry=r
        )
        self.owed_yen = Gauge(
            "kiosk_owed_yen", "Fees owed back to citizens whose application was refused after it was charged.",
            registry=r,
        )
        self.unrecorded_yen = Gauge(
            "kiosk_unrecorded_yen", "Money taken or owed that the ledger could not record (storage failing).",
            registry=r,
        )
        self.device_up = Gauge(
            "kiosk_device_up", "1 when the device can serve a citizen, by device.", ["device"], registry=r
        )
        self.device_degraded = Gauge(
            "kiosk_device_degraded", "1 when the device works with a limitation.", ["device"], registry=r
        )
        for name in devices:
            self.device_up.labels(device=_word(name)).set(0)
            self.device_degraded.labels(device=_word(name)).set(0)
        self.outbox_depth = Gauge("kiosk_outbox_depth", "Applications waiting in the outbox.", registry=r)
        self.outbox_oldest_age = Gauge(
            "kiosk_outbox_oldest_age_seconds", "Age of the oldest application waiting (0: none).", registry=r
        )
        self.errors = Counter("kiosk_errors", "Errors, by kind.", ["kind"], registry=r)
        for kind in ERROR_KINDS:
            self.errors.labels(kind=kind)
        self.out_of_service = Gauge("kiosk_out_of_service", "1 while the booth takes no money.", registry=r)
        self.photos_reviewed = Counter(
            "kiosk_photos_reviewed", "Photos shown to the citizen for review (each capture, retakes too).", registry=r
        )
        self.photo_checks_failed = Counter(
            "kiosk_photo_checks_failed", "Photo checks that failed on a reviewed photo, by check.", ["check"],
            registry=r,
        )
        self._checks = tuple(_word(c) for c in checks)
        for check in (*self._checks, "other"):
            self.photo_checks_failed.labels(check=check)
        self.submissions_refused = Counter(
            "kiosk_submissions_refused", "Applications the server refused for good, by its reason code.",
            ["reason"], registry=r,
        )
        for reason in REFUSAL_REASONS:
            self.submissions_refused.labels(reason=reason)
        ProcessCollector(registry=r)

    # --- events the app reports -------------------------------------------------------------------
    def session_started(self) -> None:
        self.sessions_started.inc()
        self.last_session.set(self._clock())

    def session_ended(self, outcome: str, service: str = "my_number") -> None:
        """Count a session's outcome (once a session, when it is decided): one of OUTCOMES; anything else is
        counted as an error of kind "unknown_outcome". Each service is counted on its own too."""
        if outcome not in OUTCOMES:
            self.error("unknown_outcome")
            return
        self.session_outcomes.labels(outcome=outcome).inc()
        self.service_sessions.labels(service=service if service in SERVICES else "my_number", outcome=outcome).inc()

    def coin_inserted(self, value_yen: int) -> None:
        self.coins_inserted.labels(denomination_yen=str(int(value_yen))).inc()

    def note_inserted(self, value_yen: int) -> None:
        self.notes_inserted.labels(denomination_yen=str(int(value_yen))).inc()

    def set_stacker(self, notes: int, yen: int) -> None:
        self.stacker_notes.set(notes)
        self.stacker_yen.set(yen)

    def coins_paid(self, coin_yen: int, coins: int) -> None:
        if coins > 0:
            self.coins_paid_out.labels(denomination_yen=str(int(coin_yen))).inc(coins)

    def set_cash_box(self, coins_by_denomination: Mapping[int, int]) -> None:
        """The cash box content (from the ledger) after a credit or a collection."""
        total = 0
        for value in set(DENOMINATIONS_YEN) | set(coins_by_denomination):
            count = int(coins_by_denomination.get(value, 0))
            self.cashbox_coins.labels(denomination_yen=str(int(value))).set(count)
            total += count * int(value)
        self.cashbox_yen.set(total)

    def set_hopper(self, coins: int | None, low: bool) -> None:
        self.hopper_coins.set(-1 if coins is None else coins)
        self.hopper_low.set(1 if low else 0)

    def set_unpaid(self, unpaid_yen: int) -> None:
        self.unpaid_yen.set(unpaid_yen)

    def set_owed(self, owed_yen: int, unrecorded_yen: int) -> None:
        self.owed_yen.set(owed_yen)
        self.unrecorded_yen.set(unrecorded_yen)

    def set_device_health(self, device: str, health: Health) -> None:
        name = _word(device)
        self.device_up.labels(device=name).set(1 if health.ok else 0)
        self.device_degraded.labels(device=name).set(1 if health.state is HealthState.DEGRADED else 0)

    def set_outbox(self, depth: int, oldest_age_s: float | None) -> None:
        self.outbox_depth.set(depth)
        self.outbox_oldest_age.set(oldest_age_s or 0.0)

    def error(self, kind: str) -> None:
        """Count one error; kind is one of ERROR_KINDS (anything else counts as "other")."""
        self.errors.labels(kind=kind if kind in ERROR_KINDS else "other").inc()

    def photo_reviewed(self, failed_checks: Iterable[str]) -> None:
        """A photo reached the review screen; failed_checks: the ids of the checks it failed."""
        self.photos_reviewed.inc()
        for check in failed_checks:
            self.photo_checks_failed.labels(check=check if check in self._checks else "other").inc()

    def submission_refused(self, reason: str) -> None:
        self.submissions_refused.labels(reason=reason if reason in REFUSAL_REASONS else "other").inc()

    def set_out_of_service(self, out_of_service: bool) -> None:
        self.out_of_service.set(1 if out_of_service else 0)

    # --- exposition -------------------------------------------------------------------------------
    def render(self) -> bytes:
        """The text exposition format, as the endpoint serves it."""
        return generate_latest(self.registry)

    def serve(self, bind: str) -> tuple[str, int]:
        """Start the HTTP endpoint in a daemon thread; returns the bound (host, port) (port 0 picks one)."""
        if self._server is not None:
            host, port = self._server.server_address[:2]
            return str(host), int(port)
        host, port = parse_bind(bind)
        server = make_server(host, port, _only_metrics(make_wsgi_app(self.registry)), _server_class(host, port),
                             handler_class=_QuietHandler)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="metrics", daemon=True)
        self._thread.start()
        bound_host, bound_port = server.server_address[:2]
        _log.info("metrics served on %s:%d", bound_host, bound_port)
        return str(bound_host), int(bound_port)

    def stop(self) -> None:
        """Stop the endpoint and join its thread; safe to call twice."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None


def _only_metrics(app: Any) -> Any:
    """The exposition at /metrics; 404 elsewhere (a typo in a scrape config should not look like a booth)."""

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/metrics":
            return app(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"Not found: the metrics are at /metrics\n"]

    return serve


def _server_class(host: str, port: int) -> type[ThreadingWSGIServer]:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]

    class Server(ThreadingWSGIServer):
        address_family = family

    return Server


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # a scrape a minute is no news
        pass
