"""What the sender makes of answers that are not the reception API's: proxies, markup, echoed IDs, slow drips.

A small stub server on loopback answers each POST with what the test scripted, so the real sender (HttpSubmitter
over a real outbox file) is what meets it.
"""

from __future__ import annotations

import http.server
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices.base import HealthState
from kiosk.devices.submitter import HttpSubmitter, interpret, plain_message, valid_reception_number
from kiosk.store.crypto import ensure_key
from kiosk.store.outbox import Outbox

APP_ID = "27182818284590452353602"
APP_JSON = json.dumps({"application_id": APP_ID, "birth_date": "1990-02-03"}).encode()
PHOTO = b"\xff\xd8" + bytes(range(256)) * 200 + b"\xff\xd9"
REFUSAL = {"reason": "invalid_photo", "message_ja": "写真が規格に合いません。", "message_en": "The photo breaks the rules."}


@dataclass
class Script:
    status: int = 201
    content_type: str = "application/json"
    body: bytes = b'{"reception_number": "R261202-000001"}'
    drip_s: float = 0.0  # > 0: send the body one byte at a time, this far apart
    requests: int = 0
    release: threading.Event = field(default_factory=threading.Event)


class Stub:
    def __init__(self) -> None:
        self.script = Script()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                script = stub.script
                script.requests += 1
                self.send_response(script.status)
                self.send_header("Content-Type", script.content_type)
                self.send_header("Content-Length", str(len(script.body)))
                self.end_headers()
                if script.drip_s <= 0:
                    self.wfile.write(script.body)
                    return
                for i in range(len(script.body)):
                    if script.release.wait(script.drip_s):
                        return
                    self.wfile.write(script.body[i : i + 1])
                    self.wfile.flush()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.script.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[tuple[Outbox, Path, bytes]]:
    key = ensure_key(tmp_path / "outbox.key")
    box = Outbox(tmp_path / "outbox.db", key)
    yield box, tmp_path / "outbox.db", key
    box.close()
    for path in tmp_path.iterdir():  # nothing the server echoed may stay behind
        assert APP_ID.encode() not in path.read_bytes(), path.name


def sender(stub: Stub, outbox: tuple[Outbox, Path, bytes], **kwargs: float) -> HttpSubmitter:
    _box, path, key = outbox
    options = {"timeout_s": 2.0, "backoff_initial_s": 30.0, "backoff_max_s": 60.0, **kwargs}
    return HttpSubmitter(path, key, stub.url, **options)  # type: ignore[arg-type]


def put(outbox: tuple[Outbox, Path, bytes]) -> str:
    envelope = uuid.uuid4().hex
    outbox[0].put(envelope, str(uuid.uuid4()), APP_JSON, PHOTO, "RC123456", txn="s1")
    return envelope


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (403, "text/html", b"<html><body>Forbidden by proxy</body></html>"),
        (401, "application/json", json.dumps(REFUSAL).encode()),  # the API never answers 401
        (404, "application/json", b'{"error": "not found"}'),
        (413, "text/html", b"<h1>413 Request Entity Too Large</h1>"),  # a proxy's limit, not the API's
        (422, "application/json", b'{"reason": "Not A Code!", "message_ja": "x", "message_en": "x"}'),
    ],
)
def test_an_answer_that_is_not_the_apis_refusal_is_retried_with_an_alarm(
    qtbot: QtBot, stub: Stub, outbox: tuple[Outbox, Path, bytes], status: int, content_type: str, body: bytes
) -> None:
    stub.script = Script(status=status, content_type=content_type, body=body)
    envelope = put(outbox)
    sub = sender(stub, outbox)
    rejected: list[str] = []
    sub.rejected.connect(lambda e, *_: rejected.append(e))
    try:
        with qtbot.waitSignal(sub.attempt_failed, timeout=8000) as blocker:
            sub.start()
        assert blocker.args[0] == envelope and f"HTTP {status}" in blocker.args[1]
        qtbot.waitUntil(lambda: sub.health.state is HealthState.DOWN, timeout=5000)
        assert "not the reception API" in sub.health.detail
    finally:
        sub.stop()
    assert rejected == []
    [pending] = outbox[0].pending()
    assert pending.envelope_id == envelope and pending.attempts == 1  # kept, to be tried again


