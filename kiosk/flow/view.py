"""What the screens show, published by the flow: the read model. Screens read it and listen to changed; they
import nothing from the devices or the config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.flow.cashier import Cashier

SEND_STAGES = ("sealed", "connecting", "uploading", "waiting", "received")


@dataclass(frozen=True)
class SendProgress:
    """Where the citizen's application is on its way to the reception server (the sending screen's steps).

    sealed: stored encrypted in the outbox (it is safe from here on); connecting; uploading (sent of total
    bytes); waiting for the server's answer; received: the answer is in. retrying: an attempt failed, the
    next one is on its way (the steps restart at connecting)."""

    stage: str = "sealed"
    sent: int = 0
    total: int = 0
    attempts_failed: int = 0

    @property
    def step(self) -> int:
        """The index of the stage in SEND_STAGES (retrying counts as connecting)."""
        return SEND_STAGES.index("connecting" if self.stage == "retrying" else self.stage)

    @property
    def fraction(self) -> float:
        """How far along, 0 to 1, from the stages and the bytes sent (never from the time waited)."""
        marks = {"sealed": 0.1, "connecting": 0.2, "uploading": 0.25, "waiting": 0.85, "received": 1.0,
                 "retrying": 0.2}
        if self.stage == "uploading" and self.total > 0:
            return 0.25 + 0.6 * min(1.0, self.sent / self.total)
        return marks[self.stage]


class FlowView(QObject):
    """The fee, what intake takes now, whether change can be given, the money in and out, the step, the money
    held for the last citizen, the reasons the booth is out of service. Every value is read live."""

    changed = Signal()  # any value below may have changed (money moved, intake changed, a state entered)

    def __init__(self, cashier: Cashier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cashier = cashier
        self.state = ""
        self.held_money: tuple[str, int] | None = None  # (receipt code, yen) the booth owes the last citizen
        self.out_of_service_details: list[str] = []
        self.retakes_left = 0
        self.note_notice = ""  # why the last note went back, this payment (reason id), "" for none
        self.services: Callable[[], dict[str, str]] = dict  # each service -> why it is unavailable ("" if not)
        self.receipt_available: Callable[[], bool] = lambda: False  # a 領収書 can be asked for now
        self.sizes: tuple[tuple[str, str, str, int], ...] = ()  # print sizes: (id, label ja, label en, fee yen)
        self.operator_contact = ""  # [booth] operator_contact: who runs this booth and how to reach them
        self.coin_slot = "right"  # [booth] coin_slot: where the payment screen's picture points
        self.screen_diagonal_in = 21.5  # [booth] screen_diagonal_in: the controls' physical size follows from it
        self.sending = SendProgress()  # the application being sent now (read on the sending screen)
        for signal in (cashier.credit_changed, cashier.payout_finished, cashier.intake_changed,
                       cashier.note_changed):
            signal.connect(self.changed)
        cashier.note_refused.connect(self._on_note_refused)

    def _on_note_refused(self, reason: str) -> None:
        self.note_notice = reason
        self.changed.emit()

    def entered(self, state: str) -> None:
        """The flow entered a state: a note's message belongs to the payment it was given in."""
        self.state = state
        self.note_notice = ""
        if state == "sending":  # the flow seals the application into the outbox on entering sending
            self.sending = SendProgress()

    @property
    def fee_yen(self) -> int:
        return self._cashier.fee_yen

    @property
    def accepted_coins(self) -> frozenset[int]:
        """The denominations intake takes right now (empty: shut)."""
        return self._cashier.accepted

    @property
    def takes_notes(self) -> bool:
        """The booth has a bill validator and it is up."""
        return self._cashier.takes_notes

    @property
    def accepted_notes(self) -> frozenset[int]:
        """The notes (yen) whose change can be paid now (empty: no note is taken now)."""
        return self._cashier.accepted_notes

    @property
    def held_note_yen(self) -> int:
        """A note waiting in escrow (counted in the credit; given back on a cancel), 0 for none."""
        return self._cashier.held_note_yen

    @property
    def change_available(self) -> bool:
        return self._cashier.change_available

    @property
    def money_busy(self) -> bool:
        """A payout (change or refund) is running or waiting."""
        return self._cashier.busy
