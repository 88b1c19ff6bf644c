"""The device interfaces the flow talks to, and the health every device reports.

Each interface is a QObject with typed, past-tense signals. Real drivers and simulators implement them; the
composition root (kiosk.app) picks one per device from the config (kiosk.devices.factory). Drivers do their
I/O in worker threads (kiosk.workers.WorkerThread) and never emit these signals from there: a worker posts its
events through the device's relay (``self._emit``), and the GUI thread emits them, so every handler runs in the
GUI thread and no connection is ever walked by two threads at once. Signals never carry personal data except
where the interface says so (the barcode reader's raw payload, which only kiosk.flow.application parses and
never logs).
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.workers import Relay, WorkerThread

if TYPE_CHECKING:
    import numpy as np


class HealthState(enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"  # works, with a limitation (hopper low, scanner reconnecting)
    DOWN = "down"  # cannot serve a citizen


@dataclass(frozen=True)
class Health:
    state: HealthState
    detail: str = ""  # technician-readable, never personal data

    @property
    def ok(self) -> bool:
        return self.state is not HealthState.DOWN


UNKNOWN = Health(HealthState.DOWN, "not started")


class Device(QObject):
    """Common to every device: a name, start/stop, and health."""

    health_changed = Signal(object)  # Health

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._health = UNKNOWN
        self._relay = Relay(self)

    @property
    def health(self) -> Health:
        return self._health

    def _emit(self, signal_name: str, *args: object) -> None:
        """Emit one of this device's signals in the GUI thread (at once when called there); any thread."""
        self._relay.post(signal_name, *args)

    def _set_health(self, health: Health) -> None:
        """Record and announce a health change (callable from any thread)."""
        if health != self._health:
            self._health = health
            self._emit("health_changed", health)

    def start(self) -> None:
        """Open the device and start its worker; failures show up as health, never as exceptions."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the worker and join it; safe to call twice."""
        raise NotImplementedError


class Storage(Device):
    """The folder the stores live in; its health says whether money and applications can be recorded now."""

    def check_now(self) -> bool:
        """Check at once (a real write); True when records can be written. Updates health."""
        raise NotImplementedError


class CoinAcceptor(Device):
    """Takes coins. Intake is shut (master inhibit) until the flow opens it for some denominations."""

    coin_credited = Signal(int, int)  # value_yen, device event counter (for the ledger's resume point)
    coin_rejected = Signal(str)  # reason: "rejected", "inhibited", "fraud", "return_lever", ...
    fault_raised = Signal(int, bool)  # fault/event code, blocking
    fault_cleared = Signal()
    events_lost = Signal(int)  # how many events were lost between two polls
    device_reset = Signal()  # the device reset itself; the driver re-initialised it
    counter_read = Signal()  # its event counter is known (first reading after a start): the money recovery goes on

    def coin_values(self) -> frozenset[int]:
        """The denominations (yen) this device can accept, from its coin table."""
        raise NotImplementedError

    def set_accepted(self, values_yen: frozenset[int]) -> None:
        """Open intake for these denominations only; an empty set shuts intake (master inhibit)."""
        raise NotImplementedError


@dataclass(frozen=True)
class PendingNote:
    """The last note the ledger shows sent to the stacker, given to a bill validator driver at start-up."""

    note_id: str
    value_yen: int
    credited: bool  # the credit is in the ledger (the booth may have died before acknowledging it)


class BillValidator(Device):
    """Takes notes through an escrow: a note waits there until the booth stacks it (keeps it) or returns it.

    Intake is shut (inhibit) until set_accepted opens it for some denominations. Every note gets a note_id that
    stays the same from escrow to stacked, returned or in doubt, so the cashier can write the note to the ledger
    before it counts. The validator repeats its "stacked" report (VEND VALID) until the host acknowledges it, and
    the driver acknowledges only after confirm_stacked(note_id): a note is never lost between the device and the
    ledger. After a restart, a driver given the ledger's PendingNote settles it under the same note_id: not credited
    yet, it comes as note_stacked (found stacking or stacked), note_returned (the validator is idle: it gave the
    note back), note_escrowed (still in escrow) or note_in_doubt; credited, a pending VEND VALID is acknowledged
    without a signal. Each signal comes once per note_id.
    """

    note_escrowed = Signal(int, str)  # value_yen, note_id: waits for stack(note_id) or return_note(note_id)
    note_stacked = Signal(int, str)  # value_yen, note_id: the booth has the note; confirm_stacked once it is durable
    note_returned = Signal(int, str)  # value_yen, note_id: the escrowed note went back to the citizen
    note_rejected = Signal(str)  # reason: the validator refused a note before escrow (it went back)
    note_in_doubt = Signal(int, str, str)  # value_yen (0 if unknown), note_id, reason: stuck or taken, fate unknown
    fault_raised = Signal(str, bool)  # fault name ("stacker_full", "acceptor_jam"...), money at stake
    fault_cleared = Signal()
    device_reset = Signal()  # the validator powered up or was reset; the driver initialised it again

    def note_values(self) -> frozenset[int]:
        """The denominations (yen) this validator can accept: its currency assignment within the config's notes."""
        raise NotImplementedError

    def set_accepted(self, values_yen: frozenset[int]) -> None:
        """Open intake for these denominations only; an empty set shuts intake (inhibit)."""
        raise NotImplementedError

    def stack(self, note_id: str) -> None:
        """Keep the escrowed note: send it to the stacker (ignored if that note is no longer in escrow)."""
        raise NotImplementedError

    def return_note(self, note_id: str) -> None:
        """Give the escrowed note back (ignored if that note is no longer in escrow)."""
        raise NotImplementedError

    def confirm_stacked(self, note_id: str) -> None:
        """The stacked note is in the ledger: acknowledge it to the validator, which then takes the next note."""
        raise NotImplementedError


