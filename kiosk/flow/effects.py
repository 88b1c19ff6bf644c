"""What the flow's moves do, by concern: the money, the devices and the sending, each driven by the declared
state sets of kiosk.flow.table and told every move with both its source and its target.

The flow calls each concern's moved(source, target) once per move, after the machine entered the target and
before the target's screen shows; each concern is called on its own, so one failing (a device, the storage)
never skips the others.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk import log
from kiosk.config import PAPER_MEDIA, PAPER_SIZES_MM, Config
from kiosk.devices.base import BarcodeReader, Camera, Storage, Submitter
from kiosk.devices.printer import Printer, PrintJob
from kiosk.flow.application import Application, PhotoException
from kiosk.flow.cashier import Cashier
from kiosk.flow.payment import receipt_code
from kiosk.flow.session import Session
from kiosk.flow.studio import Studio
from kiosk.flow.table import CAMERA_ON, INTAKE_OPEN, PAUSES, READER_ON, STUDIO_ON
from kiosk.flow.timers import NamedTimers
from kiosk.photo.sizes import PhotoSize
from kiosk.store.outbox import Outbox

_log = log.get("flow")


class MoneyEffects:
    """Intake open in payment only (after a real write shows a coin can be recorded); the refund on cancel and
    out of service; the session's money closed when it is done. Charging is the rows' own effect (the fee is
    charged when the server confirms or the application is queued, before the booth moves on)."""

    def __init__(self, cashier: Cashier, storage: Storage, session: Session, fail: Callable[[str], None]) -> None:
        self.cashier = cashier
        self.storage = storage
        self.session = session
        self._fail = fail

    def moved(self, source: str, target: str) -> None:
        if source in INTAKE_OPEN and target not in INTAKE_OPEN:
            self.cashier.close_intake()
        if target in INTAKE_OPEN and source not in INTAKE_OPEN:
            if not self.storage.check_now():  # intake opens only when a coin can be recorded
                self._fail(f"storage: {self.storage.health.detail}")
                return
            self.cashier.open_intake()
        if target == "cancel":
            self.cashier.close_intake()
            self.cashier.refund()  # payout_finished follows, with 0 when nothing is owed
        elif target in ("done", "printed"):
            self.cashier.end()
        elif target == "out_of_service" and source != "out_of_service":
            self.cashier.close_intake()
            s = self.session
            if s.txn_id and self.cashier.txn is not None:
                if s.application_stored and s.outcome != "rejected":
                    try:
                        self.cashier.charge()  # the application will still be sent: the fee is the booth's
                    except Exception:
                        _log.exception("out of service: the charge failed")
                self.cashier.refund()  # payout_finished ends the session

    def begin_session(self) -> str:
        """Open the session's money (a fresh id in the ledger); its id names the session."""
        return self.cashier.begin()


class DeviceEffects:
    """The reader on in scan only; the camera warm from the guide to the confirm screen; the studio (preview,
    guidance, shutter) on the camera screen only. The 「続けますか？」 countdown leaves the camera as it was."""

    def __init__(self, reader: BarcodeReader, camera: Camera, studio: Studio) -> None:
        self.reader = reader
        self.camera = camera
        self.studio = studio

    def moved(self, source: str, target: str) -> None:
        if target not in READER_ON:
            self.reader.set_enabled(False)  # first: a camera QR reader lets go of the camera
        if source in STUDIO_ON and target not in STUDIO_ON:
            self.studio.abort()
        if target not in PAUSES or source not in CAMERA_ON:
            self.camera.set_running(target in CAMERA_ON)
        if target in STUDIO_ON and source not in STUDIO_ON:
            self.studio.begin()
        if target in READER_ON:
            self.reader.set_enabled(True)

    def all_off(self) -> None:
        self.reader.set_enabled(False)
        self.camera.set_running(False)


class SendingEffects:
    """Entering sending stores the application, sealed, in the outbox before anything is sent, and wakes the
    sender; the sending screen waits send_wait_s for the server, then the application counts as queued."""

    def __init__(self, cfg: Config, outbox: Outbox, submitter: Submitter, session: Session, timers: NamedTimers,
                 wait_over: Callable[[], None]) -> None:
        self.cfg = cfg
        self.outbox = outbox
        self.submitter = submitter
        self.session = session
        self.timers = timers
        self._wait_over = wait_over

    def moved(self, source: str, target: str) -> None:
        if source == "sending" and target != "sending":
            self.timers.stop("send_wait")
        if target != "sending":
            return
        s = self.session
        assert s.application_id is not None and s.details.birth_date is not None and s.photo.jpeg is not None
        exception = (PhotoException(kind=s.photo.exception_kind, overridden_checks=tuple(s.photo.failed))
                     if s.photo.exception_kind else None)
        app = Application(
            application_id=s.application_id.digits,
            birth_date=s.details.birth_date,
            signature_certificate=bool(s.details.signature_certificate),
            user_certificate=bool(s.details.user_certificate),
            braille=bool(s.details.braille),
            booth_id=self.cfg.booth.id,
            captured_at=s.photo.captured_at or datetime.now().astimezone(),
            photo_exception=exception,
        )
        s.receipt_code = receipt_code()
        s.envelope_id = self.outbox.put_new(s.txn_id, app.to_json(), bytes(s.photo.jpeg), s.receipt_code)
        s.application_stored = True
        _log.info("application stored in the outbox (txn %s)", s.txn_id)
        self.submitter.wake()
        self.timers.start("send_wait", self.cfg.submission.send_wait_s, self._wait_over)
        self.timers.start("state", self.cfg.timeouts.sending, self._wait_over)


class PrintEffects:
    """Entering printing lays the session's photo out on the printer's paper (kiosk.photo.sheet) and sends the
    sheet as one job; the flow sends it again once when the printer stays up after a failure."""

    def __init__(self, cfg: Config, printer: Printer | None, session: Session,
                 size_of: Callable[[str], PhotoSize | None]) -> None:
        self.cfg = cfg
        self.printer = printer
        self.session = session
        self._size_of = size_of
        self._job: PrintJob | None = None

    def moved(self, source: str, target: str) -> None:
        if source == "printing" and target != "printing":
            if target != "printed" and self._job is not None and self.printer is not None:
                self.printer.cancel(self._job.key)  # out of service mid-print: refunded, so nothing comes out
            self._job = None  # the sheet (the citizen's photo) is not kept past the state
        if target != "printing":
            return
        self._job = self.make_job()
        self.submit()

    def make_job(self) -> PrintJob:
        import io

        import numpy as np
        from PIL import Image

        from kiosk.photo import sheet

        s = self.session
        size = self._size_of(s.size_id)
        assert size is not None and s.photo.jpeg is not None
        with Image.open(io.BytesIO(bytes(s.photo.jpeg))) as im:
            rgb = np.asarray(im.convert("RGB"))
        p = self.cfg.printer
        rendered = sheet.render(rgb, size, PAPER_SIZES_MM[p.paper], p.dpi)
        s.print_copies = rendered.copies
        return PrintJob(s.txn_id, rendered.jpeg, media=PAPER_MEDIA[p.paper], dpi=p.dpi)

    def submit(self) -> None:
        assert self.printer is not None and self._job is not None
        self.session.print_attempts += 1
        _log.info("sheet of %d photos sent to the printer, attempt %d (txn %s)", self.session.print_copies,
                  self.session.print_attempts, self.session.txn_id)
        self.printer.print_sheet(self._job)
