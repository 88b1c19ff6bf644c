"""The e2e tests' citizen: plays a session with the flow's own API and the simulators, waiting on signals."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from pathlib import Path

from kiosk.app import Booth
from kiosk.config import Config, load
from kiosk.devices.sim.qr_payloads import official_url
from kiosk.flow.session import Details
from kiosk.oneshot import OneShot
from kiosk.robot import POLL_MS, Plan, Robot

TEST_ID = "31415926535897932384626"
TEST_BIRTH = date(1985, 4, 12)
TODAY = date(2026, 11, 29)
WAIT_MS = 15000


def make_config(storage: Path) -> Config:
    cfg = load(None, simulate=True)
    return dataclasses.replace(cfg, storage=dataclasses.replace(cfg.storage, dir=str(storage)))


def insert_coin(qtbot, sim, value_yen: int, timeout_ms: int = WAIT_MS) -> None:  # type: ignore[no-untyped-def]
    """A coin in, once the simulated acceptor takes it. Each try waits for accepting() (which changes nothing):
    a coin refused is an event too, and a burst of refused coins put in between two polls is more than the
    acceptor's five-event buffer holds, which takes the booth out of service ("coin events lost")."""
    qtbot.waitUntil(lambda: sim.accepting(value_yen) and sim.insert_coin(value_yen), timeout=timeout_ms)


class E2eCitizen(Robot):
    """The citizen robot as the e2e tests play it: TEST_ID, TEST_BIRTH, the exact fee, no pause between
    screens, each coin once the last one is credited, the countdown's timers fired; it stops on `target`."""

    def __init__(self, booth: Booth, target: str, coins: tuple[int, ...] = (), wrong_code_first: bool = False) -> None:
        super().__init__(booth, Plan(digits=TEST_ID, birth=TEST_BIRTH, shutter_after_ms=0, coin_gap_ms=(40, 40),
                                     coins=coins, coin_when_taken=True), random.Random(0), react_ms=(0, 0))
        self.target = target
        self.tap_tries = WAIT_MS // POLL_MS
        self.wrong_code_first = wrong_code_first
        self.rejected = 0  # codes the booth refused on the scan screen

    def _on_scan(self) -> None:
        if self.wrong_code_first and not self.rejected:  # a code that is not an application's, refused first
            OneShot(self.booth.flow.scan_rejected, self._wrong_code_refused, parent=self)
            self.scanner.present("https://example.org/not-an-application")
            return
        super()._on_scan()

    def react(self, state: str) -> None:
        if state == self.target:
            self.stop()
            return
        super().react(state)

    def _wrong_code_refused(self, _reason: str) -> None:
        self.rejected += 1
        self.later(0, self._scan)

    def _pay(self) -> None:
        flow = self.booth.flow
        if flow.current != "payment" or flow.session.credit_yen >= flow.view.fee_yen:
            return
        before = flow.session.credit_yen
        if self.booth.cashier.busy or not self._insert_one():
            self.later(POLL_MS, self._pay)  # intake not open yet, or not polled lately: a moment later
            return
        self._after_credit(before)

    def _after_credit(self, before: int) -> None:
        if self.booth.flow.session.credit_yen > before:
            self._pay()
        else:
            self.later(POLL_MS, lambda: self._after_credit(before))

    def _on_camera(self) -> None:
        self.tap("camera_shutter", self._fire_countdown)

    def _fire_countdown(self, beats: int = 5) -> None:
        timers = self.booth.studio_timers
        if timers.is_active("shutter"):
            timers.fire("shutter")
            beats -= 1
        if beats > 0 and self.booth.flow.current == "camera":
            self.later(POLL_MS, lambda: self._fire_countdown(beats))


