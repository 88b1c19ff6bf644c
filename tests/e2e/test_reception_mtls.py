"""Booths authenticate: the booth's real sender against `kiosk reception-server` over mutual TLS.

The test makes a private CA, a server certificate and booth certificates (CN = booth id) with `cryptography`,
starts the server from the command line as an operator would, and sends with HttpSubmitter as a booth does.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.devices.submitter import HttpSubmitter, encode_multipart
from kiosk.flow.application import Application
from kiosk.server.reception import sample_jpeg
from kiosk.store.crypto import ensure_key
from kiosk.store.outbox import Outbox
from tests.helpers.pki import Issued, TestCA

ROOT = Path(__file__).resolve().parents[2]
BOOTH_ID = "booth-0042"
PHOTO = sample_jpeg(seed=11)


class Server:
    """`kiosk reception-server` in a child process; .url once it says where it listens."""

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "reception-server", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("reception server on "), line + self.proc.stderr.read()  # type: ignore[union-attr]
        self.url = line.split()[3].rstrip(",")
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("pki")
    ca = TestCA(folder / "ca")
    other = TestCA(folder / "other", "Someone else's CA")
    return {
        "ca": ca,
        "server": ca.issue("reception", ["reception.test"], server=True),
        "booth": ca.issue(BOOTH_ID, [BOOTH_ID]),
        "other_booth": ca.issue("booth-0099", ["booth-0099"]),
        "two_names": ca.issue("two-names", [BOOTH_ID, "booth-0099"]),
        "expired": ca.issue("expired", [BOOTH_ID], expired=True),
        "foreign": other.issue("foreign", [BOOTH_ID]),
    }


@pytest.fixture(scope="module")
def server(pki: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    cert = pki["server"]
    ca = pki["ca"]
    assert isinstance(cert, Issued) and isinstance(ca, TestCA)
    store = tmp_path_factory.mktemp("store")
    srv = Server(["--store", str(store), "--cert", str(cert.cert), "--key", str(cert.key),
                  "--client-ca", str(ca.path), "--enable-count"])
    yield srv
    assert srv.stop() == 0


class Booth:
    """One booth's outbox and its sender with a given client certificate."""

    def __init__(self, root: Path, url: str, ca: TestCA, client: Issued | None) -> None:
        root.mkdir()
        self.db = root / "outbox.db"
        self.key = ensure_key(root / "outbox.key")
        self.outbox = Outbox(self.db, self.key)
        self.sender = HttpSubmitter(
            self.db, self.key, url, timeout_s=5.0, ca_file=str(ca.path),
            client_cert=str(client.cert) if client else "", client_key=str(client.key) if client else "",
            backoff_initial_s=30.0, backoff_max_s=60.0,
        )

    def put(self, booth_id: str = BOOTH_ID) -> str:
        envelope = uuid.uuid4().hex
        app = Application("12345678901234567890123", dt.date(1980, 1, 2), True, True, False, booth_id,
                          dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=9))))
        self.outbox.put(envelope, str(uuid.uuid4()), app.to_json(), PHOTO, "RC-" + envelope[:6])
        return envelope

    def close(self) -> None:
        self.sender.stop()
        self.outbox.close()


def _booth(tmp_path: Path, server: Server, pki: dict[str, object], cert: str | None) -> Booth:
    ca = pki["ca"]
    client = pki[cert] if cert else None
    assert isinstance(ca, TestCA)
    assert client is None or isinstance(client, Issued)
    return Booth(tmp_path / (cert or "anonymous"), server.url, ca, client)


def test_a_booth_with_its_own_certificate_is_received(qtbot, tmp_path: Path, server: Server,  # type: ignore[no-untyped-def]
                                                      pki: dict[str, object]) -> None:
    booth = _booth(tmp_path, server, pki, "booth")
    try:
        envelope = booth.put()
        with qtbot.waitSignal(booth.sender.delivered, timeout=20000,
                              check_params_cb=lambda e, _n: e == envelope) as blocker:
            booth.sender.start()
        assert str(blocker.args[1]).startswith("R")
        assert booth.outbox.depth() == 0
    finally:
        booth.close()


def test_a_certificate_for_another_booth_is_refused_403(qtbot, tmp_path: Path, server: Server,  # type: ignore[no-untyped-def]
                                                        pki: dict[str, object]) -> None:
    """403 says the booth is misconfigured, not that the application is wrong: the booth keeps it and alarms."""
    before = _count(server, pki)
    booth = _booth(tmp_path, server, pki, "other_booth")  # booth-0099's certificate, booth-0042's application
    try:
        envelope = booth.put()
        with qtbot.waitSignal(booth.sender.attempt_failed, timeout=20000,
                              check_params_cb=lambda e, _r: e == envelope) as blocker:
            booth.sender.start()
        assert "403" in blocker.args[1]
        assert booth.outbox.depth() == 1  # kept, to be sent once the certificate is right
        assert "reception API" in booth.sender.health.detail  # the sender's alarm
    finally:
        booth.close()
    assert _count(server, pki) == before


