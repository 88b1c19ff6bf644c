"""Unit tests for kiosk.server.reception: the API's validation, idempotency across restarts, faults, the CLI."""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.devices.submitter import encode_multipart
from kiosk.server.form import Part, parse_form
from kiosk.server.reception import ReceptionServer, RequestRefused, sample_jpeg

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
    status, body = post(server, key=str(key).upper())
    assert status == 201
    assert post(server, key=f" {key} ") == (200, body)


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


def test_parse_form_rejects_garbage() -> None:
    content_type, body = encode_multipart(
        [("a", "", "text/plain", b"x\r\n--y"), ("b", "f", "image/jpeg", b"\0\1")]
    )
    assert parse_form(content_type, body) == {
        "a": [Part("a", "text/plain", b"x\r\n--y")],
        "b": [Part("b", "image/jpeg", b"\0\1")],
    }
    for broken in (body[:-4], body[5:], body.replace(b"Content-Disposition", b"X"), b""):
        with pytest.raises(RequestRefused):
            parse_form(content_type, broken)


def test_faults_and_refusals(server: ReceptionServer) -> None:
    server.faults.fail_next_503 = 1
    assert post(server)[0] == 503
    server.faults.refuse_id(APP_ID)
    status, body = post(server)
    assert status == 422 and body["reason"] == "application_id_no_longer_valid"
    assert "市区町村" in body["message_ja"] and "municipality" in body["message_en"]
    server.faults.clear()
    assert post(server)[0] == 201


def request(srv: ReceptionServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        raw = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(raw) if raw else {}
    finally:
        conn.close()


def test_health_and_count(tmp_path: Path) -> None:
    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store", count_enabled=True)
    srv.start()
    try:
        post(srv)
        assert request(srv, "GET", "/healthz")[::2] == (200, {"status": "ok"})
        assert request(srv, "GET", "/v1/applications/count")[::2] == (200, {"count": 1})
    finally:
        srv.stop()


def test_count_is_off_by_default(server: ReceptionServer) -> None:
    status, _, body = request(server, "GET", "/v1/applications/count")
    assert (status, body["reason"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/v1/applications", "POST"),
        ("DELETE", "/v1/applications", "POST"),
        ("PATCH", "/v1/applications", "POST"),
        ("TRACE", "/v1/applications", "POST"),
        ("OPTIONS", "/v1/applications", "POST"),
        ("GET", "/v1/applications", "POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("DELETE", "/healthz", "GET, HEAD"),
    ],
)
def test_undeclared_methods_are_405_with_allow(server: ReceptionServer, method: str, path: str, allow: str) -> None:
    status, headers, body = request(server, method, path)
    assert (status, body["reason"]) == (405, "method_not_allowed")
    assert set(headers["allow"].split(", ")) == set(allow.split(", "))  # Starlette's order is a set's
    assert headers["content-type"].startswith("application/json")
    assert body["message_ja"] and body["message_en"]


def test_unknown_paths_are_404_json(server: ReceptionServer) -> None:
    for method, path in (("GET", "/"), ("POST", "/v1/applications/"), ("GET", "/v1/applicationsX")):
        status, headers, body = request(server, method, path)
        assert (status, body["reason"]) == (404, "not_found"), path
        assert headers["content-type"].startswith("application/json")


def test_reserialized_application_under_the_same_key_is_the_same(server: ReceptionServer) -> None:
    key = str(uuid.uuid4())
    status, first = post(server, key=key)
    assert status == 201
    reordered = json.dumps(dict(reversed(list(APPLICATION.items()))), indent=2, ensure_ascii=True).encode()
    assert reordered != json.dumps(APPLICATION).encode()
    assert post(server, reordered, key=key) == (200, first)
    assert post(server, b"\n  " + json.dumps(APPLICATION, separators=(",", ":")).encode() + b"\n", key=key) == (
        200, first)
    status, body = post(server, photo=sample_jpeg(seed=4), key=key)  # same application, another photo
    assert (status, body["reason"]) == (409, "idempotency_key_reused")
    assert server.received == 1


def test_keys_stored_by_the_old_server_still_replay(tmp_path: Path) -> None:
    """Folders written with the raw-bytes digest of the hand-written server are re-digested at start."""
    import hashlib

    raw = json.dumps(APPLICATION).encode()
    folder = tmp_path / "store" / "R261129-000007"
    folder.mkdir(parents=True)
    (folder / "application.json").write_bytes(raw)
    (folder / "photo.jpg").write_bytes(PHOTO)
    old_digest = hashlib.sha256(hashlib.sha256(raw).digest() + hashlib.sha256(PHOTO).digest()).hexdigest()
    key = str(uuid.uuid4())
    (folder / "meta.json").write_text(json.dumps({"idempotency_key": key, "digest": old_digest, "received_at": 0}))
    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store")
    srv.start()
    try:
        assert post(srv, json.dumps(APPLICATION, indent=1).encode(), key=key) == (
            200, {"reception_number": "R261129-000007"})
        assert post(srv, {**APPLICATION, "braille": True}, key=key)[0] == 409
    finally:
        srv.stop()


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"captured_at": "2026-11-29T09:00:00"}, 400),  # no UTC offset
        ({"captured_at": "2026-11-29 09:00:00+09:00"}, 400),  # not RFC 3339
        ({"captured_at": "2026-11-29T09:00:00+0900"}, 400),
        ({"captured_at": "2026-13-29T09:00:00Z"}, 400),
        ({"captured_at": "2026-11-29T00:00:00Z"}, 201),
        ({"captured_at": "2026-11-29t09:00:00.123456-03:30"}, 201),
        ({"birth_date": "1868-10-22"}, 400),  # before the era table the booth offers
        ({"birth_date": "1868-10-23"}, 201),
        ({"booth_id": "booth\n42"}, 400),
        ({"booth_id": "x" * 65}, 400),
        ({"booth_id": "ブース 42"}, 201),
    ],
)
def test_field_rules_as_the_spec_states_them(server: ReceptionServer, changes: dict[str, Any], status: int) -> None:
    got, body = post(server, {**APPLICATION, **changes})
    assert got == status, body
    if status == 400:
        assert body["reason"] == "invalid_application"