class HopperLevel(enum.Enum):
    UNKNOWN = "unknown"
    EMPTY = "empty"
    LOW = "low"
    OK = "ok"
    HIGH = "high"


@dataclass(frozen=True)
class PayoutResult:
    requested: int  # coins
    paid: int  # coins that left the hopper
    unpaid: int  # coins it could not pay (empty, jammed)
    coin_yen: int
    lifetime_count: int | None = None  # the hopper's lifetime dispense count after the payout

    @property
    def paid_yen(self) -> int:
        return self.paid * self.coin_yen

    @property
    def unpaid_yen(self) -> int:
        return self.unpaid * self.coin_yen


class Hopper(Device):
    """Pays coins of one denomination. pay_out is asynchronous and never retried blindly."""

    payout_progressed = Signal(int, int)  # paid coins so far, requested coins
    payout_finished = Signal(object)  # PayoutResult
    level_changed = Signal(object)  # HopperLevel

    coin_yen: int = 100

    @property
    def level(self) -> HopperLevel:
        raise NotImplementedError

    def lifetime_count(self) -> int | None:
        """The hopper's lifetime dispense count as last read (None before the first read)."""
        raise NotImplementedError

    def pay_out(self, coins: int) -> None:
        """Dispense this many coins; payout_finished follows exactly once."""
        raise NotImplementedError

    def set_coin_estimate(self, coins: int | None) -> None:
        """The ledger's estimate of the coins inside (refills minus payouts); a driver whose hopper has no
        level sensor takes its level from it. The default ignores it."""


class BarcodeReader(Device):
    """Delivers each code read. The payload is personal data: parse it, never log or show it."""

    code_read = Signal(str)

    def set_enabled(self, enabled: bool) -> None:
        """Only an enabled reader delivers codes; codes read while disabled are dropped."""
        raise NotImplementedError


@dataclass(frozen=True)
class Frame:
    image: np.ndarray = field(repr=False)  # BGR, uint8, HxWx3, not mirrored
    index: int = 0
    t_monotonic_s: float = 0.0


class Camera(Device):
    """Delivers frames while running; at most the newest frame is kept, old ones are dropped.

    The base keeps what every camera shares: the capture worker's thread, the pause switch and the newest frame.
    A driver implements _run() (the worker loop, which waits on self._resumed and stops on self._stopping) and
    hands each new frame to _publish().
    """

    frame_captured = Signal(object)  # Frame
    join_timeout_s = 5.0  # how long stop() waits for the capture worker

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self._lock = threading.Lock()
        self._latest: Frame | None = None
        self._worker = WorkerThread(f"{name}-capture", self._run, join_timeout_s=self.join_timeout_s)
        self._stopping = self._worker.stopping
        self._resumed = threading.Event()
        self._resumed.set()

    def _run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def prepare(self) -> None:
        """Load what capture needs, in the GUI thread, before the first frame is asked for (a session begins).
        A camera whose start() already did (the default) does nothing."""

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop(self._resumed.set)
        self._relay.close()

    def set_running(self, running: bool) -> None:
        """Start or pause capture (the camera idles outside the scan and photo screens)."""
        if running:
            self._resumed.set()
        else:
            self._resumed.clear()

    @property
    def running(self) -> bool:
        return self._resumed.is_set()

    def latest(self) -> Frame | None:
        """The newest frame, without waiting."""
        with self._lock:
            return self._latest

    def snapshot(self) -> Frame | None:
        """A writable copy of the newest frame, for the shutter (the live frame stays read-only)."""
        frame = self.latest()
        return None if frame is None else replace(frame, image=frame.image.copy())

    def _publish(self, frame: Frame) -> None:
        """From the worker: keep the frame as the newest and announce it (a slow GUI thread skips frames)."""
        with self._lock:
            self._latest = frame
        self._relay.post_latest("frame_captured", frame)


class Submitter(Device):
    """Sends the applications waiting in the outbox to the reception server, off the GUI thread.

    The flow stores an application in the outbox first (kiosk.store.outbox), then calls wake(). The worker
    sends every due row, retries 5xx, time-outs and dropped connections with back-off and jitter, erases a row
    once the server confirms, and keeps a row the server refused (4xx) as rejected. Health is DOWN while the
    server cannot be reached.
    """

    delivered = Signal(str, str)  # envelope id, reception number
    rejected = Signal(str, int, str)  # envelope id, HTTP status, the server's reason (plain words)
    attempt_failed = Signal(str, str)  # envelope id, technical reason (retried later)
    # envelope id, stage, bytes sent, bytes to send: where one attempt is, for the sending screen. Stages in order:
    # "connecting", "uploading" (bytes sent of the request body, rising to all of it), "waiting" (the whole
    # request is out, the server's answer is not in yet), "received" (an answer came; delivered or rejected
    # follows). A failed attempt ends with attempt_failed instead.
    progress = Signal(str, str, int, int)

    def wake(self) -> None:
        """Send what is due now instead of waiting for the next back-off tick."""
        raise NotImplementedError