def test_the_apis_own_refusal_is_final(qtbot: QtBot, stub: Stub, outbox: tuple[Outbox, Path, bytes]) -> None:
    stub.script = Script(status=422, body=json.dumps(REFUSAL).encode())
    envelope = put(outbox)
    sub = sender(stub, outbox)
    try:
        with qtbot.waitSignal(sub.rejected, timeout=8000) as blocker:
            sub.start()
    finally:
        sub.stop()
    assert blocker.args == [envelope, 422, REFUSAL["message_ja"]]
    assert outbox[0].depth() == 0 and outbox[0].erasures()[0].outcome == "rejected"


@pytest.mark.parametrize(
    "number",
    ["<span style='color:red;font-size:200px'>R-1</span>", APP_ID, f"R-{APP_ID}", "R" * 41, "R 1", "番号1"],
)
def test_a_reception_number_unfit_to_show_is_neither_shown_nor_kept(
    qtbot: QtBot, stub: Stub, outbox: tuple[Outbox, Path, bytes], number: str
) -> None:
    stub.script = Script(body=json.dumps({"reception_number": number}).encode())
    envelope = put(outbox)
    sub = sender(stub, outbox)
    try:
        with qtbot.waitSignal(sub.delivered, timeout=8000) as blocker:
            sub.start()
    finally:
        sub.stop()
    assert blocker.args == [envelope, ""]  # delivered (a retry would be told the same), without the number
    [record] = outbox[0].erasures()
    assert record.outcome == "delivered" and record.reception_number == ""
    assert stub.script.requests == 1


def test_a_dripping_server_is_cut_off_at_the_deadline(
    qtbot: QtBot, stub: Stub, outbox: tuple[Outbox, Path, bytes]
) -> None:
    """One byte every 0.5 s of a 40-byte answer would hold the sender 20 s; the whole request has timeout_s."""
    stub.script = Script(body=b'{"reception_number": "R261202-000001"}  ', drip_s=0.5)
    envelope = put(outbox)
    sub = sender(stub, outbox, timeout_s=1.0)
    try:
        with qtbot.waitSignal(sub.attempt_failed, timeout=6000) as blocker:
            sub.start()
    finally:
        sub.stop()
    assert blocker.args == [envelope, "deadline"]
    assert outbox[0].depth() == 1


@pytest.mark.parametrize(
    ("number", "fit"),
    [("R261202-000001", True), ("A", True), ("abc-123-XYZ", True), ("1" * 11, True), ("1" * 12, False),
     ("", False), ("-R1", False), ("R_1", False), ("R\n1", False), ("Ｒ１", False), ("x" * 40, True),
     ("x" * 41, False)],
)
def test_valid_reception_number(number: str, fit: bool) -> None:
    assert valid_reception_number(number) is fit


def test_plain_message_keeps_words_and_drops_what_could_hurt() -> None:
    assert plain_message("写真が\n規格に\x00合いません") == "写真が 規格に 合いません"
    assert plain_message(f"ID {APP_ID} は使えません") == "ID … は使えません"
    assert len(plain_message("あ" * 1000)) == 300
    assert plain_message("<b>bold</b>") == "<b>bold</b>"  # kept as text: the screens show it as plain text


def test_interpret_needs_the_json_body_for_a_final_refusal() -> None:
    body = json.dumps(REFUSAL).encode()
    assert interpret(422, body).kind == "rejected"
    assert interpret(422, body, "application/json; charset=utf-8").kind == "rejected"
    assert interpret(422, body, "text/html").kind == "failed"  # a page that happens to look like JSON
    assert interpret(403, body).kind == "failed" and interpret(403, body).unexpected
    assert interpret(503, body).kind == "failed" and not interpret(503, body).unexpected
    assert interpret(429, body).kind == "failed" and not interpret(429, body).unexpected


def test_an_unexpected_answer_says_what_was_wrong_with_it() -> None:
    """The alarm's text tells a proxy's bare 4xx from the API's body under a status the API never uses."""
    api_body = json.dumps({"reason": "invalid_photo", "message_ja": "写真", "message_en": "photo"}).encode()
    assert interpret(401, b"<html>login</html>", "text/html").reason == "HTTP 401, a refusal without the API's body"
    assert interpret(418, api_body).reason == "HTTP 418, a status the API does not declare"
    assert interpret(201, b"{}").reason == "HTTP 201 without a reception number"
    assert interpret(503, b"").reason == "HTTP 503"
