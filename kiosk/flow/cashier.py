"""The cashier: takes coins and notes for one session, charges the fee, pays change and refunds, recovers after
a crash.

Every coin and every payout is written to the ledger before it shows or moves a coin. A note is another tender
under the same rules, through the bill validator's escrow: escrowed (written, shown as held: it still goes back on
a cancel, a timeout or an out of service), sent to the stacker only when the session keeps the money (pay_change,
before any change is paid), and credited in the ledger (once, by its note id) before the validator's VEND VALID
is acknowledged. A note in escrow whose change the hopper cannot pay whole is given back with a reason. The
cashier lives in the GUI thread; the devices report to it by queued signals.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import log
from kiosk.devices.base import UNKNOWN, BillValidator, CoinAcceptor, Hopper, HopperLevel, PayoutResult
from kiosk.flow.payment import acceptable_coins, note_refusal, notes_taken, receipt_code
from kiosk.store.ledger import Ledger, LedgerWriteError, PendingPayout

_log = log.get("money")

RECOVERY_WAIT_MS = 15000
RECOVERY_RETRY_MS = 100
HOPPER_START_WAIT_MS = 5000  # a payout due while the hopper has not reported yet (starting) waits this long for it


@dataclass(frozen=True)
class Unrecorded:
    """Money the ledger could not record (storage failing): held or owed, to be settled by hand."""

    receipt_code: str
    yen: int
    txn: str
    what: str  # "coin", "coin outside a session", "unpaid", "fee owed"


@dataclass
class _Job:
    txn: str
    purpose: str  # "change" or "refund"
    close_after: bool


@dataclass
class _Note:
    """The one note the validator is handling for the booth."""

    txn: str
    note_id: str
    value_yen: int
    state: str  # held (in escrow, counted as held credit), stacking, returning (held, given back), refused


@dataclass
class _Running:
    job: _Job
    payout_id: int
    coins: int
    coin_yen: int
    remainder_yen: int  # part of the amount the hopper's coin cannot make


class Cashier(QObject):
    """The flow's money controller; the state machine calls it, screens observe its signals."""

    credit_changed = Signal(int)  # credit_yen of the session
    fee_reached = Signal()
    payout_finished = Signal(int, int, str)  # paid_yen, unpaid_yen, receipt code or ""
    money_fault = Signal(str)  # technician-readable reason
    intake_changed = Signal()  # accepted changed (the denominations intake takes now)
    fee_owed = Signal(str, int)  # receipt code, yen: a charged fee is owed back (its application was refused)
    recovered = Signal()  # recover() has settled every interrupted session
    note_refused = Signal(str)  # reason id: change_short, fee_reached, not_now, rejected (by the validator)
    note_changed = Signal()  # held_note_yen changed (a note came into escrow, was stacked or went back)
    note_credited = Signal(int)  # value_yen of a note credited (stacked and in the ledger), for the metrics

    def __init__(
        self,
        acceptor: CoinAcceptor,
        hopper: Hopper | None,
        ledger: Ledger,
        fee_yen: int,
        parent: QObject | None = None,
        *,
        bills: BillValidator | None = None,
    ) -> None:
        super().__init__(parent)
        self._acceptor = acceptor
        self._bills = bills
        self._note: _Note | None = None
        self._bills_open: frozenset[int] | None = None  # what the validator was last told to take
        self.accepted_notes: frozenset[int] = frozenset()  # denominations whose change can be paid now
        self._hopper = hopper
        self._ledger = ledger
        self.fee_yen = fee_yen
        self._txn: str | None = None
        self._credit_yen = 0
        self._intake = False
        self._fee_announced = False
        self._refunding = False
        self._change_asked = False  # pay_change() was called: the session keeps the money, the rest goes back
        self._jobs: deque[_Job] = deque()
        self._running: _Running | None = None
        self._recovering = False
        self._recovery_waited_ms = 0
        self._start_waited_ms = 0  # how long payouts have waited for a hopper still starting (HOPPER_START_WAIT_MS)
        self._application_kept: Callable[[str], bool] | None = None
        self.accepted: frozenset[int] = frozenset()  # the denominations intake takes right now
        self.last_payout_txn = ""  # whose payout the last payout_finished reported
        # money the booth holds or owes that the ledger could not record (storage failing). Kept in memory and in
        # the log (journald keeps it elsewhere); shown to the citizen and in the maintenance menu.
        self.unrecorded: list[Unrecorded] = []
        self._outside_payouts = 0  # payouts a self-test started (their results are not the cashier's)
        self._receipts: dict[str, str] = {}  # session -> the receipt code drawn for it (only sessions owed money)
        self._storage_failed = False
        acceptor.coin_credited.connect(self._on_coin_credited)
        acceptor.events_lost.connect(self._on_events_lost)
        acceptor.fault_raised.connect(self._on_fault_raised)
        acceptor.device_reset.connect(self._update_intake)
        acceptor.counter_read.connect(self._on_counter_read)
        acceptor.health_changed.connect(self._update_intake)
        if hopper is not None:
            hopper.payout_finished.connect(self._on_payout_finished)
            hopper.level_changed.connect(self._update_intake)
            hopper.health_changed.connect(self._update_intake)
        if bills is not None:
            bills.note_escrowed.connect(self._on_note_escrowed)
            bills.note_stacked.connect(self._on_note_stacked)
            bills.note_returned.connect(self._on_note_returned)
            bills.note_rejected.connect(self._on_note_rejected)
            bills.note_in_doubt.connect(self._on_note_in_doubt)
            bills.fault_raised.connect(self._on_bill_fault)
            bills.health_changed.connect(self._on_bill_health)
            bills.device_reset.connect(self._update_intake)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._next_job)

    # ---- state ---------------------------------------------------------------------------------------

    @property
    def credit_yen(self) -> int:
        return self._credit_yen

    @property
    def txn(self) -> str | None:
        return self._txn

    @property
    def busy(self) -> bool:
        """A payout is running or waiting, or a note is on its way to the stacker or back to the citizen."""
        return self._running is not None or bool(self._jobs) or self._note_moving

    @property
    def _note_moving(self) -> bool:
        return self._note is not None and self._note.state in ("stacking", "returning")

    @property
    def held_note_yen(self) -> int:
        """The note of this session waiting in escrow (part of credit_yen, given back on a cancel)."""
        n = self._note
        return n.value_yen if n is not None and n.state == "held" and n.txn == self._txn else 0

    @property
    def takes_notes(self) -> bool:
        """A bill validator is fitted and up."""
        return self._bills is not None and self._bills.health.ok and bool(self._bills.note_values())

    def _hopper_coins(self) -> int | None:
        h = self._hopper
        if h is None:
            return None
        estimate = self._ledger.hopper_estimate(h.coin_yen)
        if estimate is None:
            getter = getattr(h, "coin_estimate", None)
            estimate = getter() if callable(getter) else None
        return estimate

    @property
    def change_available(self) -> bool:
        h = self._hopper
        return (
            h is not None
            and h.health.ok
            and h.lifetime_count() is not None
            and h.level in (HopperLevel.OK, HopperLevel.HIGH)
        )

    # ---- the session ---------------------------------------------------------------------------------

    def begin(self) -> str:
        """Open a session in the ledger under a fresh id, which becomes the session's txn id.

        LedgerWriteError when the ledger cannot take it (the flow then goes out of service).
        """
        try:
            txn_id = self._ledger.open_session()
        except LedgerWriteError as exc:
            self._write_failed(str(exc))
            raise
        self._txn = txn_id
        self._credit_yen = 0
        self._fee_announced = False
        self._refunding = False
        self._change_asked = False
        _log.info("session %s begun", txn_id)
        self.credit_changed.emit(0)
        return txn_id

    def open_intake(self) -> None:
        self._intake = True
        self._update_intake()

    def use_ledger(self, ledger: Ledger) -> None:
        """The real ledger, opened once the storage came back (it replaces the stand-in; no session was open)."""
        self._ledger = ledger

    def storage_restored(self) -> None:
        """The storage monitor says writes work again: intake may open again (when the flow asks)."""
        self._storage_failed = False

    def _write_failed(self, problem: str) -> None:
        """A ledger write failed: shut intake at once (no coin that cannot be recorded) and stop the booth."""
        self._storage_failed = True
        self._intake = False
        self._set_accepted(frozenset())
        _log.error("money: %s; intake shut", problem)
        self.money_fault.emit(f"storage: {problem}")

    def _unrecorded(self, txn: str, yen: int, what: str, code: str | None = None) -> str:
        """Money the ledger could not record: a receipt code for the citizen, an error line for the technician."""
        code = code or self._code_for(txn)
        self.unrecorded.append(Unrecorded(code, yen, txn, what))
        _log.error("money: %d yen (%s) could not be recorded (receipt %s, session %s); settle it by hand",
                   yen, what, code, txn)
        return code

    def _code_for(self, txn: str) -> str:
        """One receipt code a session: whatever the booth owes one citizen is under the one code they are shown."""
        if txn in ("", "-"):
            return receipt_code()
        code = self._receipts.get(txn)
        if code is None:
            code = self._receipts[txn] = receipt_code()
        return code

    def payout_outside(self) -> None:
        """The next payout result is a technician's self-test's, not the cashier's (not an error)."""
        self._outside_payouts += 1

    def settle_unrecorded(self, receipt_code: str) -> Unrecorded | None:
        """Staff settled by hand money the ledger could not record (returned it, or recorded it on paper)."""
        held = next((u for u in self.unrecorded if u.receipt_code == receipt_code), None)
        if held is not None:
            self.unrecorded.remove(held)
        return held

    def close_intake(self) -> None:
        self._intake = False
        self._update_intake()

    def charge(self, service: str = "my_number") -> None:
        """The fee becomes the booth's (the application is in the outbox, or the sheet printed); service names
        what for, in the ledger."""
        txn = self._txn
        if txn is None or self._ledger.charged_total(txn) > 0:
            return
        if self._refunding or self._ledger.balance(txn) - self._committed_yen(txn) < self.fee_yen:
            _log.error("session %s: charge refused, the fee is not (or no longer) covered", txn)
            self.money_fault.emit("charge without the full fee")
            return
        try:
            self._ledger.charged(txn, self.fee_yen, service)
        except LedgerWriteError as exc:  # recovery at the next start charges it (its application is kept)
            self._write_failed(str(exc))
            return
        _log.info("session %s charged %d yen", txn, self.fee_yen)

    def owe_fee(self, txn: str, receipt: str) -> None:
        """An application refused after its fee was charged: the fee is owed back to the citizen, who holds
        the receipt code (recorded once, an alarm until staff settle it in the maintenance menu)."""
        charged = self._ledger.charged_total(txn)
        if charged <= 0:
            return  # never charged (refused while the citizen waited: refunded by the flow)
        try:
            owed = self._ledger.owed(txn, charged, receipt)
        except LedgerWriteError as exc:
            self._write_failed(str(exc))
            self._unrecorded(txn, charged, "fee owed", receipt)
            self.fee_owed.emit(receipt, charged)
            return
        if owed:
            _log.error("session %s: application refused after it was charged; %d yen owed (receipt %s)",
                       txn, charged, receipt)
            self.fee_owed.emit(receipt, charged)

    def _committed_yen(self, txn: str) -> int:
        """Yen of a payout of this session now running (its finish is not in the ledger yet)."""
        run = self._running
        if run is None or run.job.txn != txn:
            return 0
        return run.coins * run.coin_yen + run.remainder_yen

    def pay_change(self) -> None:
        """The session keeps the money: a held note goes to the stacker (credited once stacked), then the
        change above the fee is paid."""
        if self._txn is not None:
            self._change_asked = True
            self.close_intake()
            self._stack_held_note()
            self._enqueue(_Job(self._txn, "change", close_after=False))

    def refund(self) -> None:
        """Pay back the whole uncharged credit (cancel, timeout, refused application); a held note goes back
        from escrow, not as coins."""
        if self._txn is not None:
            self._refunding = True  # the fee can no longer be reached nor charged in this session
            self.close_intake()
            self._return_held_note("cancelled")
            self._enqueue(_Job(self._txn, "refund", close_after=False))

    def end(self) -> None:
        """Close the session; credit left over (never charged) is refunded first."""
        txn = self._txn
        if txn is None:
            return
        self.close_intake()
        self._return_held_note("session ended")
        self._txn = None
        self._credit_yen = 0
        self._enqueue(_Job(txn, "refund", close_after=True))

    def recover(self, application_kept: Callable[[str], bool] | None = None) -> None:
        """At start-up: settle every interrupted session (pay back its credit or record it unpaid).

        A session whose application reached the outbox before the booth stopped is charged first (the application
        will still be sent), so only the change above the fee is paid back.
        """
        self._recovering = True
        for txn, note_id, value in self._ledger.unstacked_escrow():
            try:  # never sent to the stacker: the validator gave it back (it keeps no note without the booth)
                self._ledger.note_returned(txn, value, note_id, "escrowed when the booth stopped")
                _log.warning("note %s (%d yen) was in escrow when the booth stopped: given back", note_id, value)
            except LedgerWriteError as exc:
                self._write_failed(str(exc))
        # first the note sent to the stacker before the stop: the driver settles it at its first status
        self._application_kept = application_kept
        self._jobs.append(_Job("", "notes", close_after=False))
        self._next_job()

    def _queue_interrupted(self, application_kept: Callable[[str], bool] | None) -> None:
        """Charge an interrupted session whose application was kept, then queue the payback of each."""
        sessions = self._ledger.interrupted()
        for s in sessions:
            # the fee must still be there: a session paid back or being paid back (its refund or its receipt
            # written, its "closed" row lost with the storage, or killed during the refund) is not charged on top
            # of it; its application goes for free
            paying_back = s.pending.coins * s.pending.coin_yen if s.pending else 0
            if (application_kept is not None and self._ledger.charged_total(s.txn) == 0
                    and s.balance_yen - paying_back >= self.fee_yen and application_kept(s.txn)):
                try:
                    self._ledger.charged(s.txn, self.fee_yen)
                except LedgerWriteError as exc:  # settled at a start whose storage works; nothing is paid now
                    self._write_failed(str(exc))
                    continue
                _log.warning("session %s charged at recovery: its application is in the outbox", s.txn)
            _log.warning(
                "recovering session %s (balance %d yen%s)",
                s.txn,
                s.balance_yen,
                ", payout interrupted" if s.pending else "",
            )
            purpose = s.pending.purpose if s.pending else "refund"
            if purpose == "change" or self._ledger.charged_total(s.txn) > 0:
                purpose = "change"
            self._jobs.append(_Job(s.txn, purpose, close_after=True))

    # ---- coins in --------------------------------------------------------------------------------------

    def _on_coin_credited(self, value_yen: int, counter: int) -> None:
        txn = self._txn
        if txn is None:  # a coin with no session (in flight at the end, or from before a restart)
            try:
                txn = self._ledger.open_session(prefix="stray-")
                self._ledger.credited(txn, value_yen, counter)
            except LedgerWriteError as exc:
                self._write_failed(str(exc))
                self._unrecorded(txn or "-", value_yen, "coin outside a session")
                return
            _log.warning("coin of %d yen outside a session: paid back", value_yen)
            self._enqueue(_Job(txn, "refund", close_after=True))
            return
        try:
            self._ledger.credited(txn, value_yen, counter)  # durable before it shows
        except LedgerWriteError as exc:  # the coin is in the box and nowhere in the ledger: hold it, say so
            self._write_failed(str(exc))
            code = self._unrecorded(txn, value_yen, "coin")
            self._credit_yen += value_yen
            self.credit_changed.emit(self._credit_yen)
            self.last_payout_txn = txn
            self.payout_finished.emit(0, value_yen, code)  # shown as owed, with its receipt code
            return
        self._credit_yen += value_yen
        self.credit_changed.emit(self._credit_yen)
        if self._refunding:  # a coin still in flight after a cancel: refunded at end()
            self._set_accepted(frozenset())
        elif self._change_asked:  # in flight as intake shut at the fee, after the change: paid back with it now
            _log.warning("coin of %d yen credited after the change was asked: paid back now", value_yen)
            self._enqueue(_Job(txn, "change", close_after=False))
        elif self._credit_yen >= self.fee_yen:
            self._set_accepted(frozenset())
            if not self._fee_announced:
                self._fee_announced = True
                self.fee_reached.emit()
        else:
            self._update_intake()

    def _update_intake(self, *_args: object) -> None:
        values: frozenset[int] = frozenset()
        if (
            self._intake
            and not self._storage_failed
            and self._txn is not None
            and self._credit_yen < self.fee_yen
            and not self.busy
            and not self._recovering
            and self._acceptor.health.ok  # not before it has reported (identifying at start-up), nor when down
        ):
            coin_yen = self._hopper.coin_yen if self._hopper is not None else None
            values = acceptable_coins(
                self._credit_yen, self.fee_yen, self._acceptor.coin_values(), coin_yen, self.change_available
            )
        self._set_accepted(values)
        self._update_note_intake()

    def _update_note_intake(self) -> None:
        if self._bills is None:
            return
        open_ = self._note_intake_open() and self._bills.health.ok
        coin_yen = self._hopper.coin_yen if self._hopper is not None else None
        taken = notes_taken(self._credit_yen, self.fee_yen, self._bills.note_values(), coin_yen,
                            self.change_available, self._hopper_coins()) if open_ else frozenset()
        # the validator takes every note in while intake is open: one whose change cannot be paid is refused at
        # escrow with a message (the citizen learns why), not swallowed by an inhibit
        wanted = self._bills.note_values() if open_ else frozenset()
        if wanted != self._bills_open:
            self._bills_open = wanted
            self._bills.set_accepted(wanted)
        if taken != self.accepted_notes:
            self.accepted_notes = taken
            self.intake_changed.emit()

    def _set_accepted(self, values: frozenset[int]) -> None:
        changed = values != self.accepted
        self.accepted = values
        self._acceptor.set_accepted(values)
        if not values:
            self._update_note_intake()
        if changed:
            self.intake_changed.emit()

    def _on_events_lost(self, n: int) -> None:
        _log.error("%d coin acceptor events lost", n)
        self.money_fault.emit(f"{n} coin events lost")

    def _on_fault_raised(self, code: int, blocking: bool) -> None:
        if blocking:
            self.money_fault.emit(f"coin acceptor fault {code}")

    # ---- notes in ---------------------------------------------------------------------------------------

    def _note_intake_open(self) -> bool:
        return (
            self._bills is not None
            and self._intake
            and not self._storage_failed
            and self._txn is not None
            and self._credit_yen < self.fee_yen
            and not self.busy
            and not self._recovering
            and self._note is None
        )

    def _refusal(self, value_yen: int) -> str:
        if not self._note_intake_open():
            return "not_now"
        coin_yen = self._hopper.coin_yen if self._hopper is not None else None
        return note_refusal(self._credit_yen, self.fee_yen, value_yen, coin_yen, self.change_available,
                            self._hopper_coins())

    def _on_note_escrowed(self, value_yen: int, note_id: str) -> None:
        assert self._bills is not None
        if self._note is not None and self._note.note_id == note_id:
            return  # announced again (still in escrow after a restart of the driver): decided already
        txn = self._txn
        reason = self._refusal(value_yen)
        if reason or txn is None:
            self._note = _Note(txn or "-", note_id, value_yen, "refused")
            self._bills.return_note(note_id)
            _log.info("note of %d yen refused at escrow (%s): given back", value_yen, reason)
            self.note_refused.emit(reason or "not_now")
            self._update_intake()
            return
        try:
            self._ledger.note_escrowed(txn, value_yen, note_id)  # durable before it shows
        except LedgerWriteError as exc:  # not recorded: it cannot be kept; give it back
            self._write_failed(str(exc))
            self._note = _Note(txn, note_id, value_yen, "refused")
            self._bills.return_note(note_id)
            return
        self._note = _Note(txn, note_id, value_yen, "held")
        _log.info("note %s of %d yen held in escrow (session %s)", note_id, value_yen, txn)
        self._credit_yen += value_yen
        self.note_changed.emit()
        self.credit_changed.emit(self._credit_yen)
        if self._credit_yen >= self.fee_yen:
            self._set_accepted(frozenset())
            if not self._fee_announced:
                self._fee_announced = True
                self.fee_reached.emit()
        else:
            self._update_intake()

    def _stack_held_note(self) -> None:
        n = self._note
        if n is None or n.state != "held" or self._bills is None:
            return
        try:
            self._ledger.note_stacking(n.txn, n.value_yen, n.note_id)  # before STACK goes out
        except LedgerWriteError as exc:  # a note never goes to the stacker unrecorded: back it goes
            self._write_failed(str(exc))
            self._return_held_note("storage failing")
            return
        n.state = "stacking"
        _log.info("note %s of %d yen sent to the stacker (session %s)", n.note_id, n.value_yen, n.txn)
        self._bills.stack(n.note_id)

    def _return_held_note(self, why: str) -> None:
        n = self._note
        if n is None or n.state != "held" or self._bills is None:
            return
        n.state = "returning"
        _log.info("note %s of %d yen given back from escrow (%s)", n.note_id, n.value_yen, why)
        self._bills.return_note(n.note_id)

    def _uncount(self, n: _Note) -> None:
        """A held note of the open session that will not be kept: out of the credit."""
        if n.txn == self._txn and n.state in ("held", "returning", "stacking"):
            self._credit_yen -= n.value_yen
            if self._credit_yen < self.fee_yen:
                self._fee_announced = False
            self.note_changed.emit()
            self.credit_changed.emit(self._credit_yen)

    def _on_note_stacked(self, value_yen: int, note_id: str) -> None:
        assert self._bills is not None
        n = self._note if self._note is not None and self._note.note_id == note_id else None
        if self._ledger.note_credited_before(note_id):
            self._bills.confirm_stacked(note_id)  # credited before a restart: acknowledge, count nothing more
            return
        txn = n.txn if n is not None else (self._ledger.note_txn(note_id) or "")
        stray = not txn or txn == "-" or (n is None and txn != self._txn and self._is_closed(txn))
        try:
            if stray:
                txn = self._ledger.open_session(prefix="stray-")
            credited = self._ledger.note_credited(txn, value_yen, note_id)  # durable before it counts
        except LedgerWriteError as exc:  # not acknowledged: the validator keeps reporting it until a start credits it
            self._write_failed(str(exc))
            return
        self._bills.confirm_stacked(note_id)
        if not credited:  # recorded in doubt (or returned) before: its receipt code settles it, never twice
            _log.error("note %s (%d yen) reached the stacker after it was recorded in doubt; staff settle it "
                       "by its receipt code", note_id, value_yen)
            if n is not None:
                self._note = None
            self._next_job()
            return
        _log.info("note %s of %d yen stacked and credited (session %s)", note_id, value_yen, txn)
        self.note_credited.emit(value_yen)
        if n is not None:
            self._note = None
            if n.state in ("returning", "refused"):
                _log.error("note %s was stacked although the booth gave it back", note_id)
                if n.txn == self._txn and n.state == "refused":
                    self._credit_yen += value_yen
                    self.credit_changed.emit(self._credit_yen)
            self.note_changed.emit()
        elif txn == self._txn:
            self._credit_yen += value_yen
            self.credit_changed.emit(self._credit_yen)
        if stray:  # an interrupted session's note is settled by its recovery (recover() runs at every start)
            _log.warning("note of %d yen outside a session: paid back", value_yen)
            self._jobs.append(_Job(txn, "refund", close_after=True))
        self._update_intake()
        self._next_job()

    def _is_closed(self, txn: str) -> bool:
        return all(s.txn != txn for s in self._ledger.interrupted())

    def _on_note_returned(self, value_yen: int, note_id: str) -> None:
        n = self._note if self._note is not None and self._note.note_id == note_id else None
        txn = n.txn if n is not None else (self._ledger.note_txn(note_id) or "-")
        try:
            self._ledger.note_returned(txn, value_yen, note_id, "refused" if n is not None and n.state == "refused"
                                       else "")
        except LedgerWriteError as exc:  # nothing of the money: the note is with the citizen
            self._write_failed(str(exc))
        _log.info("note %s of %d yen given back", note_id, value_yen)
        if n is not None:
            self._uncount(n)
            self._note = None
            self.note_changed.emit()
        self._update_intake()
        self._next_job()

    def _on_note_rejected(self, reason: str) -> None:
        _log.info("note rejected by the validator (%s)", reason)
        if self._txn is not None:
            self.note_refused.emit("rejected")

    def _on_note_in_doubt(self, value_yen: int, note_id: str, reason: str) -> None:
        n = self._note if self._note is not None and self._note.note_id == note_id else None
        txn = n.txn if n is not None else (self._ledger.note_txn(note_id) or self._txn or "-")
        if n is not None:
            self._uncount(n)
            self._note = None
            self.note_changed.emit()
        self._note_doubt(txn, note_id, value_yen, reason)
        self._update_intake()
        self._next_job()

    def _note_doubt(self, txn: str, note_id: str, value_yen: int, reason: str) -> None:
        """A note whose fate is unknown: recorded with a receipt code, the booth out of service for staff."""
        code = receipt_code()
        try:
            self._ledger.note_in_doubt(txn, value_yen, note_id, code, reason)
        except LedgerWriteError as exc:
            self._write_failed(str(exc))
            self._unrecorded(txn, value_yen, "note in doubt", code)
        _log.error("note %s (%d yen) in doubt: %s (receipt %s, session %s)", note_id, value_yen, reason, code, txn)
        self.last_payout_txn = txn
        self.payout_finished.emit(0, value_yen, code)  # owed under its receipt code, shown to the citizen
        self.money_fault.emit(f"bill validator: a note in doubt ({reason})")

    def _on_bill_health(self, *_args: object) -> None:
        """The validator stopped answering with a note inside: its fate waits for contact (the driver settles it
        then); the booth takes no more money meanwhile."""
        bills = self._bills
        if bills is not None and not bills.health.ok and self._note is not None and self._note.state != "refused":
            _log.error("bill validator down (%s) with note %s inside", bills.health.detail, self._note.note_id)
            self.money_fault.emit(f"bill validator down with a note inside ({bills.health.detail})")
        self._update_intake()

    def _on_bill_fault(self, name: str, money_at_stake: bool) -> None:
        if money_at_stake:
            self.money_fault.emit(f"bill validator fault {name}")
        self._update_intake()

    # ---- coins out -------------------------------------------------------------------------------------

    def _on_counter_read(self) -> None:
        """The acceptor's first reading: a recovery waiting for it goes on now, not at its next retry."""
        if self._recovering and self._jobs and self._jobs[0].purpose == "recovered" and self._retry_timer.isActive():
            self._retry_timer.stop()
            self._next_job()

    def _enqueue(self, job: _Job) -> None:
        self._jobs.append(job)
        if self._running is None and not self._retry_timer.isActive():
            self._next_job()

    def _owed_yen(self, job: _Job) -> int:
        balance = self._ledger.balance(job.txn)
        balance -= sum(u.yen for u in self.unrecorded if u.txn == job.txn and u.what == "unpaid")
        if job.purpose == "change" and self._ledger.charged_total(job.txn) == 0 and not job.close_after:
            balance -= self.fee_yen  # change is what lies beyond the fee
        return max(0, balance)

    def _hopper_ready(self) -> bool:
        h = self._hopper
        return (
            h is not None and h.lifetime_count() is not None and h.health.ok and not getattr(h, "busy", False)
        )

    def _next_job(self) -> None:
        while self._running is None and self._jobs:
            if self._note_moving:
                return  # a note on its way to the stacker or back: its end decides what is owed
            job = self._jobs[0]
            if job.purpose == "notes":
                note = self._ledger.pending_note()
                if note is not None and not note[3]:
                    if self._bills is not None and self._recovery_waited_ms < RECOVERY_WAIT_MS:
                        self._recovery_waited_ms += RECOVERY_RETRY_MS  # the validator's first status settles it
                        self._retry_timer.start(RECOVERY_RETRY_MS)
                        return
                    txn, note_id, value, _credited = note
                    self._note_doubt(txn, note_id, value, "sent to the stacker before the stop, never settled")
                self._jobs.popleft()
                self._queue_interrupted(self._application_kept)
                self._jobs.append(_Job("", "recovered", close_after=False))
                continue
            if job.purpose == "recovered":
                # wait for the acceptor's first reading: coins taken while the booth was down come in first
                counter = getattr(self._acceptor, "last_counter", None)
                if counter is None and self._recovery_waited_ms < RECOVERY_WAIT_MS:
                    self._recovery_waited_ms += RECOVERY_RETRY_MS
                    self._retry_timer.start(RECOVERY_RETRY_MS)
                    return
                if counter is not None and self._ledger.last_acceptor_counter() is None:
                    try:
                        self._ledger.counter_noted(counter)  # a new ledger: note where the device stands
                    except LedgerWriteError as exc:
                        self._write_failed(str(exc))
                self._jobs.popleft()
                self._recovering = False
                _log.info("money recovery finished")
                self.recovered.emit()
                continue
            pending = self._ledger.pending_payout(job.txn)
            owed = self._owed_yen(job)
            needs_hopper = pending is not None or owed > 0
            waiting = needs_hopper and self._hopper is not None and not self._hopper_ready()
            if waiting and self._recovering and self._recovery_waited_ms < RECOVERY_WAIT_MS:
                self._recovery_waited_ms += RECOVERY_RETRY_MS  # the hopper is starting or finishing a payout
                self._retry_timer.start(RECOVERY_RETRY_MS)
                return
            if waiting and self._hopper is not None and self._hopper.health == UNKNOWN \
                    and self._start_waited_ms < HOPPER_START_WAIT_MS:
                self._start_waited_ms += RECOVERY_RETRY_MS  # not reported yet (identifying itself): not unpaid
                self._retry_timer.start(RECOVERY_RETRY_MS)
                return
            self._jobs.popleft()
            reconciled = True
            if pending is not None:
                try:
                    reconciled = self._settle_pending(job.txn, pending)
                except LedgerWriteError as exc:  # stays pending in the ledger: a later start settles it
                    self._write_failed(str(exc))
                    continue
                owed = self._owed_yen(job)
            if owed > 0 and not reconciled:  # part of it may be paid already: owed with a receipt, never paid twice
                self._record_unpaid(job, 0, owed)
            elif owed > 0:
                self._start_payout(job, owed)
            elif job.close_after:
                try:
                    self._ledger.closed(job.txn)
                except LedgerWriteError as exc:
                    self._write_failed(str(exc))
            else:
                self.payout_finished.emit(0, 0, "")

    def _settle_pending(self, txn: str, pending: PendingPayout) -> bool:
        """An interrupted payout paid what the hopper's lifetime count says, no more, no less; False when the
        count cannot tell (then it is recorded as paying nothing, and the rest must be owed, not paid)."""

        now = self._hopper.lifetime_count() if self._hopper is not None and self._hopper_ready() else None
        if now is None or pending.lifetime_before is None:
            # unknowable: owe it rather than risk paying twice; the technician checks the count
            _log.error("interrupted payout of session %s cannot be reconciled", txn)
            self._ledger.payout_finished(txn, pending.payout_id, pending.purpose, 0, pending.coin_yen, None)
            self.money_fault.emit("interrupted payout could not be reconciled")
            return False
        paid = max(0, min(pending.coins, now - pending.lifetime_before))
        _log.warning("interrupted payout of session %s had paid %d of %d coins", txn, paid, pending.coins)
        self._ledger.payout_finished(txn, pending.payout_id, pending.purpose, paid, pending.coin_yen, now)
        return True

    def _start_payout(self, job: _Job, amount_yen: int) -> None:
        h = self._hopper
        coin_yen = h.coin_yen if h is not None else 0
        coins = amount_yen // coin_yen if coin_yen else 0
        remainder = amount_yen - coins * coin_yen
        if h is None or coins == 0 or not self._hopper_ready():
            self._record_unpaid(job, 0, amount_yen)
            return
        try:
            payout_id = self._ledger.payout_started(job.txn, coins, coin_yen, job.purpose, h.lifetime_count())
        except LedgerWriteError as exc:  # a payout is never started unrecorded (it could be paid twice)
            self._write_failed(str(exc))
            self._record_unpaid(job, 0, amount_yen)
            return
        self._running = _Running(job, payout_id, coins, coin_yen, remainder)
        _log.info("paying %d x %d yen (%s, session %s)", coins, coin_yen, job.purpose, job.txn)
        h.pay_out(coins)

    def _on_payout_finished(self, result: PayoutResult) -> None:
        run = self._running
        if run is None:
            if self._outside_payouts > 0:  # the technician's self-test paid it, not the cashier
                self._outside_payouts -= 1
                _log.info("payout outside a session: %d coin(s) (a self-test)", result.paid)
            else:
                _log.error("payout result without a payout")
            return
        self._running = None
        paid = min(result.paid, run.coins)
        try:
            self._ledger.payout_finished(
                run.job.txn, run.payout_id, run.job.purpose, paid, run.coin_yen, result.lifetime_count
            )
        except LedgerWriteError as exc:  # left pending: the next start settles it by the hopper's lifetime count
            self._write_failed(str(exc))
        self._record_unpaid(
            run.job, paid * run.coin_yen, (run.coins - paid) * run.coin_yen + run.remainder_yen
        )

    def _record_unpaid(self, job: _Job, paid_yen: int, unpaid_yen: int) -> None:
        code = ""
        if unpaid_yen > 0:
            code = self._code_for(job.txn)
            try:
                self._ledger.unpaid(job.txn, unpaid_yen, code)
                _log.error("%d yen unpaid (receipt %s, session %s)", unpaid_yen, code, job.txn)
            except LedgerWriteError as exc:  # owed all the same; _owed_yen counts it so it is never owed twice
                self._write_failed(str(exc))
                self._unrecorded(job.txn, unpaid_yen, "unpaid", code)
            self.money_fault.emit("change could not be paid")
        if job.close_after:
            try:
                self._ledger.closed(job.txn)
            except LedgerWriteError as exc:  # left open: the next start settles it again (nothing more to pay)
                self._write_failed(str(exc))
        self.last_payout_txn = job.txn
        self.payout_finished.emit(paid_yen, unpaid_yen, code)
        self._update_intake()
        self._next_job()
