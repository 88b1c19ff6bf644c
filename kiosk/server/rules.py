"""What the reception API accepts: the refusals it answers, the application's fields and the photo file (pure)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from PIL import Image

from kiosk.api import EARLIEST_BIRTH_DATE, PHOTO_EXCEPTION_KINDS, is_application_id

MAX_BODY_BYTES = 10 * 1024 * 1024
PHOTO_MIN_BYTES = 20 * 1024
PHOTO_MAX_BYTES = 7 * 1024 * 1024
PHOTO_MIN_PX = 480
PHOTO_MAX_PX = 6000
PHOTO_ASPECT = 35 / 45
PHOTO_ASPECT_TOLERANCE = 0.015  # relative
EXCEPTION_KINDS = PHOTO_EXCEPTION_KINDS
# A date is "in the future" only when it is in the future everywhere: today in the earliest time zone.
_EARLIEST_ZONE = timezone(timedelta(hours=14))
FIELDS = (
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
# RFC 3339 date-time (the JSON Schema "date-time" format): a UTC offset is required, "Z" or +hh:mm / -hh:mm.
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_BOOTH_ID = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,64}")  # no control characters (the spec's pattern)


@dataclass(frozen=True)
class Refusal:
    """A final (4xx) or retryable answer: the status and the body {"reason", "message_ja", "message_en"}."""

    status: int
    reason: str
    message_ja: str
    message_en: str

    def body(self) -> dict[str, str]:
        return {"reason": self.reason, "message_ja": self.message_ja, "message_en": self.message_en}


class RequestRefused(Exception):
    """Raised by the checks; carries the answer. Its text is the reason code only, never a value."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


def invalid(reason: str, what_en: str, what_ja: str, status: int = 400) -> Refusal:
    """A refusal in the usual words: "could not be accepted (what), please apply again"."""
    return Refusal(
        status,
        reason,
        f"申請を受け付けられませんでした（{what_ja}）。お手数ですが、もう一度申請してください。",
        f"The application could not be accepted ({what_en}). Please apply again.",
    )


ID_NO_LONGER_VALID = Refusal(
    422,
    "application_id_no_longer_valid",
    "この申請書IDは、住所や氏名の変更などにより使えなくなっています。"
    "お住まいの市区町村の窓口で新しい交付申請書を受け取ってから、もう一度申請してください。",
    "This application ID can no longer be used, for example after a move or a change of name. "
    "Please get a new application form from your municipality and apply again.",
)
NOT_FOUND = Refusal(404, "not_found", "見つかりません。", "Not found.")
UNAVAILABLE = Refusal(503, "unavailable", "混み合っています。", "Busy.")
INTERNAL_ERROR = Refusal(500, "internal_error", "サーバーで問題が起きました。", "The server failed.")
KEY_REUSED = invalid(
    "idempotency_key_reused", "Idempotency-Key already used for other content", "送信キーの重複", 409
)
BOOTH_MISMATCH = invalid(
    "booth_not_authorized", "the booth certificate does not name this booth_id", "端末の証明書の不一致", 403
)
TOO_SLOW = invalid("request_timeout", "the request was not received in time", "送信の時間切れ", 408)
TOO_LARGE = invalid("too_large", "request too large", "送信データが大きすぎます", 413)
LENGTH_REQUIRED = invalid("length_required", "no Content-Length", "送信データの長さ", 411)
BAD_KEY = invalid("invalid_idempotency_key", "Idempotency-Key must be a UUID", "送信キーの誤り")


def method_not_allowed() -> Refusal:
    return Refusal(405, "method_not_allowed", "この方法では使えません。", "Method not allowed.")


def idempotency_key(value: str) -> str:
    """The Idempotency-Key in canonical (lower-case) form; RequestRefused unless it is a UUID (8-4-4-4-12 hex)."""
    value = value.strip()
    if not _UUID.fullmatch(value):
        raise RequestRefused(BAD_KEY)
    return value.lower()


def validate_application(raw: bytes, today: date | None = None) -> dict[str, Any]:
    """Check the `application` part; returns the parsed object or raises RequestRefused (no values in it).

    today: the latest calendar date anywhere on Earth unless given (a birth date after it is in the future).
    """

    data = parse_application(raw)
    if data is None:
        raise _field_refused("application")
    return check_application(data, today)


def _field_refused(field_name: str) -> RequestRefused:
    return RequestRefused(
        invalid("invalid_application", f"field {field_name} is missing or invalid", f"項目 {field_name} の誤り")
    )


def check_application(data: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """The fields of a parsed application (see validate_application); returns it or raises RequestRefused."""
    refuse = _field_refused
    for key in data:
        if key not in FIELDS:
            raise refuse(str(key)[:40] if str(key).isprintable() else "(unknown)")
    for key in FIELDS:
        if key not in data:
            raise refuse(key)
    app_id = data["application_id"]
    if not is_application_id(app_id):
        raise refuse("application_id")
    birth = data["birth_date"]
    try:
        if not (isinstance(birth, str) and _DATE.fullmatch(birth)):
            raise ValueError
        born = date.fromisoformat(birth)
    except ValueError:
        raise refuse("birth_date") from None
    latest = today if today is not None else datetime.now(_EARLIEST_ZONE).date()
    if born > latest or born < EARLIEST_BIRTH_DATE:
        raise refuse("birth_date")
    for key in ("signature_certificate", "user_certificate", "braille"):
        if not isinstance(data[key], bool):
            raise refuse(key)
    booth = data["booth_id"]
    if not (isinstance(booth, str) and _BOOTH_ID.fullmatch(booth)):
        raise refuse("booth_id")
    captured = data["captured_at"]
    try:
        if not (isinstance(captured, str) and _DATE_TIME.fullmatch(captured)):
            raise ValueError
        datetime.fromisoformat(captured.upper())
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


def parse_application(raw: bytes) -> dict[str, Any] | None:
    """The application part as a JSON object, or None when it is not UTF-8 JSON with an object at the top."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def content_digest(application: dict[str, Any], photo: bytes) -> str:
    """What makes two submissions "the same": the parsed application (canonical JSON) and the photo's SHA-256.

    Whitespace, key order and escapes of the JSON text do not matter, so a booth that re-serializes its
    application on a retry still gets its reception number back.
    """
    canonical = json.dumps(application, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    inner = hashlib.sha256(canonical.encode("utf-8")).digest() + hashlib.sha256(photo).digest()
    return hashlib.sha256(inner).hexdigest()


def validate_photo(jpeg: bytes) -> tuple[int, int]:
    """The electronic-file rules: JPEG, RGB, 480-6000 px a side, 20 KB-7 MB, 35:45. Returns (width, height)."""

    def refuse(what_en: str, what_ja: str) -> RequestRefused:
        return RequestRefused(invalid("invalid_photo", what_en, what_ja, 422))

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
