"""Fake devices for the flow: the same signals and methods the flow uses, no threads, no ptys, no disk.

Each fake records what the flow asked of it, so a test reads the side effects of a move (intake opened, the
reader on, the application stored) straight off the fakes. Whole sessions on the real drivers stay in tests/e2e.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.config import Config, load
from kiosk.devices.base import Health, HealthState
from kiosk.flow.machine import Flow, FlowDevices

OK = Health(HealthState.OK, "")
DOWN = Health(HealthState.DOWN, "unplugged")
TODAY = date(2026, 11, 29)


class FakeDevice(QObject):
    health_changed = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.health = OK

    def set_health(self, health: Health) -> None:
        """As a real device: announced only when it changes."""
        if health != self.health:
            self.health = health
            self.health_changed.emit(health)


class FakeStorage(FakeDevice):
    def __init__(self) -> None:
        super().__init__("storage")
        self.writable = True
        self.checks = 0

    def check_now(self) -> bool:
        self.checks += 1
        if not self.writable:
            self.set_health(Health(HealthState.DOWN, "storage full"))
        return self.writable


class FakeReader(FakeDevice):
    code_read = Signal(str)

    def __init__(self) -> None:
        super().__init__("barcode_reader")
        self.enabled = False

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled


class FakeCamera(FakeDevice):
    frame_captured = Signal(object)

    def __init__(self) -> None:
        super().__init__("camera")
        self.running = False

    def set_running(self, running: bool) -> None:
        self.running = running


class FakeCashier(QObject):
    """The cashier's face to the flow: payouts finish when the test says so (finish_payout)."""

    credit_changed = Signal(int)
    fee_reached = Signal()
    payout_finished = Signal(int, int, str)
    money_fault = Signal(str)
    intake_changed = Signal()
    recovered = Signal()
    fee_owed = Signal(str, int)
    note_refused = Signal(str)
    note_changed = Signal()
    note_credited = Signal(int)

    def __init__(self, fee_yen: int = 800) -> None:
        super().__init__()
        self.fee_yen = fee_yen
        self.accepted: frozenset[int] = frozenset()
        self.accepted_notes: frozenset[int] = frozenset()
        self.takes_notes = False
        self.held_note_yen = 0
        self.change_available = True
        self.busy = False
        self.txn: str | None = None
        self.last_payout_txn = ""
        self.intake = False
        self.calls: list[str] = []
        self.credit_yen = 0
        self._n = 0

    def begin(self) -> str:
        self._n += 1
        self.txn = f"txn{self._n}"
        self.calls.append("begin")
        return self.txn

    def recover(self, _kept: Any = None) -> None:
        self.recovered.emit()

    def open_intake(self) -> None:
        self.intake, self.accepted = True, frozenset({10, 50, 100, 500})
        self.calls.append("open_intake")
        self.intake_changed.emit()

    def close_intake(self) -> None:
        if self.intake:
            self.calls.append("close_intake")
        self.intake, self.accepted = False, frozenset()
        self.intake_changed.emit()

    def insert(self, yen: int) -> None:
        self.credit_yen += yen
        self.credit_changed.emit(self.credit_yen)
        if self.credit_yen >= self.fee_yen:
            self.fee_reached.emit()

    def pay_change(self) -> None:
        self.calls.append("pay_change")
        self.close_intake()
        self.busy = True

    def refund(self) -> None:
        self.calls.append("refund")
        self.busy = True

    def charge(self, service: str = "my_number") -> None:
        self.calls.append("charge" if service == "my_number" else f"charge {service}")

    def end(self) -> None:
        self.calls.append("end")
        self.txn = None
        self.credit_yen = 0

    def owe_fee(self, txn: str, receipt: str) -> None:
        self.calls.append("owe_fee")

    def finish_payout(self, paid_yen: int = 0, unpaid_yen: int = 0, code: str = "") -> None:
        self.busy = False
        self.last_payout_txn = self.txn or ""
        self.payout_finished.emit(paid_yen, unpaid_yen, code)


