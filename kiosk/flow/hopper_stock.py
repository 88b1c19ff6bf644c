"""The hopper's coin stock as the ledger keeps it (refills minus payouts), fed to the hopper and its low alarm."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import log
from kiosk.devices.base import Hopper, HopperLevel
from kiosk.store.ledger import Ledger

_log = log.get("money")


class HopperStock(QObject):
    """Keeps the hopper driver's coin estimate equal to the ledger's, and says when the hopper is low.

    The ledger has the refills (recorded in the maintenance menu) and every coin paid out (change, refunds, test
    coins as negative refills); the estimate survives a restart with it. After each payout the estimate is read
    again once every slot of payout_finished has run (the cashier writes the payout first). Low: the hopper's own
    level is low or empty (its sensor, or the estimate where it has none), or the estimate is below
    low_level_coins. The intake rules follow through the hopper's level (kiosk.flow.cashier.change_available).
    """

    changed = Signal(object, bool)  # estimate in coins (None: no refill recorded yet), low

    def __init__(self, ledger: Ledger, hopper: Hopper, low_level_coins: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._hopper = hopper
        self.low_level_coins = low_level_coins
        self._estimate: int | None = None
        self._latest: int | None = None  # the ledger's estimate as last read
        self._low = False
        self._known = False
        hopper.payout_finished.connect(self._on_payout_finished)
        hopper.level_changed.connect(self._on_level_changed)

    def use_ledger(self, ledger: Ledger) -> None:
        """Read and write another ledger from now on (the stores were reopened, or the booth is stopping)."""
        self._ledger = ledger

    @property
    def estimate(self) -> int | None:
        return self._estimate

    @property
    def low(self) -> bool:
        return self._low

    def record_refill(self, coins: int) -> None:
        """The technician put coins in (or took them out, negative); recorded, then the estimate follows."""
        if coins == 0:
            return
        self._ledger.refill(coins, self._hopper.coin_yen)
        _log.info("hopper refill recorded: %+d coins", coins)
        self.refresh()

    def refresh(self) -> None:
        """Read the estimate from the ledger, hand it to the hopper, announce a change."""
        self._latest = self._ledger.hopper_estimate(self._hopper.coin_yen)
        self._hopper.set_coin_estimate(self._latest)  # may change the level at once (no sensor)
        self._update(self._latest)

    def _update(self, estimate: int | None) -> None:
        low = self._hopper.level in (HopperLevel.LOW, HopperLevel.EMPTY) or (
            estimate is not None and estimate < self.low_level_coins)
        if self._known and (estimate, low) == (self._estimate, self._low):
            return
        if low and not self._low:
            _log.warning("hopper low: %s coins estimated (alarm below %d), level %s",
                         "?" if estimate is None else estimate, self.low_level_coins, self._hopper.level.value)
        elif self._low and not low:
            _log.info("hopper no longer low: %s coins estimated", estimate)
        self._estimate, self._low, self._known = estimate, low, True
        self.changed.emit(estimate, low)

    def _on_payout_finished(self, _result: object) -> None:
        QTimer.singleShot(0, self, self.refresh)  # after the cashier's slot has written the payout

    def _on_level_changed(self, _level: object) -> None:
        self._update(self._latest)
