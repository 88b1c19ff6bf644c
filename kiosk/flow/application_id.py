"""Reading the 23-digit 申請書ID out of a scanned payload or typed digits (pure, never shows the digits)."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.api import APPLICATION_ID_DIGITS, is_application_id

ID_LENGTH = APPLICATION_ID_DIGITS

# Display grouping of the 23 digits, left to right: 3-4-4-4-4-4. The last four digits form one whole group,
# so the masked form shows exactly the group a citizen compares with the end of the printed number, and a
# typed entry fills fixed positions (groups never shift while typing). The official print layout is not
# public; change this one constant if a booth operator wants another grouping.
GROUPS: tuple[int, ...] = (3, 4, 4, 4, 4, 4)

# Payloads longer than this are not a renewal notice's QR code (the scanner caps lines at 512 bytes too).
MAX_PAYLOAD_CHARS = 2048

_DIGIT_RUN = re.compile(r"\d+")  # Unicode digits: a full-width digit next to ASCII digits still "touches"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_EMVCO_PREFIX = "000201"  # EMVCo merchant-presented payment QR (JPQR and others) starts with this TLV


class Rejection(enum.Enum):
    """Why a payload is not an application ID; the UI maps each to a plain-language message."""

    NOT_APPLICATION = "not_application"  # another QR code: a shop URL, a payment code, a plain text
    WRONG_LENGTH = "wrong_length"  # a digit run of nearly the right length (22 or 24 digits, ...)
    SEVERAL_IDS = "several_ids"  # two or more runs of 23 digits
    UNREADABLE = "unreadable"  # binary junk, control characters, bytes that were not text


@dataclass(frozen=True, repr=False)
class ApplicationId:
    """A valid 申請書ID. repr/str never show the digits; only the sender reads .digits."""

    digits: str

    def __post_init__(self) -> None:
        if not is_id_digits(self.digits):
            raise ValueError("an application ID has exactly 23 ASCII digits")

    def masked(self) -> str:
        """All but the last four digits hidden, grouped like grouped(): '*** **** **** **** **** 8765'."""
        return grouped("*" * (ID_LENGTH - 4) + self.digits[-4:])

    def __repr__(self) -> str:
        return "ApplicationId(<23 digits hidden>)"

    __str__ = __repr__


@dataclass(frozen=True)
class ParseResult:
    """Either an application ID or the reason the payload was refused (never the payload itself)."""

    application_id: ApplicationId | None = None
    rejection: Rejection | None = None

    @property
    def ok(self) -> bool:
        return self.application_id is not None


is_id_digits = is_application_id  # exactly 23 ASCII digits, nothing else


def grouped(digits: str) -> str:
    """Digits (or '*' masks) spaced by GROUPS for display; a partial entry keeps its final positions."""
    parts: list[str] = []
    start = 0
    for size in GROUPS:
        if start >= len(digits):
            break
        parts.append(digits[start : start + size])
        start += size
    if start < len(digits):
        parts.append(digits[start:])
    return " ".join(parts)


def _unreadable(text: str) -> bool:
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\ufffd" or category in ("Cc", "Cs", "Co", "Cn"):
            return True
    return False


def _host(text: str) -> str | None:
    if not _URL.match(text):
        return None
    try:
        return (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""


def parse(payload: str, *, official_hosts: Collection[str] = ()) -> ParseResult:
    """Find the application ID in a scanned payload.

    Accepted: exactly one run of 23 ASCII digits touching no other digit, as a bare number or inside a URL.
    When official_hosts is given, a URL must point at one of them (the real host is not public, so the
    default accepts any). Surrounding whitespace (a stray CR/LF from the scanner's suffix) is ignored.
    """
    text = payload.strip(" \t\r\n")
    if _unreadable(text):
        return ParseResult(rejection=Rejection.UNREADABLE)
    if not text or len(text) > MAX_PAYLOAD_CHARS:
        return ParseResult(rejection=Rejection.NOT_APPLICATION)
    if text.startswith(_EMVCO_PREFIX) and len(text) > ID_LENGTH:
        return ParseResult(rejection=Rejection.NOT_APPLICATION)
    host = _host(text)
    if host is not None and official_hosts and host not in {h.lower() for h in official_hosts}:
        return ParseResult(rejection=Rejection.NOT_APPLICATION)
    runs = _DIGIT_RUN.findall(text)
    ids = [run for run in runs if is_id_digits(run)]
    if len(ids) > 1:
        return ParseResult(rejection=Rejection.SEVERAL_IDS)
    if len(ids) == 1:
        return ParseResult(application_id=ApplicationId(ids[0]))
    if any(ID_LENGTH - 3 <= len(run) <= ID_LENGTH + 3 for run in runs):
        return ParseResult(rejection=Rejection.WRONG_LENGTH)
    return ParseResult(rejection=Rejection.NOT_APPLICATION)


def parse_typed(text: str) -> ParseResult:
    """The 23 digits a person typed (full-width digits, spaces and hyphens allowed)."""
    normal = unicodedata.normalize("NFKC", text)
    digits = "".join(ch for ch in normal if ch not in " -\u2010\u2212")
    if not digits.isascii() or not digits.isdigit():
        return ParseResult(rejection=Rejection.NOT_APPLICATION)
    if len(digits) != ID_LENGTH:
        return ParseResult(rejection=Rejection.WRONG_LENGTH)
    return ParseResult(application_id=ApplicationId(digits))
