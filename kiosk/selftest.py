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
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import log
from kiosk.app import Booth, Options
from kiosk.config import Config
from kiosk.ui.taps import TapCounter

_log = log.get("app")
POLL_MS = 50
OUT_OF_SERVICE_GRACE_MS = 20000


class Citizen(QObject):
    """Reacts to each screen the booth shows with what a person would tap next."""

    def __init__(self, booth: Booth, birth: date, screenshots: Path | None, on_done: Callable[[dict[str, Any]], None],
                 pay: str = "coins", *, service: str = "my_number", photo_size: str = ""):
        super().__init__()
        self.pay = pay
        self._retry_connected = False
        self.service = service
        self.photo_size = photo_size
        self.booth = booth
        self.birth = birth
        self.screenshots = screenshots
        self.on_done = on_done
        self.screens: list[str] = []
        self.photo: dict[str, int] | None = None
        self.paid_yen = 0
        self.change_yen = 0
        self.simulate = booth.cfg.booth.simulate
        self.pace = 1 / booth.cfg.simulated_time_scale()  # a person's pauses, quicker with selftest --fast
        self._finished = False
        self.taps_counter = TapCounter(booth.window, self)
        QApplication.instance().installEventFilter(self.taps_counter)  # type: ignore[union-attr]
        self.taps_at_done: int | None = None
        booth.window.screen_shown.connect(self._on_screen_shown)
        booth.flow.session.changed.connect(self._on_session_changed)

    # -- tapping --------------------------------------------------------------------------------------------
    def tap(self, name: str, then: Callable[[], None] | None = None, *, state: str | None = None,
            tries: int = 400) -> None:
        """Tap the control `name` once it is visible and enabled on the current screen."""
        expected = state or self.booth.flow.current
        if self._finished or self.booth.flow.current != expected:
            return
        control = self.booth.window.find_control(name)
        if isinstance(control, QPushButton) and control.isVisible() and control.isEnabled():
            QTest.mouseClick(control, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(control.width() // 2, control.height() // 2))
            if then is not None:
                QTimer.singleShot(0, then)
            return
        if tries <= 0:
            self._fail(f"control {name} never became tappable on {expected}")
            return
        QTimer.singleShot(POLL_MS, lambda: self.tap(name, then, state=expected, tries=tries - 1))

    def taps(self, names: list[str]) -> None:
        if names:
            state = self.booth.flow.current
            self.tap(names[0], lambda: self.taps(names[1:]), state=state)

    # -- the screens -------------------------------------------------------------------------------------------
    def _on_screen_shown(self, state: str) -> None:
        self.screens.append(state)
        if state == "done" and self.taps_at_done is None:
            self.taps_at_done = self.taps_counter.count  # the reception number is on screen
        if self.screenshots is not None:
            delay = 900 if state == "camera" else 120
            index = len(self.screens)
            QTimer.singleShot(delay, lambda: self._shoot(state, index))
        handler = getattr(self, f"_on_{state}", None)
        if handler is not None:
            QTimer.singleShot(self._ms(200), handler)

    def _ms(self, ms: int) -> int:
        """A person's pause of `ms` milliseconds, at the simulator's pace."""
        return round(ms * self.pace)

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
        self.tap("menu_id_photo" if self.service == "idphoto" else "menu_my_number")

    def _on_size(self) -> None:
        self.tap(f"size_{self.photo_size}")

    def _on_printing(self) -> None:
        pass  # the printer's job decides: printed, or a refund on the cancel screen

    def _on_printed(self) -> None:
        self._finish("printed", None)

    def _on_notice(self) -> None:
        self.tap("notice_agree")

    def _on_payment(self) -> None:
        if self.pay == "note":
            self._pay_by_note()
            return
        if not self.simulate:
            print("selftest: insert the fee in coins", file=sys.stderr)
            return
        fee = self.booth.flow.view.fee_yen  # the size's fee in the print service
        coins: list[int] = []
        cashier = self.booth.cashier
        if cashier.change_available and fee % 500:
            coins = [500] * (fee // 500 + 1)  # overpay: exercises the hopper's change
        else:
            left = fee
            for coin in (500, 100, 50, 10):
                while left >= coin:
                    coins.append(coin)
                    left -= coin
        self._insert_coins(coins)

    def _insert_coins(self, coins: list[int], tries: int = 400) -> None:
        """One coin once the acceptor takes it (intake open, polled lately: what the screen shows), the next a
        person's pause later."""
        if self._finished or self.booth.flow.current != "payment" or not coins:
            return
        bus = self.booth.devices.sims.cctalk
        if bus.accepting(coins[0]) and bus.insert_coin(coins[0]):
            QTimer.singleShot(self._ms(250), lambda: self._insert_coins(coins[1:]))
        elif tries <= 0:
            self._fail(f"the coin acceptor never took a {coins[0]}-yen coin")
        else:
            QTimer.singleShot(POLL_MS, lambda: self._insert_coins(coins, tries - 1))

    def _pay_by_note(self, tries: int = 400) -> None:
        """One note, the smallest the booth takes now that covers the fee; on a real booth the technician's."""
        if self._finished or self.booth.flow.current != "payment":
            return
        view = self.booth.flow.view
        fee = view.fee_yen
        notes = sorted(n for n in view.accepted_notes if n >= fee)
        sim = self.booth.devices.sims.bills
        if notes and not self.simulate:
            print(f"selftest: insert a {notes[0]}-yen note", file=sys.stderr)
            return
        if notes and sim is not None and sim.insert_note(notes[0]):
            if not self._retry_connected:  # a note given back (pulled in while a setting was sent): again
                self._retry_connected = True
                self.booth.cashier.note_refused.connect(lambda _r: QTimer.singleShot(500, self._pay_by_note))
            return
        if tries <= 0:
            self._fail("no note is taken: " + ("no bill validator" if self.booth.devices.bill_validator is None
                                               else f"notes taken now {sorted(view.accepted_notes)}"))
            return
        QTimer.singleShot(POLL_MS, lambda: self._pay_by_note(tries - 1))

    def _on_scan(self) -> None:
        if not self.simulate:
            print("selftest: present the test QR code", file=sys.stderr)
            return
        from kiosk.devices.sim.qr_payloads import official_url, random_id

        self.booth.devices.sims.scanner.present(official_url(random_id(random.Random())))

    def _on_details(self) -> None:
        """The Western year's four digits, the month and the day (each moves on by itself), the certificates
        left as recommended, and the braille answer, which sends the details."""
        b = self.birth
        self.taps([*[f"details_key_{d}" for d in f"{b.year:04d}"], f"details_month_{b.month}",
                   f"details_day_{b.day}", "details_braille_no"])

    def _on_guide(self) -> None:
        if self.simulate and self.booth.devices.sims.camera is not None:
            self.booth.devices.sims.camera.set_scene("good")
        self.tap("guide_ready")

    def _on_camera(self) -> None:
        QTimer.singleShot(self._ms(600), lambda: self.tap("camera_shutter"))

    def _on_review(self) -> None:
        failed = self.booth.flow.session.photo.failed
        if failed:
            self._fail("the photo failed checks: " + ",".join(failed))
            return
        self.tap("review_accept")

    def _on_confirm(self) -> None:
        self.tap("confirm_send")

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
        if self._finished:
            return
        self._finished = True
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
        QTimer.singleShot(self._ms(300), lambda: self.on_done(result))

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


