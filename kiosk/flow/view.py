"""What the screens show, published by the flow: the read model. Screens read it and listen to changed; they
import nothing from the devices or the config."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.flow.cashier import Cashier
from kiosk.flow.table import STEP_OF


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
        for signal in (cashier.credit_changed, cashier.payout_finished, cashier.intake_changed):
            signal.connect(self.changed)

    @property
    def fee_yen(self) -> int:
        return self._cashier.fee_yen

    @property
    def accepted_coins(self) -> frozenset[int]:
        """The denominations intake takes right now (empty: shut)."""
        return self._cashier.accepted

    @property
    def change_available(self) -> bool:
        return self._cashier.change_available

    @property
    def money_busy(self) -> bool:
        """A payout (change or refund) is running or waiting."""
        return self._cashier.busy

    @property
    def step(self) -> int:
        """The step indicator's step (1-5) of the current state, 0 outside the five steps."""
        return STEP_OF.get(self.state, 0)