class Driver:
    """Plays the citizen with the flow's own API and the simulators, waiting on signals (never sleeping)."""

    def __init__(self, booth: Booth, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.booth = booth
        self.flow = booth.flow
        self.qtbot = qtbot
        self.sims = booth.devices.sims

    def wait_state(self, state: str, timeout_ms: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(lambda: self.flow.current == state, timeout=timeout_ms)

    def request(self, state: str, action: str, payload: object = None, then: str | None = None) -> None:
        self.wait_state(state)
        assert self.flow.request(state, action, payload), f"{state}/{action} refused"
        if then:
            self.wait_state(then)

    def to(self, target: str) -> None:
        """Drive a fresh session from attract to the target state: the citizen robot taps its way there on the
        real screens (TEST_ID, TEST_BIRTH, the exact fee in coins, a good portrait) and stops on arrival."""
        if target in ("size", "printing", "printed"):
            self.to_print(target)
            return
        self.wait_state("attract")
        # every required device reported (not only counted up in the start-up grace): see the closing note
        self.qtbot.waitUntil(lambda: self.flow.devices_ok() and not self.flow.waiting_for_devices(), timeout=WAIT_MS)
        robot = E2eCitizen(self.booth, target)
        try:
            robot.react("attract")
            self.wait_state(target, timeout_ms=4 * WAIT_MS)
        finally:
            robot.stop()

    def to_print(self, target: str, size_id: str = "35x45") -> None:
        """A fresh print session to size, printing (the simulated printer holds the sheet) or printed."""
        self.wait_state("attract")
        self.qtbot.waitUntil(lambda: self.flow.devices_ok() and self.flow.guard_printer_ready(), timeout=WAIT_MS)
        self.request("attract", "start", then="menu")
        self.request("menu", "idphoto", then="size")
        if target == "size":
            return
        self.request("size", "choose", size_id, then="payment")
        fee = self.flow.view.fee_yen
        self.qtbot.waitUntil(lambda: self.sims.cctalk.master_inhibit_open, timeout=WAIT_MS)
        for coin in (500,) + (100,) * ((fee - 500) // 100):
            before = self.flow.session.credit_yen
            assert self.sims.cctalk.insert_coin(coin)
            self.qtbot.waitUntil(lambda b=before: self.flow.session.credit_yen > b or self.flow.current != "payment",
                                 timeout=WAIT_MS)
        self.request("guide", "ready", then="camera")
        self.shoot()
        if target == "printing":
            self.sims.printer.hold()
        self.request("review", "accept", then="printing")
        if target == "printed":
            self.wait_state("printed")

    def pay(self, coins: tuple[int, ...] = (500, 100, 100, 100)) -> None:
        self.wait_state("payment")
        self.qtbot.waitUntil(lambda: self.sims.cctalk.master_inhibit_open, timeout=WAIT_MS)
        for coin in coins:
            before = self.flow.session.credit_yen
            self.qtbot.waitUntil(lambda c=coin: self.sims.cctalk.accepting(c), timeout=WAIT_MS)  # polled lately
            assert self.sims.cctalk.insert_coin(coin)
            self.qtbot.waitUntil(lambda b=before: self.flow.session.credit_yen > b or self.flow.current != "payment",
                                 timeout=WAIT_MS)
        self.wait_state("scan")

    def scan(self, payload: str | None = None) -> None:
        self.wait_state("scan")
        self.sims.scanner.present(payload or official_url(TEST_ID))
        self.wait_state("details")

    @staticmethod
    def details(birth: date = TEST_BIRTH) -> Details:
        return Details(birth_date=birth, signature_certificate=True, user_certificate=True, braille=False)

    def shoot(self) -> None:
        self.wait_state("camera")
        self.sims.camera.set_scene("good")
        assert self.flow.request("camera", "shutter")
        timers = self.booth.studio_timers
        for _ in range(5):
            self.qtbot.waitUntil(lambda: timers.is_active("shutter") or self.flow.current != "camera", timeout=WAIT_MS)
            if self.flow.current != "camera" or not timers.fire("shutter"):
                break
            if not timers.is_active("shutter"):
                break
        self.wait_state("review")

    def finish_cancel(self) -> None:
        """From the cancel screen: wait for the refund, then tap 「終わる」."""
        self.wait_state("cancel")
        self.qtbot.waitUntil(lambda: not self.booth.cashier.busy, timeout=WAIT_MS)
        self.qtbot.waitUntil(lambda: self.flow.request("cancel", "finish") or self.flow.current != "cancel",
                             timeout=WAIT_MS)
        self.qtbot.waitUntil(lambda: self.flow.current in ("attract", "out_of_service"), timeout=WAIT_MS)
