"""The fleet view's feed: BoothMetrics fed from the booth's signals and a slow, cheap poll."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from kiosk import __version__
from kiosk.metrics import BoothMetrics
from kiosk.store.running_totals import RunningTotals

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.devices.factory import Devices
    from kiosk.devices.submitter import HttpSubmitter
    from kiosk.flow.cashier import Cashier
    from kiosk.flow.hopper_stock import HopperStock
    from kiosk.flow.machine import Flow
    from kiosk.store.ledger import Ledger


class FleetSources(Protocol):
    """What the metrics read: the flow, the devices, the sender, the money (the ledger may be replaced when the
    stores are reopened, so it is read from here at every poll)."""

    cfg: Config
    flow: Flow
    devices: Devices
    submitter: HttpSubmitter
    cashier: Cashier
    hopper_stock: HopperStock | None
    ledger: Ledger


class FleetMetrics(QObject):
    """Feeds BoothMetrics from the booth's signals and a slow poll; serves them where configured.

    A session's outcome is counted when the flow decides it (Session.outcome_decided), so it is on the
    endpoint while the done screen shows and survives a crash before the session ends; a session that ends
    without a decision is counted when it ends. Either way once a session. The poll reads only the ledger rows
    written since the last poll (RunningTotals): its cost does not grow with the booth's history.
    """

    POLL_MS = 5000

    def __init__(self, booth: FleetSources) -> None:
        super().__init__()
        self.booth = booth
        from kiosk.photo.thresholds import CHECK_IDS  # not kiosk.photo.checks: OpenCV, NumPy, LiteRT

        self.metrics = BoothMetrics(booth.cfg.booth.id, __version__, [d.name for d in booth.devices.all()],
                                    CHECK_IDS)
        self.cash = RunningTotals(booth.ledger)
        self._outcome_counted = False
        self._previous_state = ""
        flow = booth.flow
        flow.state_entered.connect(self._on_state_entered)
        flow.session.outcome_decided.connect(self._on_outcome_decided)
        flow.session_ended.connect(self._on_session_ended)
        flow.out_of_service_changed.connect(self.metrics.set_out_of_service)
        acceptor = booth.devices.acceptor
        acceptor.coin_credited.connect(lambda value, _c: self.metrics.coin_inserted(value))
        acceptor.events_lost.connect(lambda _n: self.metrics.error("events_lost"))
        acceptor.fault_raised.connect(lambda _code, _blocking: self.metrics.error("coin_fault"))
        acceptor.device_reset.connect(lambda: self.metrics.error("device_reset"))
        hopper = booth.devices.hopper
        if hopper is not None:
            hopper.payout_finished.connect(self._on_payout_finished)
        booth.cashier.note_credited.connect(self._on_note_credited)
        bills = booth.devices.bill_validator
        if bills is not None:
            bills.fault_raised.connect(lambda _name, _money: self.metrics.error("bill_fault"))
            bills.note_in_doubt.connect(lambda *_: self.metrics.error("note_in_doubt"))
        submitter = booth.submitter
        submitter.rejected.connect(lambda *_: self.metrics.error("submit_rejected"))
        submitter.rejection_received.connect(
            lambda _e, rejection: self.metrics.submission_refused(str(getattr(rejection, "reason", "")))
        )
        submitter.attempt_failed.connect(lambda *_: self.metrics.error("submit_failed"))
        booth.cashier.fee_owed.connect(lambda *_: self.poll())
        if booth.hopper_stock is not None:
            booth.hopper_stock.changed.connect(self.metrics.set_hopper)
        for device in [*booth.devices.all(), submitter]:
            device.health_changed.connect(lambda h, d=device: self.metrics.set_device_health(d.name, h))
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(self.POLL_MS)
        self.poll()

    def _on_state_entered(self, state: str) -> None:
        if state == "menu":
            self.metrics.session_started()
        elif state == "review" and self._previous_state == "camera":  # a new capture (not back from timeout)
            self.metrics.photo_reviewed(self.booth.flow.session.photo.failed)
        self._previous_state = state

    def _on_outcome_decided(self, outcome: str) -> None:
        if not self._outcome_counted:
            self._outcome_counted = True
            self.metrics.session_ended(outcome, self.booth.flow.session.service)

    def _on_session_ended(self, outcome: str) -> None:
        if not self._outcome_counted:
            self.metrics.session_ended(outcome, self.booth.flow.session.service)
        self._outcome_counted = False

    def _on_payout_finished(self, result: object) -> None:
        self.metrics.coins_paid(getattr(result, "coin_yen", 0), getattr(result, "paid", 0))
        if getattr(result, "unpaid", 0) > 0:
            self.metrics.error("payout_unpaid")

    def _on_note_credited(self, value_yen: int) -> None:
        self.metrics.note_inserted(value_yen)
        self.poll()  # the stacker's count and value

    def poll(self) -> None:
        b = self.booth
        totals = self.cash.update(b.ledger)
        self.metrics.set_stacker(totals.stacker_notes, totals.stacker_yen)
        self.metrics.set_cash_box({v: yen // v for v, yen in totals.cash_box_yen.items() if v})
        if b.hopper_stock is not None:
            self.metrics.set_hopper(b.hopper_stock.estimate, b.hopper_stock.low)
        self.metrics.set_unpaid(sum(yen for _code, yen in totals.unpaid))
        self.metrics.set_owed(sum(yen for _code, yen in totals.owed), sum(u.yen for u in b.cashier.unrecorded))
        status = b.submitter.queue_status()
        self.metrics.set_outbox(status.depth, status.oldest_age_s)
        self.metrics.set_out_of_service(b.flow.is_out_of_service())
        for device in [*b.devices.all(), b.submitter]:
            self.metrics.set_device_health(device.name, device.health)

    def serve(self, bind: str) -> tuple[str, int]:
        return self.metrics.serve(bind)

    def stop(self) -> None:
        self.timer.stop()
        self.metrics.stop()
