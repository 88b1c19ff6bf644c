"""HttpSubmitter against the reference reception server on loopback: faults, idempotency, crash, TLS, erasure."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.devices.base import HealthState
from kiosk.devices.submitter import HttpSubmitter, Rejection
from kiosk.flow.application import Application
from kiosk.server.reception import ID_NO_LONGER_VALID, ReceptionServer, sample_jpeg
from kiosk.store.crypto import ensure_key
from kiosk.store.outbox import Outbox

APP_ID = "98765432109876543210123"
BIRTH = dt.date(1975, 3, 14)
PHOTO = sample_jpeg(seed=7)
REPO = Path(__file__).resolve().parents[2]
FAST = {"backoff_initial_s": 0.02, "backoff_max_s": 0.1}


def application(app_id: str = APP_ID) -> Application:
    return Application(
        app_id, BIRTH, True, False, True, "booth-test", dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)
    )


class Booth:
    """The booth side of a test: a key, the GUI thread's outbox and submitters on the same file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = root / "outbox.db"
        self.key = ensure_key(root / "outbox.key")
        self.outbox = Outbox(self.db, self.key)
        self.submitters: list[HttpSubmitter] = []

    def put(self, app_id: str = APP_ID) -> tuple[str, str]:
        envelope, idem = uuid.uuid4().hex, str(uuid.uuid4())
        self.outbox.put(envelope, idem, application(app_id).to_json(), PHOTO, "RC-" + envelope[:6])
        return envelope, idem

    def submitter(self, url: str, **kwargs: object) -> HttpSubmitter:
        options: dict[str, object] = {"timeout_s": 2.0, **FAST, **kwargs}
        sub = HttpSubmitter(self.db, self.key, url, **options)  # type: ignore[arg-type]
        self.submitters.append(sub)
        return sub

    def close(self) -> None:
        for sub in self.submitters:
            sub.stop()
        self.outbox.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ReceptionServer]:
    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "reception")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def booth(tmp_path: Path) -> Iterator[Booth]:
    b = Booth(tmp_path / "booth")
    yield b
    b.close()
    # nothing personal may stay behind in any outbox file, whatever the test did
    for path in b.root.iterdir():
        data = path.read_bytes()
        assert APP_ID.encode() not in data, path.name
        assert BIRTH.isoformat().encode() not in data, path.name
        assert PHOTO[1000:1064] not in data, path.name


def deliver(qtbot, sub: HttpSubmitter, envelope: str, timeout_ms: int = 8000) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(
        sub.delivered, timeout=timeout_ms, check_params_cb=lambda e, n: e == envelope
    ) as blocker:
        sub.start()
        sub.wake()
    return str(blocker.args[1])