def test_birth_date_today_anywhere_is_not_in_the_future() -> None:
    import datetime as dt

    from kiosk.server.rules import check_application

    latest = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    assert check_application({**APPLICATION, "birth_date": latest.isoformat()})
    with pytest.raises(RequestRefused):
        check_application({**APPLICATION, "birth_date": (latest + dt.timedelta(days=1)).isoformat()})


def test_extra_form_parts_are_ignored_duplicates_refused(server: ReceptionServer) -> None:
    app_bytes = json.dumps(APPLICATION).encode()
    base = [("application", "", "application/json", app_bytes), ("photo", "photo.jpg", "image/jpeg", PHOTO)]
    for parts, status in (
        ([*base, ("note", "", "text/plain", b"hello"), ("thumb", "t.png", "image/png", b"\x89PNG")], 201),
        ([*base, ("application", "", "application/json", app_bytes)], 400),
        ([*base, ("photo", "photo.jpg", "image/jpeg", PHOTO)], 400),
    ):
        content_type, body = encode_multipart(parts)
        got, _, answer = request(server, "POST", "/v1/applications", body,
                                 {"Content-Type": content_type, "Idempotency-Key": str(uuid.uuid4())})
        assert got == status, answer
    assert server.received == 1


def test_non_latin1_boundary_is_refused_not_a_crash(server: ReceptionServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.putrequest("POST", "/v1/applications")
        conn.putheader("Content-Type", "multipart/form-data; boundary=\u3042".encode())
        conn.putheader("Idempotency-Key", str(uuid.uuid4()))
        conn.putheader("Content-Length", "4")
        conn.endheaders(b"abcd")
        response = conn.getresponse()
        assert (response.status, json.loads(response.read())["reason"]) == (400, "malformed_request")
    finally:
        conn.close()


def test_fifty_concurrent_submissions_are_all_answered(server: ReceptionServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _i: post(server), range(50)))
    assert [status for status, _ in answers] == [201] * 50
    assert len({body["reception_number"] for _, body in answers}) == 50
    assert server.received == 50


def test_same_key_at_once_is_stored_once(server: ReceptionServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    key = str(uuid.uuid4())
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _i: post(server, key=key), range(8)))
    assert sorted(status for status, _ in answers) == [200] * 7 + [201]
    assert len({body["reception_number"] for _, body in answers}) == 1
    assert server.received == 1


