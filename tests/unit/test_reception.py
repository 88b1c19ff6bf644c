"""Unit tests for kiosk.server.reception: the API's validation, idempotency across restarts, faults, the CLI."""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.devices.submitter import encode_multipart
from kiosk.server.reception import ReceptionServer, parse_multipart, sample_jpeg

REPO = Path(__file__).resolve().parents[2]
APP_ID = "55554444333322221111000"
PHOTO = sample_jpeg(seed=3)
APPLICATION: dict[str, Any] = {
    "application_id": APP_ID,
    "birth_date": "1988-02-29",
    "signature_certificate": True,
    "user_certificate": True,
    "braille": False,
    "booth_id": "booth-0042",
    "captured_at": "2026-11-29T09:00:00+09:00",
    "photo_exception": None,
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ReceptionServer]:
    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store")
    srv.start()
    yield srv
    srv.stop()


def post(
    srv: ReceptionServer,
    application: dict[str, Any] | bytes | None = None,
    photo: bytes | None = PHOTO,
    key: str | None = None,
    photo_type: str = "image/jpeg",
) -> tuple[int, dict[str, Any]]:
    app_bytes = (
        application if isinstance(application, bytes) else json.dumps(application or APPLICATION).encode()
    )
    parts = [("application", "", "application/json", app_bytes)]
    if photo is not None:
        parts.append(("photo", "photo.jpg", photo_type, photo))
    content_type, body = encode_multipart(parts)
    headers = {"Content-Type": content_type}
    if key != "":
        headers["Idempotency-Key"] = key or str(uuid.uuid4())
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        conn.request("POST", "/v1/applications", body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def jpeg(width: int, height: int, mode: str = "RGB", fmt: str = "JPEG", quality: int = 30) -> bytes:
    img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).convert(mode)
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return out.getvalue()


def test_accepts_then_replays(server: ReceptionServer) -> None:
    key = str(uuid.uuid4())
    status, body = post(server, key=key)
    assert status == 201 and body["reception_number"].startswith("R")
    assert post(server, key=key) == (200, body)
    assert server.received == 1 and server.requests == 2
    folder = server.store.root / body["reception_number"]
    assert json.loads((folder / "application.json").read_bytes()) == APPLICATION
    assert (folder / "photo.jpg").read_bytes() == PHOTO


def test_key_forms_are_one_key(server: ReceptionServer) -> None:
    key = uuid.uuid4()
    status, body = post(server, key=key.hex.upper())
    assert status == 201
    assert post(server, key=str(key)) == (200, body)


def test_reused_key_with_other_content_is_a_conflict(server: ReceptionServer) -> None:
    key = str(uuid.uuid4())
    assert post(server, key=key)[0] == 201
    status, body = post(server, {**APPLICATION, "braille": True}, key=key)
    assert status == 409 and body["reason"] == "idempotency_key_reused"


def test_numbers_and_keys_survive_a_restart(tmp_path: Path) -> None:
    first = ReceptionServer("127.0.0.1", 0, tmp_path / "store")
    first.start()
    key = str(uuid.uuid4())
    _, one = post(first, key=key)
    first.stop()
    second = ReceptionServer("127.0.0.1", 0, tmp_path / "store")
    second.start()
    try:
        assert post(second, key=key) == (200, one)
        _, two = post(second)
        assert two["reception_number"][:-6] == one["reception_number"][:-6]
        assert int(two["reception_number"][-6:]) == int(one["reception_number"][-6:]) + 1
        assert second.received == 2
    finally:
        second.stop()


@pytest.mark.parametrize(
    "changes",
    [
        {"application_id": APP_ID[:-1]},
        {"application_id": APP_ID + "1"},
        {"application_id": int(APP_ID)},
        {"birth_date": "1988/02/29"},
        {"birth_date": "1987-02-29"},
        {"birth_date": "2999-01-01"},
        {"signature_certificate": "true"},
        {"braille": 1},
        {"booth_id": ""},
        {"captured_at": "yesterday"},
        {"photo_exception": {"kind": "vanity", "overridden_checks": []}},
        {"photo_exception": {"kind": "medical"}},
        {"photo_exception": "medical"},
        {"extra": 1},
    ],
)
def test_invalid_application_fields(server: ReceptionServer, changes: dict[str, Any]) -> None:
    status, body = post(server, {**APPLICATION, **changes})
    assert status == 400 and body["reason"] == "invalid_application"
    assert body["message_ja"] and body["message_en"]
    assert APP_ID not in json.dumps(body)
    assert server.received == 0


