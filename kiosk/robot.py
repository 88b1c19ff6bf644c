"""The citizen robot: plays sessions on the real screens, tapping each control by its objectName once it is
visible and enabled, as a person would, and working the simulated devices (coins, a note, the QR code, the sitter).

One robot for every player of whole sessions: `kiosk selftest` (one session and its JSON line, kiosk/selftest.py),
the soak and the campaigns built on it (benchmarks/soak.py: random citizens, faults, the technician) and the e2e
tests (tests/helpers/driver.py). Each of them subclasses it or configures its `Plan`; none of them knows again
which control a screen wants next.

Every reaction is scheduled on the GUI thread's event loop and belongs to the screen it was scheduled on: a
reaction left over from an earlier screen (the booth moved on by a timer, or by a fault) does nothing.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from kiosk.app import Booth

POLL_MS = 40  # how often a control not yet tappable is looked for again
COINS = ((0, 10), (1, 50), (2, 100), (4, 500))  # the simulated acceptor's inhibit bit of each coin (yen)


@dataclass
class Plan:
    """What the citizen does on the happy path. The defaults are `kiosk selftest`'s citizen."""

    pay: str = "exact"  # exact (the largest coin that still fits), overpay (the largest coin taken), note
    coin_gap_ms: tuple[int, int] = (250, 250)  # between two coins
    coins: tuple[int, ...] = ()  # these coins in this order, when given (not chosen by `pay`)
    coin_when_taken: bool = False  # a coin only once the acceptor takes it (what the screen shows); else as a
    # hurried person does, and a coin refused comes back (the soak's citizens)
    birth: date = date(1985, 4, 12)
    digits: str = ""  # the 申請書ID on the QR code ("" draws one)
    typed: bool = False  # types the 23 digits instead of holding the QR code under the reader
    rescan_ms: int = 2500  # the code presented again when no read arrived (a reader replugged meanwhile)
    explicit_details: bool = False  # every field's 次へ and both certificates tapped, not the short path
    language: str = ""  # chosen on the menu ("" keeps the booth's)
    scene: str = "good"  # what the simulated camera films once the citizen sits down
    shutter_after_ms: int = 600  # the sitter settles before pressing 撮影する
    retakes: int = 0
    medical_exception: bool = False  # a photo failing the checks is sent with the medical exception