def _raw(srv: ReceptionServer, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    sock.sendall(data)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_stalled_body_is_answered_408_and_closed(tmp_path: Path) -> None:
    from kiosk.server.app import Limits

    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store", limits=Limits(body_idle_s=0.3, body_base_s=0.6))
    srv.start()
    try:
        started = time.monotonic()
        sock = _raw(srv, b"POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                         b"boundary=b\r\nIdempotency-Key: " + str(uuid.uuid4()).encode() +
                    b"\r\nContent-Length: 1000\r\n\r\nabc")
        answer = _read_all(sock)  # returns when the server closes the connection
        took = time.monotonic() - started
        sock.close()
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b"request_timeout" in answer and b"connection: close" in answer.lower()
        assert took < 15  # bounded by the limits (0.3 s idle), far below the 30 s of the hand-written server
        assert srv.received == 0
    finally:
        srv.stop()


def test_a_trickled_body_meets_the_total_deadline(tmp_path: Path) -> None:
    from kiosk.server.app import Limits

    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store",
                          limits=Limits(body_idle_s=5.0, body_base_s=0.5, body_min_rate=1e9))
    srv.start()
    try:
        sock = _raw(srv, b"POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        sock.settimeout(0.1)
        answer = b""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # one byte every 0.1 s: never idle, but far too slow
            try:
                sock.sendall(b"x")
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
        sock.close()
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:40]
    finally:
        srv.stop()


def test_a_stalled_request_head_is_closed(tmp_path: Path) -> None:
    from kiosk.server.app import Limits

    srv = ReceptionServer("127.0.0.1", 0, tmp_path / "store", limits=Limits(head_timeout_s=0.3))
    srv.start()
    try:
        started = time.monotonic()
        sock = _raw(srv, b"POST /v1/appl")
        assert _read_all(sock) == b""  # closed without an answer
        sock.close()
        assert time.monotonic() - started < 15
        idle = _raw(srv, b"")
        assert _read_all(idle) == b""
        idle.close()
    finally:
        srv.stop()


def test_default_limits_free_a_stalled_connection_well_within_30_s() -> None:
    from kiosk.server.app import Limits

    limits = Limits()
    assert limits.head_timeout_s < 30 and limits.body_idle_s < 30
    assert limits.body_base_s + 1000 / limits.body_min_rate < 30


def test_length_rules(server: ReceptionServer) -> None:
    content_type, _ = encode_multipart([("application", "", "application/json", b"{}")])
    sock = _raw(server, b"POST /v1/applications HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        b"Content-Type: " + content_type.encode() + b"\r\n\r\n0\r\n\r\n")
    assert _read_all(sock).startswith(b"HTTP/1.1 411 ")
    sock.close()
    sock = _raw(server, b"POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n")
    answer = _read_all(sock)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413 ") and b"too_large" in answer


def test_go_down_refuses_then_go_up_serves_on_the_same_port(server: ReceptionServer) -> None:
    port = server.port
    server.go_down()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    server.go_up()
    assert server.port == port
    assert post(server)[0] == 201


def test_drop_faults_close_without_an_answer(server: ReceptionServer) -> None:
    server.faults.drop_before_next = 1
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        post(server)
    assert server.received == 0
    server.faults.drop_after_store_next = 1
    key = str(uuid.uuid4())
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        post(server, key=key)
    assert server.received == 1
    assert post(server, key=key)[0] == 200  # the lost 201 is replayed


def test_importing_the_server_does_not_import_the_web_stack() -> None:
    """The booth imports kiosk.server.reception at start-up in simulator mode: Starlette and uvicorn wait."""
    code = ("import sys, kiosk.server.reception; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn', 'anyio', 'h11'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    assert out.strip() == "[]"


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


# Just inside and just outside each limit of the file (tests/helpers/jpegs.py pads a real JPEG to a length).
@pytest.mark.parametrize(
    ("n_bytes", "width", "accepted"),
    [
        (20 * 1024 - 1, 827, False), (20 * 1024, 827, True),
        (7 * 1024 * 1024, 827, True), (7 * 1024 * 1024 + 1, 827, False),
        (30_000, 814, False), (30_000, 815, True), (30_000, 839, True), (30_000, 840, False),
    ],
    ids=["20KB-1", "20KB", "7MB", "7MB+1", "w814", "w815", "w839", "w840"],
)
def test_photo_file_limits_just_inside_and_outside(
    server: ReceptionServer, n_bytes: int, width: int, accepted: bool
) -> None:
    from tests.helpers.jpegs import of_length

    status, body = post(server, photo=of_length(n_bytes, width, 1063))
    if accepted:
        assert status == 201, body
    else:
        assert (status, body["reason"]) == (422, "invalid_photo")
        assert server.received == 0
