"""The application record sent to the reception server: its fields, its JSON and a repr without personal data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.api import PHOTO_EXCEPTION_KINDS, is_application_id

EXCEPTION_KINDS = PHOTO_EXCEPTION_KINDS


class ApplicationError(ValueError):
    """A field of an application is invalid; the message names the field, never its value."""


@dataclass(frozen=True)
class PhotoException:
    """The exception the citizen declared for a photo that fails a check, and which checks were overridden."""

    kind: str  # one of EXCEPTION_KINDS
    overridden_checks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in EXCEPTION_KINDS:
            raise ApplicationError(f"photo_exception.kind must be one of {', '.join(EXCEPTION_KINDS)}")
        if not all(isinstance(c, str) and c for c in self.overridden_checks):
            raise ApplicationError("photo_exception.overridden_checks must be non-empty strings")
        object.__setattr__(self, "overridden_checks", tuple(self.overridden_checks))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "overridden_checks": list(self.overridden_checks)}


@dataclass(frozen=True, repr=False)
class Application:
    """One citizen's application. application_id, birth_date (and the photo, sent beside it) are personal data."""

    application_id: str
    birth_date: date
    signature_certificate: bool
    user_certificate: bool
    braille: bool
    booth_id: str
    captured_at: datetime
    photo_exception: PhotoException | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.application_id, str) or not is_application_id(self.application_id):
            raise ApplicationError("application_id must be exactly 23 ASCII digits")
        if not isinstance(self.birth_date, date) or isinstance(self.birth_date, datetime):
            raise ApplicationError("birth_date must be a date")
        for name in ("signature_certificate", "user_certificate", "braille"):
            if not isinstance(getattr(self, name), bool):
                raise ApplicationError(f"{name} must be true or false")
        if not isinstance(self.booth_id, str) or not self.booth_id:
            raise ApplicationError("booth_id must be a non-empty string")
        if not isinstance(self.captured_at, datetime):
            raise ApplicationError("captured_at must be a datetime")
        if self.photo_exception is not None and not isinstance(self.photo_exception, PhotoException):
            raise ApplicationError("photo_exception must be a PhotoException or None")

    def to_dict(self) -> dict[str, Any]:
        """The `application` part of POST /v1/applications (docs/api/openapi.yaml)."""
        return {
            "application_id": self.application_id,
            "birth_date": self.birth_date.isoformat(),
            "signature_certificate": self.signature_certificate,
            "user_certificate": self.user_certificate,
            "braille": self.braille,
            "booth_id": self.booth_id,
            "captured_at": self._captured_aware().isoformat(timespec="seconds"),
            "photo_exception": None if self.photo_exception is None else self.photo_exception.to_dict(),
        }

    def _captured_aware(self) -> datetime:
        """captured_at with its UTC offset (a naive time is taken as the booth's local time)."""
        return self.captured_at if self.captured_at.tzinfo is not None else self.captured_at.astimezone()

    def to_json(self) -> bytes:
        """UTF-8 JSON of to_dict(), compact, keys in a fixed order."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def __repr__(self) -> str:
        exception = "none" if self.photo_exception is None else self.photo_exception.kind
        return (
            f"Application(application_id=<hidden>, birth_date=<hidden>, "
            f"signature_certificate={self.signature_certificate}, user_certificate={self.user_certificate}, "
            f"braille={self.braille}, booth_id={self.booth_id!r}, "
            f"captured_at={self.captured_at.isoformat(timespec='seconds')}, photo_exception={exception})"
        )

    __str__ = __repr__