def test_delivers_and_erases(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    envelope, _ = booth.put()
    sub = booth.submitter(server.url)
    number = deliver(qtbot, sub, envelope)
    assert number.startswith("R") and server.received == 1
    assert booth.outbox.depth() == 0
    record = booth.outbox.erasures()[0]
    assert (record.envelope_id, record.outcome, record.reception_number) == (envelope, "delivered", number)
    assert sub.health.state is HealthState.OK
    stored = server.store.root / number
    assert (stored / "photo.jpg").read_bytes() == PHOTO
    assert (stored / "application.json").read_bytes() == application().to_json()


def test_progress_reports_each_stage_in_order_with_the_bytes_sent(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    """connecting, uploading rising to the whole body, waiting while the server holds its answer, received, and
    only then delivered (one list for both signals: their order is the order the GUI thread saw them in)."""
    server.faults.delay_s, server.faults.delay_next = 0.5, 1  # the answer comes after a while
    envelope, _ = booth.put()
    sub = booth.submitter(server.url, timeout_s=5.0)
    seen: list[tuple[str, str, int, int]] = []
    sub.progress.connect(lambda e, stage, sent, total: seen.append((e, stage, sent, total)))
    sub.delivered.connect(lambda e, _n: seen.append((e, "delivered", 0, 0)))
    deliver(qtbot, sub, envelope)
    assert {e for e, *_ in seen} == {envelope}
    stages = [stage for _, stage, _, _ in seen]
    first_upload, last_upload = stages.index("uploading"), len(stages) - 1 - stages[::-1].index("uploading")
    assert stages[:first_upload] == ["connecting"]
    assert set(stages[first_upload : last_upload + 1]) == {"uploading"}
    assert stages[last_upload + 1 :] == ["waiting", "received", "delivered"]
    uploads = [(sent, total) for _, stage, sent, total in seen if stage == "uploading"]
    total = uploads[0][1]
    assert total > len(PHOTO) and {t for _, t in uploads} == {total}
    sent = [s for s, _ in uploads]
    assert sent[0] == 0 and sent[-1] == total and sent == sorted(sent)
    assert any(0 < s < total for s in sent), "a body of several pieces is seen part-way"
    assert len(uploads) <= 22


def test_a_failed_attempt_reports_no_answer_received(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.go_down()
    booth.put()
    sub = booth.submitter(server.url)
    seen: list[str] = []
    sub.progress.connect(lambda _e, stage, _s, _t: seen.append(stage))
    with qtbot.waitSignal(sub.attempt_failed, timeout=5000):
        sub.start()
    assert seen[:1] == ["connecting"] and "received" not in seen


def test_server_down_then_up(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.go_down()
    booth.put()
    sub = booth.submitter(server.url)
    with qtbot.waitSignal(sub.attempt_failed, timeout=5000):
        sub.start()
    qtbot.waitUntil(lambda: sub.health.state is HealthState.DOWN, timeout=2000)
    assert booth.outbox.depth() == 1
    with qtbot.waitSignal(sub.delivered, timeout=8000):
        server.go_up()
    assert server.received == 1 and sub.health.state is HealthState.OK
    assert booth.outbox.erasures()[0].attempts >= 2


def test_503s_are_retried(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.fail_next_503 = 3
    envelope, _ = booth.put()
    sub = booth.submitter(server.url)
    failures: list[str] = []
    sub.attempt_failed.connect(lambda e, reason: failures.append(reason))
    deliver(qtbot, sub, envelope)
    assert failures == ["HTTP 503"] * 3
    assert server.received == 1 and server.requests == 4


def test_slow_answer_times_out_and_replay_is_idempotent(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.delay_s, server.faults.delay_next = 1.5, 1  # stored, then answered too late
    envelope, _ = booth.put()
    sub = booth.submitter(server.url, timeout_s=0.4)
    failures: list[str] = []
    sub.attempt_failed.connect(lambda e, reason: failures.append(reason))
    number = deliver(qtbot, sub, envelope)
    assert failures in (["timeout"], ["deadline"])  # the read timed out, or the whole request's deadline came first
    assert server.received == 1 and server.requests == 2
    assert server.store.numbers() == [number]


def test_dropped_connections(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.drop_before_next = 2
    envelope, _ = booth.put()
    sub = booth.submitter(server.url)
    failures: list[str] = []
    sub.attempt_failed.connect(lambda e, reason: failures.append(reason))
    deliver(qtbot, sub, envelope)
    assert len(failures) == 2 and all(f.startswith("connection error") for f in failures)
    assert server.received == 1


def test_lost_201_is_replayed_to_the_same_number(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.drop_after_store_next = 1
    envelope, _ = booth.put()
    sub = booth.submitter(server.url)
    failures: list[str] = []
    sub.attempt_failed.connect(lambda e, reason: failures.append(reason))
    number = deliver(qtbot, sub, envelope)
    assert len(failures) == 1
    assert server.received == 1 and server.store.numbers() == [number]
    assert len([p for p in server.store.root.iterdir() if p.is_dir()]) == 1


def test_4xx_is_final_and_erases(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.refuse_id(APP_ID)
    envelope, _ = booth.put()
    sub = booth.submitter(server.url)
    details: list[Rejection] = []
    sub.rejection_received.connect(lambda e, r: details.append(r))
    with qtbot.waitSignal(sub.rejected, timeout=5000) as blocker:
        sub.start()
    assert blocker.args == [envelope, 422, ID_NO_LONGER_VALID.message_ja]
    assert details == [
        Rejection(
            422, ID_NO_LONGER_VALID.reason, ID_NO_LONGER_VALID.message_ja, ID_NO_LONGER_VALID.message_en
        )
    ]
    assert server.received == 0 and booth.outbox.depth() == 0
    record = booth.outbox.erasures()[0]
    assert (record.outcome, record.status, record.reason) == ("rejected", 422, ID_NO_LONGER_VALID.reason)
    assert server.requests == 1  # never retried


def test_many_applications_each_once_with_faults(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.fail_next_503, server.faults.drop_after_store_next, server.faults.drop_before_next = 2, 2, 1
    ids = [f"{n:023d}" for n in range(1, 7)]
    envelopes = {booth.put(app_id)[0] for app_id in ids}
    sub = booth.submitter(server.url)
    seen: set[str] = set()
    sub.delivered.connect(lambda e, n: seen.add(e))
    sub.start()
    qtbot.waitUntil(lambda: seen == envelopes, timeout=10000)
    assert server.received == len(ids) and booth.outbox.depth() == 0
    stored_ids = sorted(
        json.loads((p / "application.json").read_bytes())["application_id"]
        for p in server.store.root.iterdir()
    )
    assert stored_ids == ids


def test_restart_sends_what_the_outbox_holds(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.go_down()
    envelope, _ = booth.put()
    first = booth.submitter(server.url)
    with qtbot.waitSignal(first.attempt_failed, timeout=5000):
        first.start()
    first.stop()
    server.go_up()
    second = booth.submitter(server.url)
    deliver(qtbot, second, envelope)
    assert server.received == 1


_CHILD = """
import sys, threading
from pathlib import Path
from kiosk.devices.submitter import HttpSubmitter
sub = HttpSubmitter(Path(sys.argv[1]), Path(sys.argv[2]).read_bytes(), sys.argv[3], timeout_s=30.0)
sub.start()
print("started", flush=True)
threading.Event().wait()
"""


def test_crash_while_waiting_is_resent_exactly_once(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.delay_s, server.faults.delay_next = 60.0, 1
    envelope, _ = booth.put()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(booth.db), str(booth.root / "outbox.key"), server.url],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        qtbot.waitUntil(lambda: server.received == 1, timeout=10000)  # stored; the answer is being delayed
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=5) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert booth.outbox.depth() == 1  # the killed sender had not confirmed
    number = deliver(qtbot, booth.submitter(server.url), envelope)
    assert server.received == 1 and server.requests == 2
    assert server.store.numbers() == [number]


# --- TLS ---


def _certificate(path: Path, name: str, *, server: bool) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
    cert = builder.sign(key, hashes.SHA256())
    cert_path, key_path = path / f"{name}.crt", path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "tls"
    folder.mkdir()
    server_cert, server_key = _certificate(folder, "reception", server=True)
    client_cert, client_key = _certificate(folder, "booth-test", server=False)  # CN = the booth_id it sends
    return {
        "server_cert": server_cert,
        "server_key": server_key,
        "client_cert": client_cert,
        "client_key": client_key,
    }


def test_tls_verifies_the_server(qtbot, tmp_path: Path, booth: Booth, tls: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    srv = ReceptionServer(
        "127.0.0.1",
        0,
        tmp_path / "tls-reception",
        certfile=str(tls["server_cert"]),
        keyfile=str(tls["server_key"]),
    )
    srv.start()
    try:
        assert srv.url.startswith("https://")
        envelope, _ = booth.put()
        untrusting = booth.submitter(srv.url)
        with qtbot.waitSignal(untrusting.attempt_failed, timeout=5000) as blocker:
            untrusting.start()
        assert blocker.args[1] == "server certificate not trusted"
        untrusting.stop()
        assert srv.received == 0
        trusting = booth.submitter(srv.url, ca_file=str(tls["server_cert"]))
        deliver(qtbot, trusting, envelope)
        assert srv.received == 1
    finally:
        srv.stop()


def test_tls_client_certificate_required(qtbot, tmp_path: Path, booth: Booth, tls: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    srv = ReceptionServer(
        "127.0.0.1",
        0,
        tmp_path / "mtls-reception",
        certfile=str(tls["server_cert"]),
        keyfile=str(tls["server_key"]),
        client_ca=str(tls["client_cert"]),
    )
    srv.start()
    try:
        envelope, _ = booth.put()
        anonymous = booth.submitter(srv.url, ca_file=str(tls["server_cert"]))
        with qtbot.waitSignal(anonymous.attempt_failed, timeout=5000):
            anonymous.start()
        anonymous.stop()
        assert srv.received == 0
        known = booth.submitter(
            srv.url,
            ca_file=str(tls["server_cert"]),
            client_cert=str(tls["client_cert"]),
            client_key=str(tls["client_key"]),
        )
        deliver(qtbot, known, envelope)
        assert srv.received == 1
    finally:
        srv.stop()


def test_row_sealed_under_another_key_is_kept(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    envelope, _ = booth.put()
    sub = HttpSubmitter(booth.db, os.urandom(32), server.url, **FAST)  # type: ignore[arg-type]
    booth.submitters.append(sub)
    with qtbot.waitSignal(sub.attempt_failed, timeout=5000) as blocker:
        sub.start()
    assert blocker.args == [envelope, "cannot be decrypted"]
    assert sub.health.state is HealthState.DEGRADED
    assert sub.health.detail == "a queued application cannot be decrypted"  # what the technician is shown
    assert booth.outbox.depth() == 1 and server.requests == 0
    booth.outbox.reject(envelope, 0, "test clean-up")


def test_stuck_alarm_counts_old_rows(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.go_down()
    booth.put()
    now = [time.time()]
    sub = booth.submitter(server.url, stuck_alarm_s=60.0, clock=lambda: now[0], backoff_initial_s=1000.0)
    with qtbot.waitSignal(sub.queue_changed, timeout=5000):
        sub.start()
    assert sub.queue_status().depth == 1 and not sub.queue_status().alarm
    now[0] += 120.0
    with qtbot.waitSignal(sub.queue_changed, timeout=5000):
        sub.wake()
    status = sub.queue_status()
    assert status.alarm and status.stuck == 1 and status.oldest_age_s >= 120.0


@pytest.mark.parametrize(
    "url",
    ["http://reception.example.jp", "ftp://127.0.0.1", "reception.example.jp", "https://", "http://[::1"],
)
def test_bad_urls_show_as_health(booth: Booth, url: str) -> None:
    sub = booth.submitter(url)
    sub.start()
    assert sub.health.state is HealthState.DOWN and sub.health.detail.startswith(
        ("submission url", "plain http")
    )
    sub.stop()


def test_a_tls_set_up_that_fails_shows_down_and_sends_nothing(booth: Booth, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"  # a CA file named in the configuration that is not there
    sub = booth.submitter("https://127.0.0.1:9", ca_file=str(missing))
    sub.start()
    assert sub.health.state is HealthState.DOWN
    assert sub.health.detail == "TLS set-up failed: FileNotFoundError"
    assert not sub._worker.started  # nothing is sent without the TLS the configuration asks for
    sub.stop()


def test_stop_aborts_a_request_in_flight(qtbot, server: ReceptionServer, booth: Booth) -> None:  # type: ignore[no-untyped-def]
    server.faults.delay_s, server.faults.delay_next = 60.0, 1
    booth.put()
    sub = booth.submitter(server.url, timeout_s=30.0)
    sub.start()
    qtbot.waitUntil(lambda: server.received == 1, timeout=5000)
    started = time.monotonic()
    sub.stop()
    assert time.monotonic() - started < 2.0
    assert booth.outbox.depth() == 1  # still queued: the next start resends it under the same key
    booth.outbox.reject(booth.outbox.pending()[0].envelope_id, 0, "test clean-up")