@pytest.mark.parametrize("cert", [None, "foreign", "expired", "two_names"])
def test_without_a_valid_booth_certificate_nothing_is_received(qtbot, tmp_path: Path, server: Server,  # type: ignore[no-untyped-def]
                                                               pki: dict[str, object], cert: str | None) -> None:
    before = _count(server, pki)
    booth = _booth(tmp_path, server, pki, cert)
    try:
        envelope = booth.put()
        with qtbot.waitSignal(booth.sender.attempt_failed, timeout=20000,
                              check_params_cb=lambda e, _r: e == envelope) as blocker:
            booth.sender.start()
        if cert == "two_names":  # a valid certificate that names two booths names none: 403
            assert "403" in blocker.args[1]
        assert booth.outbox.depth() == 1  # the TLS handshake failed, or 403: the row stays queued for a retry
    finally:
        booth.close()
    assert _count(server, pki) == before


def _https(server: Server, pki: dict[str, object], client: str | None) -> http.client.HTTPSConnection:
    ca = pki["ca"]
    assert isinstance(ca, TestCA)
    context = ssl.create_default_context(cafile=str(ca.path))
    if client:
        issued = pki[client]
        assert isinstance(issued, Issued)
        context.load_cert_chain(str(issued.cert), str(issued.key))
    return http.client.HTTPSConnection("127.0.0.1", server.port, timeout=10, context=context)


def _count(server: Server, pki: dict[str, object]) -> int:
    conn = _https(server, pki, "booth")
    try:
        conn.request("GET", "/v1/applications/count")
        response = conn.getresponse()
        assert response.status == 200
        return int(json.loads(response.read())["count"])
    finally:
        conn.close()


def test_reading_the_count_needs_a_booth_certificate(server: Server, pki: dict[str, object]) -> None:
    assert _count(server, pki) >= 0
    conn = _https(server, pki, None)
    with pytest.raises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
        conn.request("GET", "/v1/applications/count")
        conn.getresponse()
    conn.close()


def test_bad_tls_files_stop_the_command_with_status_2(tmp_path: Path, pki: dict[str, object]) -> None:
    cert = pki["server"]
    assert isinstance(cert, Issued)
    for args, expected in (
        (["--cert", str(tmp_path / "missing.crt"), "--key", str(cert.key)], "cannot start"),
        (["--cert", str(cert.cert), "--key", str(pki["booth"].key)], "cannot start"),  # type: ignore[attr-defined]
        (["--client-ca", str(cert.cert)], "--client-ca needs --cert"),
    ):
        proc = subprocess.run([sys.executable, "-m", "kiosk", "reception-server", "--port", "0",
                               "--store", str(tmp_path / "s"), *args], capture_output=True, text=True, timeout=60,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 2, proc.stderr
        assert expected in proc.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_certificates_issued_as_docs_deploy_says_are_accepted(tmp_path: Path, pki: dict[str, object]) -> None:
    """Runs the openssl block of docs/deploy.md as written, then a booth uses what it made."""
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = text.split("<!-- booth-certificates")[1].split("```sh\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "issued"
    folder.mkdir()
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=folder, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    cert = pki["server"]
    ca = pki["ca"]
    assert isinstance(cert, Issued) and isinstance(ca, TestCA)
    srv = Server(["--store", str(tmp_path / "store"), "--cert", str(cert.cert), "--key", str(cert.key),
                  "--client-ca", str(folder / "booth-ca.crt")])
    try:
        for booth_id, expected in ((BOOTH_ID, 201), ("booth-0043", 403)):
            context = ssl.create_default_context(cafile=str(ca.path))
            context.load_cert_chain(str(folder / f"{BOOTH_ID}.crt"), str(folder / f"{BOOTH_ID}.key"))
            application = json.dumps({
                "application_id": "12345678901234567890123", "birth_date": "1980-01-02",
                "signature_certificate": True, "user_certificate": True, "braille": False, "booth_id": booth_id,
                "captured_at": "2026-11-29T09:30:15+09:00", "photo_exception": None}).encode()
            content_type, body = encode_multipart([("application", "", "application/json", application),
                                                   ("photo", "photo.jpg", "image/jpeg", PHOTO)])
            conn = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=10, context=context)
            conn.request("POST", "/v1/applications", body=body,
                         headers={"Content-Type": content_type, "Idempotency-Key": str(uuid.uuid4())})
            response = conn.getresponse()
            assert response.status == expected, response.read()
            conn.close()
    finally:
        assert srv.stop() == 0