def test_missing_field_and_bad_json(server: ReceptionServer) -> None:
    without = {k: v for k, v in APPLICATION.items() if k != "birth_date"}
    assert post(server, without)[1]["reason"] == "invalid_application"
    assert post(server, b"{not json")[1]["reason"] == "invalid_application"
    assert post(server, b"[]")[1]["reason"] == "invalid_application"


def test_exception_accepted(server: ReceptionServer) -> None:
    exception = {"kind": "religious", "overridden_checks": ["head_covering"]}
    assert post(server, {**APPLICATION, "photo_exception": exception})[0] == 201


@pytest.mark.parametrize(
    ("photo", "photo_type", "status"),
    [
        (jpeg(827, 1063, fmt="PNG"), "image/jpeg", 422),
        (jpeg(827, 1063, mode="CMYK"), "image/jpeg", 422),
        (jpeg(827, 1063, mode="L", quality=90), "image/jpeg", 422),
        (jpeg(1000, 1000), "image/jpeg", 422),
        (jpeg(400, 514, quality=95), "image/jpeg", 422),
        (jpeg(827, 1063, quality=1)[:15000], "image/jpeg", 422),
        (PHOTO[: len(PHOTO) // 2], "image/jpeg", 422),
        (PHOTO, "image/png", 415),
    ],
    ids=["png", "cmyk", "grey", "square", "small_px", "small_bytes", "truncated", "wrong_type"],
)
def test_invalid_photos(server: ReceptionServer, photo: bytes, photo_type: str, status: int) -> None:
    got, body = post(server, photo=photo, photo_type=photo_type)
    assert (got, body["reason"]) == (status, "invalid_photo")
    assert server.received == 0


def test_photo_limits_accepted(server: ReceptionServer) -> None:
    assert post(server, photo=jpeg(480, 617, quality=95))[0] == 201  # smallest side, 35:45 within tolerance


def test_request_shape(server: ReceptionServer) -> None:
    assert post(server, photo=None)[1]["reason"] == "malformed_request"
    assert post(server, key="")[1]["reason"] == "invalid_idempotency_key"
    assert post(server, key="not-a-uuid")[1]["reason"] == "invalid_idempotency_key"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request(
        "POST",
        "/v1/applications",
        body=b"{}",
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert conn.getresponse().status == 415
    conn.close()


def test_parse_multipart_rejects_garbage() -> None:
    from kiosk.server.reception import RequestRefused

    content_type, body = encode_multipart(
        [("a", "", "text/plain", b"x\r\n--y"), ("b", "f", "image/jpeg", b"\0\1")]
    )
    assert parse_multipart(content_type, body) == {
        "a": ("text/plain", b"x\r\n--y"),
        "b": ("image/jpeg", b"\0\1"),
    }
    for broken in (body[:-4], body[5:], body.replace(b"Content-Disposition", b"X"), b""):
        with pytest.raises(RequestRefused):
            parse_multipart(content_type, broken)


def test_faults_and_refusals(server: ReceptionServer) -> None:
    server.faults.fail_next_503 = 1
    assert post(server)[0] == 503
    server.faults.refuse_id(APP_ID)
    status, body = post(server)
    assert status == 422 and body["reason"] == "application_id_no_longer_valid"
    assert "市区町村" in body["message_ja"] and "municipality" in body["message_en"]
    server.faults.clear()
    assert post(server)[0] == 201


def test_health_and_count(server: ReceptionServer) -> None:
    post(server)
    for path, expected in (("/healthz", {"status": "ok"}), ("/v1/applications/count", {"count": 1})):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        assert (response.status, json.loads(response.read())) == (200, expected)
        conn.close()


def test_logs_nothing_personal(server: ReceptionServer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="kiosk"):
        post(server)
        post(server, {**APPLICATION, "braille": "no"})
    assert APP_ID not in caplog.text and "1988-02-29" not in caplog.text


def test_cli_serves_until_sigterm(tmp_path: Path) -> None:
    code = "import sys; from kiosk.server.reception import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--port", "0", "--store", str(tmp_path / "cli-store")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split()[3].rstrip(",")
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
