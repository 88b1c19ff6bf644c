"""`kiosk selftest`: one whole session through the real screens, tapped by objectName as a person would.

With simulated devices it plays the citizen's part itself (coins, or one note with --pay note, a valid QR code, a
good portrait); with real devices it waits for a technician to insert the coins or the note, present a test code
and sit for the camera. It prints one
JSON line and exits 0 when the application was sent or queued.

With service "idphoto" it runs one print session instead (menu, size, payment at that size's fee, the photo,
printing) and exits 0 when the sheet was printed; its JSON line is the issue-19 contract:
{"outcome": "printed"|"failed", "paid_yen", "change_yen", "screens", "print": {"queue", "copies", "width_mm",
"height_mm", "dpi"}}.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk import log
from kiosk.app import Booth, Options
from kiosk.config import Config
from kiosk.robot import Plan, Robot
from kiosk.ui.taps import TapCounter

_log = log.get("app")
OUT_OF_SERVICE_GRACE_MS = 20000
SETTLE_LIMIT_MS = 30000  # how long the result waits for the payouts still running or queued
SETTLE_POLL_MS = 100


class Citizen(Robot):
    """The robot's happy path (kiosk/robot.py) on one session, screenshots and the JSON line; on a real booth it
    asks the technician for what only a person can do there (coins, the test QR code)."""

    def __init__(self, booth: Booth, birth: date, screenshots: Path | None, on_done: Callable[[dict[str, Any]], None],
                 pay: str = "coins", *, service: str = "my_number", photo_size: str = ""):
        pace = 1 / booth.cfg.simulated_time_scale()  # a person's pauses, quicker with selftest --fast
        super().__init__(booth, Plan(pay="note" if pay == "note" else "exact", birth=birth, coin_when_taken=True),
                         react_ms=(round(200 * pace),) * 2, pace=pace)
        self.tap_tries = 500  # 20 s: a loaded machine may take that long to enable a control
        self.service = service
        self.photo_size = photo_size
        self.screenshots = screenshots
        self.on_done = on_done
        self.photo: dict[str, int] | None = None
        self.paid_yen = 0
        self.change_yen = 0
        self.taps_counter = TapCounter(booth.window, self)
        QApplication.instance().installEventFilter(self.taps_counter)  # type: ignore[union-attr]
        self.taps_at_done: int | None = None
        booth.flow.session.changed.connect(self._on_session_changed)

    def gave_up(self, reason: str) -> None:
        self._fail(reason)

    # -- the screens -------------------------------------------------------------------------------------------
    def react(self, state: str) -> None:
        if state == "done" and self.taps_at_done is None:
            self.taps_at_done = self.taps_counter.count  # the reception number is on screen
        if self.screenshots is not None:
            delay = 900 if state == "camera" else 120
            index = len(self.screens)
            QTimer.singleShot(delay, lambda: self._shoot(state, index))
        super().react(state)

    def _shoot(self, state: str, index: int) -> None:
        assert self.screenshots is not None
        self.screenshots.mkdir(parents=True, exist_ok=True)
        self.booth.window.grab().save(str(self.screenshots / f"{index:02d}_{state}.png"))

    def _on_session_changed(self) -> None:
        s = self.booth.flow.session
        if s.photo.jpeg is not None:
            self.photo = {"width": s.photo.width, "height": s.photo.height, "bytes": len(s.photo.jpeg)}
        if s.credit_yen:
            self.paid_yen = s.credit_yen
        self.change_yen = max(self.change_yen, s.change_yen)

    def _on_attract(self) -> None:
        if "menu" in self.screens:
            return
        self.tap("attract_start")

    def _on_menu(self) -> None:
        if self.service == "idphoto":
            self.tap("menu_id_photo")
        else:
            super()._on_menu()

    def _on_size(self) -> None:
        self.tap(f"size_{self.photo_size}")

    def _on_printing(self) -> None:
        pass  # the printer's job decides: printed, or a refund on the cancel screen

    def _on_printed(self) -> None:
        self._finish("printed", None)

    def _on_payment(self) -> None:
        if not self.simulate:
            print("selftest: insert " + ("the note" if self.plan.pay == "note" else "the fee in coins"),
                  file=sys.stderr)
            return
        if self.plan.pay != "note":  # overpay when change can be given: exercises the hopper
            overpay = self.booth.flow.view.change_available and self.booth.flow.view.fee_yen % 500
            self.plan.pay = "overpay" if overpay else "exact"
        super()._on_payment()

    def _on_scan(self) -> None:
        if not self.simulate:
            print("selftest: present the test QR code", file=sys.stderr)
            return
        super()._on_scan()

    def photo_failed(self, checks: list[str]) -> None:
        self._fail("the photo failed checks: " + ",".join(checks))

    def _on_done(self) -> None:
        s = self.booth.flow.session
        self._finish(s.outcome or "failed", s.reception_number)

    def _on_cancel(self) -> None:
        self._fail(f"the session was cancelled ({self.booth.flow.session.outcome})")

    def _on_timeout(self) -> None:
        self._fail("a screen timed out")

    def _on_out_of_service(self) -> None:
        """A booth out of service before the session may come back (a device still starting): wait a while."""
        if "menu" in self.screens:
            self._fail("out of service: " + ", ".join(self.booth.flow.out_of_service_reasons()))
            return
        reasons = ", ".join(self.booth.flow.out_of_service_reasons())
        QTimer.singleShot(OUT_OF_SERVICE_GRACE_MS, lambda: self._fail("out of service: " + reasons)
                          if self.booth.flow.current == "out_of_service" else None)

    # -- the result -------------------------------------------------------------------------------------------
    def _finish(self, outcome: str, reception_number: str | None, reason: str | None = None) -> None:
        if self.finished:
            return
        self.finished = True
        result: dict[str, Any]
        if self.service == "idphoto":
            result = {
                "outcome": "printed" if outcome == "printed" else "failed",
                "paid_yen": self.paid_yen,
                "change_yen": self.change_yen,
                "screens": self.screens,
                "print": self._print_result(),
            }
        else:
            result = {
                "outcome": outcome,
                "reception_number": reception_number,
                "paid_yen": self.paid_yen,
                "change_yen": self.change_yen,
                "screens": self.screens,
                "photo": self.photo,
            }
        result["lang"] = self.booth.translations.current
        result["taps"] = self.taps_at_done if self.taps_at_done is not None else self.taps_counter.count
        if reason:
            result["reason"] = reason
        self._report_when_settled(result, 0)

    def _report_when_settled(self, result: dict[str, Any], waited_ms: int) -> None:
        """The line once no payout is running or queued (change, a late coin paid back): the ledger the selftest
        leaves is settled, or says so (money_settled false after SETTLE_LIMIT_MS)."""
        if self.booth.cashier.busy and waited_ms < SETTLE_LIMIT_MS:
            QTimer.singleShot(SETTLE_POLL_MS, lambda: self._report_when_settled(result, waited_ms + SETTLE_POLL_MS))
            return
        result["money_settled"] = not self.booth.cashier.busy
        QTimer.singleShot(self.ms(300), lambda: self.on_done(result))

    def _fail(self, reason: str) -> None:
        self._finish("failed", None, reason)

    def _print_result(self) -> dict[str, Any]:
        from kiosk.photo.sizes import get

        p = self.booth.devices.printer
        size = get(self.photo_size)
        return {"queue": p.queue_name if p is not None else "", "copies": self.booth.flow.session.print_copies,
                "width_mm": size.width_mm, "height_mm": size.height_mm, "dpi": self.booth.cfg.printer.dpi}


def run_selftest(cfg: Config, *, lang: str, birth_date: str, screenshots: Path | None, size: tuple[int, int],
                 timeout_s: float, pay: str = "coins", service: str = "my_number", photo_size: str = "") -> int:
    try:
        birth = date.fromisoformat(birth_date)
    except ValueError:
        print(f"kiosk: --birth-date must be YYYY-MM-DD, not {birth_date!r}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    booth = Booth(cfg, app, Options(lang=lang, size=size, show_panel=False))
    outcome: dict[str, Any] = {}

    def done(result: dict[str, Any]) -> None:
        outcome.update(result)
        app.quit()

    citizen = Citizen(booth, birth, screenshots, done, pay, service=service, photo_size=photo_size)
    QTimer.singleShot(int(timeout_s * 1000), lambda: citizen._fail(f"no result within {timeout_s:.0f} s"))
    booth.start()
    app.exec()
    booth.shutdown()
    print(json.dumps(outcome, ensure_ascii=False))
    return 0 if outcome.get("outcome") in (("printed",) if service == "idphoto" else ("sent", "queued")) else 1


