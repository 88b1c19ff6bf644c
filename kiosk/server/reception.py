"""The reference reception server: receives applications by the API of docs/api/openapi.yaml, with faults to inject."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image

from kiosk import log

_log = log.get("server")

MAX_BODY_BYTES = 10 * 1024 * 1024
PHOTO_MIN_BYTES = 20 * 1024
PHOTO_MAX_BYTES = 7 * 1024 * 1024
PHOTO_MIN_PX = 480
PHOTO_MAX_PX = 6000
PHOTO_ASPECT = 35 / 45
PHOTO_ASPECT_TOLERANCE = 0.015  # relative
EXCEPTION_KINDS = ("religious", "medical", "disability", "infant")
_FIELDS = (
    "application_id",
    "birth_date",
    "signature_certificate",
    "user_certificate",
    "braille",
    "booth_id",
    "captured_at",
    "photo_exception",
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER_DIR = re.compile(r"R(\d{6})-(\d{6})")  # R + YYMMDD + - + sequence: no 8-digit run, so logs keep it


@dataclass(frozen=True)
class Refusal:
    """A final (4xx) answer: the status and the body {"reason", "message_ja", "message_en"}."""

    status: int
    reason: str
    message_ja: str
    message_en: str

    def body(self) -> dict[str, str]:
        return {"reason": self.reason, "message_ja": self.message_ja, "message_en": self.message_en}


ID_NO_LONGER_VALID = Refusal(
    422,
    "application_id_no_longer_valid",
    "この申請書IDは、住所や氏名の変更などにより使えなくなっています。"
    "お住まいの市区町村の窓口で新しい交付申請書を受け取ってから、もう一度申請してください。",
    "This application ID can no longer be used, for example after a move or a change of name. "
    "Please get a new application form from your municipality and apply again.",
)


def _invalid(reason: str, what_en: str, what_ja: str, status: int = 400) -> Refusal:
    return Refusal(
        status,
        reason,
        f"申請を受け付けられませんでした（{what_ja}）。お手数ですが、もう一度申請してください。",
        f"The application could not be accepted ({what_en}). Please apply again.",
    )


class RequestRefused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


# --- parsing and validation (pure) -------------------------------------------------------------------------


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str, bytes]]:
    """Split a multipart/form-data body into {name: (content type, bytes)}; RequestRefused if malformed."""
    bad = _invalid("malformed_request", "malformed multipart body", "送信データの形式の誤り")
    main, _, params = content_type.partition(";")
    if main.strip().lower() != "multipart/form-data":
        raise RequestRefused(
            _invalid("malformed_request", "not multipart/form-data", "送信データの形式の誤り", 415)
        )
    match = re.search(r'boundary="?([^";]+)"?', params)
    if not match:
        raise RequestRefused(bad)
    try:
        delimiter = b"--" + match.group(1).encode("latin-1")
    except UnicodeEncodeError:
        raise RequestRefused(bad) from None
    chunks = body.split(b"\r\n" + delimiter)
    first = chunks[0]
    if not first.startswith(delimiter):
        raise RequestRefused(bad)
    chunks[0] = first[len(delimiter) :]
    if not chunks[-1].startswith(b"--"):
        raise RequestRefused(bad)
    parts: dict[str, tuple[str, bytes]] = {}
    for chunk in chunks[:-1]:
        if not chunk.startswith(b"\r\n"):
            raise RequestRefused(bad)
        head, sep, content = chunk[2:].partition(b"\r\n\r\n")
        if not sep:
            raise RequestRefused(bad)
        headers: dict[str, str] = {}
        for line in head.decode("latin-1").split("\r\n"):
            key, colon, value = line.partition(":")
            if not colon:
                raise RequestRefused(bad)
            headers[key.strip().lower()] = value.strip()
        name_match = re.search(r'(?:^|;)\s*name="([^"]*)"', headers.get("content-disposition", ""))
        if not name_match or name_match.group(1) in parts:
            raise RequestRefused(bad)
        parts[name_match.group(1)] = (headers.get("content-type", "text/plain"), content)
    return parts


def validate_application(raw: bytes, today: date) -> dict[str, Any]:
    """Check the `application` part; returns the parsed object or raises RequestRefused (no values in it)."""

    def refuse(field_name: str) -> RequestRefused:
        return RequestRefused(
            _invalid(
                "invalid_application",
                f"field {field_name} is missing or invalid",
                f"項目 {field_name} の誤り",
            )
        )

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise refuse("application") from None
    if not isinstance(data, dict):
        raise refuse("application")
    for key in data:
        if key not in _FIELDS:
            raise refuse(str(key)[:40])
    for key in _FIELDS:
        if key not in data:
            raise refuse(key)
    app_id = data["application_id"]
    if not (isinstance(app_id, str) and len(app_id) == 23 and app_id.isascii() and app_id.isdigit()):
        raise refuse("application_id")
    birth = data["birth_date"]
    try:
        if not (isinstance(birth, str) and _DATE.fullmatch(birth)):
            raise ValueError
        born = date.fromisoformat(birth)
    except ValueError:
        raise refuse("birth_date") from None
    if born > today or born < date(1868, 10, 23):
        raise refuse("birth_date")
    for key in ("signature_certificate", "user_certificate", "braille"):
        if not isinstance(data[key], bool):
            raise refuse(key)
    booth = data["booth_id"]
    if not (isinstance(booth, str) and 0 < len(booth) <= 64 and booth.isprintable()):
        raise refuse("booth_id")
    try:
        if not isinstance(data["captured_at"], str):
            raise ValueError
        datetime.fromisoformat(data["captured_at"])
    except ValueError:
        raise refuse("captured_at") from None
    exc = data["photo_exception"]
    if exc is not None and not (
        isinstance(exc, dict)
        and set(exc) == {"kind", "overridden_checks"}
        and exc["kind"] in EXCEPTION_KINDS
        and isinstance(exc["overridden_checks"], list)
        and all(isinstance(c, str) and 0 < len(c) <= 64 for c in exc["overridden_checks"])
    ):
        raise refuse("photo_exception")
    return data


def validate_photo(jpeg: bytes) -> tuple[int, int]:
    """The electronic-file rules: JPEG, RGB, 480-6000 px a side, 20 KB-7 MB, 35:45. Returns (width, height)."""

    def refuse(what_en: str, what_ja: str) -> RequestRefused:
        return RequestRefused(_invalid("invalid_photo", what_en, what_ja, 422))

    if not PHOTO_MIN_BYTES <= len(jpeg) <= PHOTO_MAX_BYTES:
        raise refuse("photo file size out of range", "写真のファイルサイズ")
    try:
        with Image.open(io.BytesIO(jpeg)) as img:
            if img.format != "JPEG":
                raise refuse("photo is not a JPEG", "写真の形式")
            if img.mode != "RGB":
                raise refuse("photo is not RGB", "写真の色形式")
            width, height = img.size
            if not (PHOTO_MIN_PX <= width <= PHOTO_MAX_PX and PHOTO_MIN_PX <= height <= PHOTO_MAX_PX):
                raise refuse("photo size in pixels out of range", "写真の画素数")
            if abs(width / height - PHOTO_ASPECT) > PHOTO_ASPECT * PHOTO_ASPECT_TOLERANCE:
                raise refuse("photo is not 35:45", "写真の縦横比")
            img.load()
    except RequestRefused:
        raise
    except Exception:
        raise refuse("photo cannot be decoded", "写真の読み取り") from None
    return width, height


def sample_jpeg(width: int = 827, height: int = 1063, seed: int = 0, quality: int = 20) -> bytes:
    """A valid test photo (noise, so it is well over 20 KB; about 170 KB at the defaults). Not a face."""
    import numpy as np

    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


# --- faults ----------------------------------------------------------------------------------------------


@dataclass
class Faults:
    """Failures to inject; change them from any thread (each request reads them under a lock)."""

    fail_next_503: int = 0  # answer 503 to the next N requests
    drop_before_next: int = 0  # close the next N connections without reading or answering
    drop_after_store_next: int = 0  # store the next N applications, then close without answering (lost 201)
    delay_s: float = 0.0  # wait this long before answering (after storing) ...
    delay_next: int = 0  # ... for the next N requests; -1: for every request
    refusals: dict[str, Refusal] = field(default_factory=dict)  # application id -> final 4xx answer
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, name: str) -> bool:
        """Consume one count of a counted fault."""
        with self.lock:
            value = getattr(self, name)
            if value == 0:
                return False
            if value > 0:
                setattr(self, name, value - 1)
            return True

    def refuse_id(self, application_id: str, refusal: Refusal = ID_NO_LONGER_VALID) -> None:
        with self.lock:
            self.refusals[application_id] = refusal

    def clear(self) -> None:
        with self.lock:
            self.fail_next_503 = self.drop_before_next = self.drop_after_store_next = self.delay_next = 0
            self.delay_s = 0.0
            self.refusals.clear()


# --- storage ---------------------------------------------------------------------------------------------


class Store:
    """One folder per reception number (application.json, photo.jpg, meta.json); idempotency survives restarts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._by_key: dict[str, tuple[str, str]] = {}  # idempotency key -> (reception number, body digest)
        self._sequence: dict[str, int] = {}
        for folder in root.iterdir():
            match = _NUMBER_DIR.fullmatch(folder.name)
            if folder.is_dir() and match:
                meta = json.loads((folder / "meta.json").read_text())
                self._by_key[meta["idempotency_key"]] = (folder.name, meta["digest"])
                day, seq = match.group(1), int(match.group(2))
                self._sequence[day] = max(self._sequence.get(day, 0), seq)
            elif folder.name.startswith(".tmp-"):
                shutil.rmtree(folder, ignore_errors=True)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._by_key)

    def numbers(self) -> list[str]:
        with self._lock:
            return sorted(number for number, _ in self._by_key.values())

    def lookup(self, key: str) -> tuple[str, str] | None:
        with self._lock:
            return self._by_key.get(key)

    def put(self, key: str, digest: str, application: bytes, photo: bytes) -> tuple[str, bool]:
        """Store once per key; returns (reception number, created). Raises KeyError on a reused key."""
        with self._lock:
            known = self._by_key.get(key)
            if known is not None:
                if known[1] != digest:
                    raise KeyError(key)
                return known[0], False
            day = time.strftime("%y%m%d")
            seq = self._sequence.get(day, 0) + 1
            number = f"R{day}-{seq:06d}"
            tmp = self.root / f".tmp-{number}"
            tmp.mkdir()
            for name, content in (("application.json", application), ("photo.jpg", photo)):
                _write_synced(tmp / name, content)
            meta = {"idempotency_key": key, "digest": digest, "received_at": time.time()}
            _write_synced(tmp / "meta.json", json.dumps(meta).encode())
            os.rename(tmp, self.root / number)
            _fsync_dir(self.root)
            self._sequence[day] = seq
            self._by_key[key] = (number, digest)
            return number, True