class FakeStudio(QObject):
    preview_frame = Signal(object)
    analysed = Signal(object)
    countdown_ticked = Signal(int)
    photo_ready = Signal()
    photo_failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.photo: Any = None

    def begin(self) -> None:
        self.calls.append("begin")

    def abort(self) -> None:
        self.calls.append("abort")

    def start_countdown(self, seconds: int) -> None:
        self.calls.append(f"countdown {seconds}")

    def result(self) -> Any:
        return self.photo


class FakeSubmitter(FakeDevice):
    delivered = Signal(str, str)
    rejected = Signal(str, int, str)
    rejection_received = Signal(str, object)
    attempt_failed = Signal(str, str)
    progress = Signal(str, str, int, int)

    def __init__(self) -> None:
        super().__init__("submitter")
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


class FakeOutbox:
    def __init__(self) -> None:
        self.stored: list[tuple[str, str]] = []  # (txn, receipt code); the sealed content is not kept

    def put_new(self, txn: str, _application: str, _jpeg: bytes, receipt: str) -> str:
        self.stored.append((txn, receipt))
        return f"env-{txn}"

    def kept(self, txn: str) -> bool:
        return any(t == txn for t, _ in self.stored)

    def erasure_of(self, _envelope_id: str) -> None:
        return None

    def refusals(self) -> list[object]:
        return []


class FakePrinter(FakeDevice):
    job_finished = Signal(object)
    job_state_changed = Signal(str, str)

    def __init__(self) -> None:
        super().__init__("printer")
        self.jobs: list[Any] = []
        self.cancelled: list[str] = []

    @property
    def queue_name(self) -> str:
        return "fake"

    def print_sheet(self, job: Any) -> None:
        self.jobs.append(job)

    def cancel(self, key: str) -> None:
        self.cancelled.append(key)

    def resume(self) -> None:
        pass


class FakeReceiptPrinter(FakeDevice):
    receipt_printed = Signal(str, bool, str)

    def __init__(self) -> None:
        super().__init__("receipt_printer")
        self.receipts: list[Any] = []

    def print_receipt(self, receipt: Any) -> None:
        self.receipts.append(receipt)


@dataclasses.dataclass
class FakeBooth:
    """A flow over fakes, started on attract."""

    flow: Flow
    cashier: FakeCashier
    reader: FakeReader
    camera: FakeCamera
    storage: FakeStorage
    studio: FakeStudio
    submitter: FakeSubmitter
    outbox: FakeOutbox
    acceptor: FakeDevice
    printer: FakePrinter | None = None
    receipt: FakeReceiptPrinter | None = None

    def close(self) -> None:
        """Stop the flow and its timers (a fake booth left running would fire into later tests)."""
        self.flow.stop()
        self.flow.deleteLater()


def fake_config() -> Config:
    return load(None, simulate=True)


def fake_booth(cfg: Config | None = None) -> FakeBooth:
    cashier, reader, camera, storage = FakeCashier(), FakeReader(), FakeCamera(), FakeStorage()
    studio, submitter, outbox, acceptor = FakeStudio(), FakeSubmitter(), FakeOutbox(), FakeDevice("coin_acceptor")
    printer, receipt = FakePrinter(), FakeReceiptPrinter()
    health = {d.name: d for d in (reader, camera, storage, acceptor, printer, receipt)}
    devices = FlowDevices(cashier=cashier, reader=reader, camera=camera, submitter=submitter,  # type: ignore[arg-type]
                          outbox=outbox, studio=studio, health=health, storage=storage,  # type: ignore[arg-type]
                          printer=printer, receipt=receipt)  # type: ignore[arg-type]
    flow = Flow(cfg or fake_config(), devices, today=lambda: TODAY)
    return FakeBooth(flow, cashier, reader, camera, storage, studio, submitter, outbox, acceptor, printer, receipt)