class Robot(QObject):
    """Reacts to each screen the booth shows with what a person would do next, following `plan`."""

    def __init__(self, booth: Booth, plan: Plan | None = None, rng: random.Random | None = None,
                 react_ms: tuple[int, int] = (200, 200), pace: float = 1.0) -> None:
        super().__init__()
        self.booth = booth
        self.plan = plan or Plan()
        self.rng = rng or random.Random()
        self.react_ms = react_ms  # from a screen shown to the first reaction
        self.pace = pace  # multiplies the plan's pauses (coin gaps, the sitter settling): selftest --fast
        sims = booth.devices.sims
        self.simulate = booth.cfg.booth.simulate
        # the simulators (None on a real booth): typed loosely, as the factory holds them (kiosk.devices.sim)
        self.bus: Any = sims.cctalk if sims is not None else None
        self.scanner: Any = sims.scanner if sims is not None else None
        self.camera: Any = sims.camera if sims is not None else None
        self.bills: Any = sims.bills if sims is not None else None
        self.screens: list[str] = []
        self.generation = 0  # bumps at every screen: reactions scheduled on an older screen do nothing
        self.finished = False
        self.retakes_done = 0
        self.coins_put = 0  # coins credited on this payment screen
        self.tap_tries = 150  # POLL_MS apart: how long a control may take to become tappable
        self._connections = [(booth.window.screen_shown, booth.window.screen_shown.connect(self._on_screen_shown)),
                             (booth.cashier.note_refused, booth.cashier.note_refused.connect(self._on_note_refused))]

    # -- the mechanism --------------------------------------------------------------------------------------
    def later(self, ms: int, action: Callable[[], None]) -> None:
        """Run `action` after `ms` if the same screen is still on and the robot has not finished."""
        generation = self.generation
        QTimer.singleShot(max(0, ms), lambda: action() if generation == self.generation and not self.finished
                          else None)

    def ms(self, ms: int) -> int:
        """A person's pause of `ms` milliseconds, at the robot's pace."""
        return round(ms * self.pace)

    def tap(self, name: str, then: Callable[[], None] | None = None, tries: int | None = None) -> None:
        """Tap the control `name` once it is visible and enabled on this screen; then `then`."""
        if self.finished:
            return
        tries = self.tap_tries if tries is None else tries
        control = self.booth.window.find_control(name)
        if isinstance(control, QPushButton) and control.isVisible() and control.isEnabled():
            QTest.mouseClick(control, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(control.width() // 2, control.height() // 2))
            if then is not None:
                self.later(0, then)
            return
        if tries > 0:
            self.later(POLL_MS, lambda: self.tap(name, then, tries - 1))
        else:
            self.gave_up(f"control {name} never became tappable on {self.booth.flow.current}")

    def taps(self, names: list[str], then: Callable[[], None] | None = None) -> None:
        if not names:
            if then is not None:
                then()
            return
        self.tap(names[0], lambda: self.taps(names[1:], then))

    def stop(self) -> None:
        """Stop playing: nothing scheduled runs, no later screen is reacted to."""
        self.finished = True
        self.generation += 1
        for signal, connection in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(connection)
        self._connections.clear()

    def gave_up(self, reason: str) -> None:
        """A control never became tappable (a subclass reports it; the booth's own timers move on)."""

    def _on_screen_shown(self, state: str) -> None:
        self.generation += 1
        self.screens.append(state)
        if self.finished:
            return
        if state == "attract":
            self.retakes_done = 0
        self.react(state)

    def react(self, state: str) -> None:
        """The reaction to a screen: its `_on_<state>` handler, after a short pause."""
        handler = getattr(self, f"_on_{state}", None)
        if handler is not None:
            self.later(self.rng.randint(*self.react_ms), handler)

    # -- the happy path ---------------------------------------------------------------------------------------
    def _on_attract(self) -> None:
        self.tap("attract_start")

    def _on_menu(self) -> None:
        language = self.plan.language
        if language and self.booth.flow.session.language != language:
            self.tap("menu_language", lambda: self.tap(f"lang_{language}", lambda: self.tap("menu_my_number")))
            return
        self.tap("menu_my_number")

    def _on_notice(self) -> None:
        self.tap("notice_agree")

    def _on_payment(self) -> None:
        self.coins_put = 0
        if self.plan.pay == "note":
            self._pay_by_note()
        else:
            self._pay()

    def _pay(self) -> None:
        """One coin, then the next after the plan's gap, until the fee is in."""
        view = self.booth.flow.view
        if self.booth.flow.current != "payment" or self.booth.flow.session.credit_yen >= view.fee_yen:
            return
        self._insert_one()
        self.later(self.ms(self.rng.randint(*self.plan.coin_gap_ms)), self._pay)

    def enabled_coins(self) -> list[int]:
        """The coins the simulated acceptor takes now (its inhibit mask, as the coin mechanism sees it)."""
        if self.bus is None:
            return []
        mask = self.bus.inhibit_mask
        return sorted((v for pos, v in COINS if mask >> pos & 1), reverse=True)

    def next_coin(self) -> int:
        """The coin the plan puts in next (0: none enabled, intake not open)."""
        enabled = self.enabled_coins()
        if not enabled:
            return 0
        if self.plan.coins:
            return self.plan.coins[min(self.coins_put, len(self.plan.coins) - 1)]
        left = self.booth.flow.view.fee_yen - self.booth.flow.session.credit_yen
        if self.plan.pay == "overpay":
            return enabled[0]
        fitting = [v for v in enabled if v <= left]
        return fitting[0] if fitting else enabled[-1]

    def _insert_one(self) -> bool:
        """One coin in; True when the acceptor credited it (a person's coin may also come back: refused)."""
        coin = self.next_coin()
        if not coin or (self.plan.coin_when_taken and not self.bus.accepting(coin)):
            return False  # intake not open, or not polled lately: the next turn of _pay tries again
        taken = bool(self.bus.insert_coin(coin))
        self.coins_put += taken
        return taken

    def _pay_by_note(self, tries: int = 400) -> None:
        """One note, the smallest the booth takes now that covers the fee; tried again if it came back."""
        if self.finished or self.booth.flow.current != "payment":
            return
        view = self.booth.flow.view
        notes = sorted(n for n in view.accepted_notes if n >= view.fee_yen)
        if notes and self.bills is not None and self.bills.insert_note(notes[0]):
            return  # a note given back (pulled in while a setting was sent) is tried again: _on_note_refused
        if tries <= 0:
            self.gave_up("no note is taken: " + ("no bill validator" if self.booth.devices.bill_validator is None
                                               else f"notes taken now {sorted(view.accepted_notes)}"))
            return
        self.later(POLL_MS, lambda: self._pay_by_note(tries - 1))

    def _on_note_refused(self, _reason: str) -> None:
        if self.plan.pay == "note" and self.booth.flow.current == "payment":
            self.later(500, self._pay_by_note)

    def application_id(self) -> str:
        from kiosk.devices.sim.qr_payloads import random_id

        return self.plan.digits or random_id(self.rng)

    def _on_scan(self) -> None:
        self._scan()

    def _scan(self) -> None:
        digits = self.application_id()
        if self.plan.typed:
            keys = [f"scan_key_{d}" for d in digits]
            self.tap("scan_type_id", lambda: self.taps(keys, lambda: self.tap("scan_typed_ok")))
            return
        if self.scanner is None:
            return
        from kiosk.devices.sim.qr_payloads import official_url

        self.scanner.present(official_url(digits))
        self.later(self.plan.rescan_ms, self._scan)  # a lost read (the reader replugged meanwhile): again

    def _on_details(self) -> None:
        b = self.plan.birth
        if not self.plan.explicit_details:
            # the Western year's four digits, the month and the day (each moves on by itself), the certificates
            # left as recommended, and the braille answer, which sends the details
            self.taps([*[f"details_key_{d}" for d in f"{b.year:04d}"], f"details_month_{b.month}",
                       f"details_day_{b.day}", "details_braille_no"])
            return
        today = self.booth.flow.today()
        age = today.year - b.year - ((today.month, today.day) < (b.month, b.day))
        self.taps([
            "details_era_western", *[f"details_key_{d}" for d in f"{b.year:04d}"], "details_next",
            f"details_month_{b.month}", "details_next", f"details_day_{b.day}", "details_next",
            *(["details_signature_yes"] if age >= 15 else []), "details_user_yes", "details_next",
            "details_braille_no", "details_next",
        ])

    def _on_guide(self) -> None:
        if self.camera is not None:
            self.camera.set_scene(self.plan.scene)
        self.tap("guide_ready")

    def _on_camera(self) -> None:
        self.later(self.ms(self.plan.shutter_after_ms), lambda: self.tap("camera_shutter"))

    def _on_review(self) -> None:
        flow = self.booth.flow
        if self.retakes_done < self.plan.retakes and flow.retakes_left() > 0:
            self.retakes_done += 1
            self.tap("review_retake")
            return
        photo = flow.session.photo
        if photo.failed and not photo.exception_kind:
            if self.plan.medical_exception:
                self.tap("review_exception", lambda: self.tap("review_exception_medical",
                                                              lambda: self.tap("review_accept")))
            else:
                self.photo_failed(list(photo.failed))
            return
        self.tap("review_accept")

    def photo_failed(self, checks: list[str]) -> None:
        """The photo failed its checks and the plan has no exception: take it again."""
        self.tap("review_retake")

    def _on_confirm(self) -> None:
        self.tap("confirm_send")