def _write_synced(path: Path, content: bytes) -> None:
    with open(path, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- HTTP ------------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    protocol_version = "HTTP/1.1"
    server_version = "KioskReference/1"
    timeout = 30.0  # seconds a client may stay silent before its connection is closed

    def setup(self) -> None:
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.settimeout(10.0)
            self.connection.do_handshake()

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("%s %s", self.address_string(), format % args)

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def do_GET(self) -> None:
        owner = self.server.owner
        if self.path == "/healthz":
            self._send_json(200, {"status": "ok"})
        elif self.path == "/v1/applications/count":
            self._send_json(200, {"count": owner.received})
        else:
            self._send_json(
                404, {"reason": "not_found", "message_ja": "見つかりません。", "message_en": "Not found."}
            )

    def do_POST(self) -> None:
        owner = self.server.owner
        faults = owner.faults
        with owner.stats_lock:
            owner.requests += 1
        if faults.take("drop_before_next"):
            self._drop()
            return
        if self.path != "/v1/applications":
            self._send_json(
                404, {"reason": "not_found", "message_ja": "見つかりません。", "message_en": "Not found."}
            )
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self._refuse(_invalid("length_required", "no Content-Length", "送信データの長さ", 411))
            return
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self._refuse(_invalid("too_large", "request too large", "送信データが大きすぎます", 413))
            return
        body = self.rfile.read(length)
        if faults.take("fail_next_503"):
            self._send_json(
                503, {"reason": "unavailable", "message_ja": "混み合っています。", "message_en": "Busy."}
            )
            return
        try:
            number, created = self._accept(body)
        except RequestRefused as refused:
            self._refuse(refused.refusal)
            return
        if faults.take("drop_after_store_next"):
            self._drop()
            return
        if faults.take("delay_next") and owner.stopping.wait(faults.delay_s):
            return
        self._send_json(201 if created else 200, {"reception_number": number})

    def _refuse(self, refusal: Refusal) -> None:
        self._send_json(refusal.status, refusal.body())

    def _accept(self, body: bytes) -> tuple[str, bool]:
        owner = self.server.owner
        try:
            key = str(uuid.UUID(self.headers.get("Idempotency-Key", "").strip()))  # canonical form
        except ValueError:
            raise RequestRefused(
                _invalid("invalid_idempotency_key", "Idempotency-Key must be a UUID", "送信キーの誤り")
            ) from None
        known = owner.store.lookup(key)
        parts = parse_multipart(self.headers.get("Content-Type", ""), body)
        if set(parts) != {"application", "photo"}:
            raise RequestRefused(
                _invalid("malformed_request", "parts application and photo expected", "送信データの不足")
            )
        app_type, app_raw = parts["application"]
        photo_type, photo = parts["photo"]
        if app_type.split(";")[0].strip().lower() != "application/json":
            raise RequestRefused(
                _invalid("malformed_request", "application must be JSON", "送信データの形式の誤り")
            )
        if photo_type.split(";")[0].strip().lower() != "image/jpeg":
            raise RequestRefused(_invalid("invalid_photo", "photo must be image/jpeg", "写真の形式", 415))
        digest = hashlib.sha256(hashlib.sha256(app_raw).digest() + hashlib.sha256(photo).digest()).hexdigest()
        if known is not None:
            if known[1] != digest:
                raise RequestRefused(_key_reused())
            return known[0], False
        data = validate_application(app_raw, date.today())
        validate_photo(photo)
        with owner.faults.lock:
            refusal = owner.faults.refusals.get(data["application_id"])
        if refusal is not None:
            raise RequestRefused(refusal)
        try:
            return owner.store.put(key, digest, app_raw, photo)
        except KeyError:
            raise RequestRefused(_key_reused()) from None


def _key_reused() -> Refusal:
    return _invalid(
        "idempotency_key_reused", "Idempotency-Key already used for other content", "送信キーの重複", 409
    )


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: ReceptionServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.debug("connection from %s ended with an error", client_address[0])


class ReceptionServer:
    """The reference server in a thread: ReceptionServer(host, port, store_dir).start(); .url; .stop().

    TLS: give certfile and keyfile; with client_ca the server also requires a client certificate signed by it.
    go_down() closes the listening socket (connections are refused) and go_up() opens it again on the same port.
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
    ) -> None:
        if store_dir is None:
            raise ValueError("store_dir is required")
        self.host = host
        self.port = port
        self.store = Store(Path(store_dir))
        self.faults = Faults()
        self.requests = 0
        self.stats_lock = threading.Lock()
        self.stopping = threading.Event()
        self._ssl: ssl.SSLContext | None = None
        if certfile:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_cert_chain(certfile, keyfile or None)
            if client_ca:
                ctx.verify_mode = ssl.CERT_REQUIRED
                ctx.load_verify_locations(client_ca)
            self._ssl = ctx
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def received(self) -> int:
        """How many distinct applications are stored (replays not counted)."""
        return self.store.count

    def start(self) -> None:
        self.stopping.clear()
        self._listen()

    def _listen(self) -> None:
        httpd = _HttpServer((self.host, self.port), self)
        if self._ssl is not None:
            httpd.socket = self._ssl.wrap_socket(
                httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="reception-server", daemon=True
        )
        self._thread.start()
        _log.info("reception server listening on %s", self.url)

    def _close(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def go_down(self) -> None:
        """Stop listening: new connections are refused until go_up()."""
        self._close()

    def go_up(self) -> None:
        if self._httpd is None:
            self._listen()

    def stop(self) -> None:
        self.stopping.set()
        self._close()


def main(argv: Sequence[str] | None = None) -> int:
    """`kiosk reception-server [--host 127.0.0.1] [--port N] [--store DIR]`: serve until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="kiosk reception-server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--store", default="reception-store", help="folder for the received applications")
    parser.add_argument("--cert", default="", help="TLS certificate (PEM); serves HTTPS when given")
    parser.add_argument("--key", default="", help="key of the TLS certificate (PEM)")
    parser.add_argument("--client-ca", default="", help="require client certificates signed by this CA")
    parser.add_argument(
        "--refuse-id-file",
        default="",
        help="file of application IDs (one a line) answered 422 application_id_no_longer_valid",
    )
    args = parser.parse_args(argv)
    server = ReceptionServer(
        args.host, args.port, Path(args.store), certfile=args.cert, keyfile=args.key, client_ca=args.client_ca
    )
    if args.refuse_id_file:
        for line in Path(args.refuse_id_file).read_text().split():
            server.faults.refuse_id(line.strip())
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    server.start()
    print(f"reception server on {server.url}, storing in {args.store}", flush=True)
    done.wait()
    server.stop()
    return 0
