"""One citizen's session: what they paid, entered and had photographed, and wipe() that forgets it all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.flow.application_id import ApplicationId


@dataclass
class Details:
    """The required items entered after the scan."""

    birth_date: date | None = None
    signature_certificate: bool | None = None
    user_certificate: bool | None = None
    braille: bool | None = None

    def complete(self) -> bool:
        return None not in (self.birth_date, self.signature_certificate, self.user_certificate, self.braille)


@dataclass
class Accessibility:
    large_text: bool = False
    high_contrast: bool = False
    more_time: bool = False
    low_reach: bool = False


@dataclass
class PhotoState:
    """The capture, the official file made from it and what the checks said."""

    jpeg: bytearray | None = field(default=None, repr=False)
    assessment: Any = field(default=None, repr=False)  # kiosk.photo.checks.PhotoAssessment
    failed: tuple[str, ...] = ()
    exception_kind: str | None = None  # religious, medical, disability, infant
    captured_at: datetime | None = None
    width: int = 0
    height: int = 0
    retakes: int = 0


class Session(QObject):
    """Everything one citizen brings. Nothing here is logged; wipe() clears it for the next citizen."""

    changed = Signal()
    wiped = Signal()
    outcome_decided = Signal(str)  # the outcome, once it is first set: before the last screen, not at the end

    def __init__(self, parent: QObject | None = None, home_language: str = "ja") -> None:
        super().__init__(parent)
        self.home_language = home_language  # the booth's language (kiosk run --lang): every session starts in it
        self.photo = PhotoState()
        self._reset()

    def _reset(self) -> None:
        """Every field at its value before a citizen arrives."""
        self.txn_id = ""
        self.language = self.home_language
        self.access = Accessibility()
        self.application_id: ApplicationId | None = None
        self.details = Details()
        self.photo = PhotoState()
        self.credit_yen = 0
        self.paid_yen = 0
        self.change_yen = 0
        self.refunded_yen = 0
        self.scan_failures = 0
        self.application_stored = False
        self.envelope_id = ""  # the outbox's id of the application, once stored
        self.reception_number: str | None = None
        self.receipt_code: str | None = None
        self.outcome: str | None = None  # sent, queued, rejected, cancelled, timed_out, failed
        self.message: str | None = None  # the server's reason after a refusal (plain words, Japanese)
        self.message_en: str | None = None  # the same in English
        self.unpaid_yen = 0
        self.unpaid_receipt: str | None = None
        self.screens: list[str] = []
        self.service = "my_number"  # or "idphoto" (kiosk.flow.table.SERVICES)
        self.size_id = ""  # the print size chosen ("30x40"), idphoto only
        self.print_attempts = 0
        self.print_copies = 0
        self.print_reason = ""  # why the print failed (a printer fault id), never personal data
        self.receipt_number = ""  # the 領収書 printed for this session (one per session)

    @property
    def outcome(self) -> str | None:
        """sent, queued, rejected, cancelled, timed_out or failed; None until decided."""
        return self._outcome

    @outcome.setter
    def outcome(self, value: str | None) -> None:
        decided = value is not None and getattr(self, "_outcome", None) is None
        self._outcome = value
        if decided:
            self.outcome_decided.emit(value)

    def begin(self, txn_id: str) -> None:
        """Start a new session under txn_id (the ledger's fresh random id, the only name logs use)."""
        self.wipe()
        self.txn_id = txn_id

    def wipe(self) -> None:
        """Forget everything personal: overwrite the photo buffer, drop every reference, reset choices."""
        if self.photo.jpeg is not None:
            self.photo.jpeg[:] = bytes(len(self.photo.jpeg))
        self._reset()
        self.wiped.emit()
        self.changed.emit()

    def holds_personal_data(self) -> bool:
        return (self.application_id is not None or self.details.birth_date is not None
                or self.photo.jpeg is not None or self.photo.assessment is not None)
