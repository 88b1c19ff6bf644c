"""The technician's maintenance menu: a hidden corner gesture, a PIN keypad, then devices, money, outbox, events,
config and service pages. Touch-first: every target at least 80 px tall, text at least 28 px.

The menu never touches a device, the store or a thread: it calls a MaintenanceBackend that the composition
root implements. Reads are quick (in-memory state or one local SQLite query); self-tests are asynchronous and
report through a callback that may be called from any thread (the menu marshals it to the GUI thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import log
from kiosk.ui.pin import PinGate, PinOutcome

_log = log.get("ui")

SELF_TEST_ACTIONS = ("probe", "accept_test_coin", "pay_one_coin", "camera_test_image", "read_test_code")
ACTION_LABELS = {
    "probe": "接続確認\nProbe",
    "accept_test_coin": "硬貨受付テスト\nAccept a test coin",
    "pay_one_coin": "1枚払出し\nPay one coin",
    "camera_test_image": "テスト撮影\nTest image",
    "read_test_code": "テストコード読取\nRead a test code",
}
STATE_LABELS = {"ok": "正常 OK", "degraded": "注意 Degraded", "down": "停止 Down"}
MIN_TARGET_PX = 80
TEXT_PX = 28
EVENT_LINES = 200
AUDIT_LINES = 100
CONFIRM_WINDOW_MS = 4000
REFILL_STEPS = (10, 50, 100)
NAV_WIDTH_PX = 200


# --- what the menu needs from the app ---------------------------------------------------------------
@dataclass(frozen=True)
class DeviceRow:
    name: str  # "coin_acceptor", "hopper", "barcode_reader", "camera", "submitter"
    state: str  # "ok", "degraded" or "down" (HealthState.value)
    detail: str = ""  # technician-readable, never personal data
    actions: tuple[str, ...] = ()  # the SELF_TEST_ACTIONS this device supports


@dataclass(frozen=True)
class SelfTestResult:
    device_name: str
    action: str
    ok: bool
    detail: str = ""  # e.g. "100 yen credited", "decoded a test code" (never the payload of a real code)


OUTSTANDING_KINDS = {
    "unpaid": "未払いのお釣り・返金 / Change or refund not paid",
    "owed": "返金すべき料金（申請が受理されず）/ Fee owed (application refused)",
    "unrecorded": "記録できなかった硬貨 / Money not recorded (storage failed)",
    "note_in_doubt": "行方不明の紙幣（紙幣金庫を確認）/ Note in doubt (check the note stacker)",
}


@dataclass(frozen=True)
class OutstandingRow:
    """Money the booth owes a citizen until staff settle it by hand (the citizen holds the receipt code)."""

    key: str  # the backend's handle for settle()
    kind: str  # one of OUTSTANDING_KINDS
    receipt_code: str  # the booth's own code shown to the citizen, not personal data
    amount_yen: int


@dataclass(frozen=True)
class CashSummary:
    """What the money page shows (the ledger's kiosk.store.ledger.CashTotals, with the hopper and the
    money held in memory added)."""

    coins_by_denomination: Mapping[int, int]  # cash box since the last collection
    hopper_coins: int | None  # estimated; None when unknown
    hopper_coin_yen: int
    hopper_level: str  # HopperLevel.value: "unknown", "empty", "low", "ok", "high"
    outstanding: tuple[OutstandingRow, ...] = ()
    hopper_low: bool = False  # the low alarm: level low or empty, or the estimate below low_level_coins
    has_stacker: bool = False  # a bill validator is fitted
    stacker_notes: int = 0  # notes in its stacker since the last collection (credited notes, from the ledger)
    stacker_yen: int = 0
    services: tuple[tuple[str, int, int], ...] = ()  # since the last collection: (service, sessions charged, yen)

    @property
    def box_yen(self) -> int:
        return sum(value * count for value, count in self.coins_by_denomination.items())

    @property
    def outstanding_yen(self) -> int:
        return sum(row.amount_yen for row in self.outstanding)


@dataclass(frozen=True)
class CollectionRecord:
    record_id: str  # ledger id of the collection, written on the technician's slip
    collected_yen: int
    coins_by_denomination: Mapping[int, int] = field(default_factory=dict)


class MaintenanceBackend(Protocol):
    """Exactly what the maintenance menu needs; the app implements it over devices, ledger and outbox."""

    def devices(self) -> list[DeviceRow]: ...

    def self_test(self, device_name: str, action: str, done: Callable[[SelfTestResult], None]) -> None:
        """Start a self-test without blocking; call done(result) exactly once, from any thread."""
        ...

    def cash_totals(self) -> CashSummary: ...

    def settle(self, key: str) -> bool:
        """Staff paid this outstanding amount by hand: record it (ledger and audit); False if it was not open."""
        ...

    def collect_cash(self) -> CollectionRecord:
        """Record that the cash box was emptied (ledger entry) and return the record."""
        ...

    def collect_stacker(self) -> CollectionRecord:
        """Record that the note stacker was emptied (ledger entry, audited) and return the record."""
        ...

    def refill_hopper(self, coins: int) -> None:
        """Record that the technician put this many coins into the hopper."""
        ...

    def outbox_depth(self) -> tuple[int, float | None]:
        """(applications waiting, age of the oldest in seconds or None)."""
        ...

    def send_now(self) -> None: ...

    def recent_events(self, limit: int) -> list[str]:
        """The newest log/event lines, already free of personal data, oldest first."""
        ...

    def audit_events(self, limit: int) -> list[str]:
        """The newest lines of the audit trail (unlocks, wrong PINs, out of service, money), oldest first."""
        ...

    def running_config(self) -> str: ...

    def set_out_of_service(self, out_of_service: bool) -> None: ...

    def is_out_of_service(self) -> bool: ...

    def restart(self) -> None: ...

    def exit_kiosk(self) -> None: ...


# --- widgets --------------------------------------------------------------------------------------
def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setMinimumHeight(MIN_TARGET_PX)
    b.setMinimumWidth(MIN_TARGET_PX)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return b


def _label(text: str = "", name: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # device details and events may quote a server: data, not markup
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


def _text_view(name: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    mono = QFont("monospace")
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setPixelSize(TEXT_PX - 4)  # long lines; still legible at arm's length
    view.setFont(mono)
    QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return view


class ConfirmButton(QPushButton):
    """A button that needs a second tap within a few seconds: the first arms it, the second confirms."""

    confirmed = Signal()

    def __init__(self, text: str, confirm_text: str, name: str) -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setMinimumHeight(MIN_TARGET_PX)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._text = text
        self._confirm_text = confirm_text
        self.disarm_timer = QTimer(self)
        self.disarm_timer.setSingleShot(True)
        self.disarm_timer.setInterval(CONFIRM_WINDOW_MS)
        self.disarm_timer.timeout.connect(self.disarm)
        self.clicked.connect(self._on_clicked)

    @property
    def armed(self) -> bool:
        return self.disarm_timer.isActive()

    def disarm(self) -> None:
        self.disarm_timer.stop()
        self.setText(self._text)

    def _on_clicked(self) -> None:
        if self.armed:
            self.disarm()
            self.confirmed.emit()
        else:
            self.setText(self._confirm_text)
            self.disarm_timer.start()


class _ResultBridge(QObject):
    """Carries self-test results from any thread to the GUI thread (queued when emitted elsewhere)."""

    result_arrived = Signal(object)  # SelfTestResult


# --- pages ----------------------------------------------------------------------------------------
class _Page(QWidget):
    def __init__(self, backend: MaintenanceBackend, title: str) -> None:
        super().__init__()
        self.backend = backend
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_label(title, "page_title"))

    def refresh(self) -> None:
        raise NotImplementedError


class DevicesPage(_Page):
    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "機器と自己診断 / Devices and self-tests")
        self._rows = QWidget()
        self._rows_layout = QVBoxLayout(self._rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._rows)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.layout_.addWidget(scroll, 1)
        self.result_label = _label("", "selftest_result")
        self.layout_.addWidget(self.result_label)
        refresh = _button("更新 / Refresh", "devices_refresh")
        refresh.clicked.connect(self.refresh)
        self.layout_.addWidget(refresh)
        self._bridge = _ResultBridge(self)
        self._bridge.result_arrived.connect(self._on_result_arrived)

    def refresh(self) -> None:
        while self._rows_layout.count():
            item = self._rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row in self.backend.devices():
            line = QWidget()
            h = QHBoxLayout(line)
            h.addWidget(
                _label(f"{row.name}\n{STATE_LABELS.get(row.state, row.state)}", f"device_{row.name}"), 1
            )
            h.addWidget(_label(row.detail, f"device_{row.name}_detail"), 2)
            for action in row.actions:
                b = _button(ACTION_LABELS.get(action, action), f"test_{row.name}_{action}")
                b.clicked.connect(lambda _=False, n=row.name, a=action: self._start(n, a))
                h.addWidget(b)
            self._rows_layout.addWidget(line)
        self._rows_layout.addStretch(1)

    def _start(self, device_name: str, action: str) -> None:
        _log.info("maintenance: self-test %s %s started", device_name, action)
        self.result_label.setText(f"実行中 / Running: {device_name} {action} …")
        self.backend.self_test(device_name, action, self._bridge.result_arrived.emit)

    def _on_result_arrived(self, result: SelfTestResult) -> None:
        verdict = "OK" if result.ok else "NG / Failed"
        _log.info(
            "maintenance: self-test %s %s %s",
            result.device_name,
            result.action,
            "ok" if result.ok else "failed",
        )
        self.result_label.setText(f"{result.device_name} {result.action}: {verdict}  {result.detail}")
        self.refresh()


class MoneyPage(_Page):
    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "金銭 / Money")
        self.totals_label = _label("", "money_totals")
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.totals_label, 1)
        outstanding = QWidget()
        self.outstanding_layout = QVBoxLayout(outstanding)
        self.outstanding_layout.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(outstanding)
        self.collect = ConfirmButton(
            "現金回収 / Collect cash", "もう一度押して回収 / Tap again to collect", "collect_cash"
        )
        self.collect.confirmed.connect(self._on_collect_confirmed)
        self.layout_.addWidget(self.collect)
        self.collect_notes = ConfirmButton(
            "紙幣回収 / Collect notes", "もう一度押して回収 / Tap again to collect", "collect_stacker"
        )
        self.collect_notes.confirmed.connect(self._on_collect_notes_confirmed)
        self.layout_.addWidget(self.collect_notes)
        self.refill_coins = 0
        row = QHBoxLayout()
        self.refill_label = _label("", "refill_count")
        row.addWidget(self.refill_label, 1)
        for step in REFILL_STEPS:
            b = _button(f"+{step}", f"refill_plus_{step}")
            b.clicked.connect(lambda _=False, s=step: self._add_refill(s))
            row.addWidget(b)
        clear = _button("0", "refill_clear")
        clear.clicked.connect(lambda: self._add_refill(-self.refill_coins))
        row.addWidget(clear)
        self.refill = _button("補充を記録 / Record refill", "refill_hopper")
        self.refill.clicked.connect(self._on_refill_clicked)
        row.addWidget(self.refill)
        self.layout_.addLayout(row)
        self.status_label = _label("", "money_status")
        self.layout_.addWidget(self.status_label)
        self._add_refill(0)

    def _add_refill(self, coins: int) -> None:
        self.refill_coins = max(0, self.refill_coins + coins)
        self.refill_label.setText(f"補充枚数 / Coins to add: {self.refill_coins}")
        self.refill.setEnabled(self.refill_coins > 0)

    def refresh(self) -> None:
        t = self.backend.cash_totals()
        lines = ["金庫 / Cash box:"]
        for value in sorted(t.coins_by_denomination, reverse=True):
            count = t.coins_by_denomination[value]
            lines.append(f"  {value:>4} 円 × {count:>5} = {value * count:>8,} 円")
        lines.append(f"  合計 / Total: {t.box_yen:,} 円")
        hopper = "?" if t.hopper_coins is None else str(t.hopper_coins)
        lines.append(f"ホッパー / Hopper ({t.hopper_coin_yen} 円): {hopper} 枚, {t.hopper_level}")
        if t.hopper_low:
            lines.append("  ⚠ 残量低下: 補充して記録してください / Hopper low: refill it and record the refill")
        lines.append("サービス別 / By service:")
        names = {"my_number": "マイナンバーカード申請 / My Number card"}
        for service, count, yen in t.services:
            name = names.get(service) or "証明写真 / ID photo " + service.removeprefix("idphoto:")
            lines.append(f"  {name}: {count} 件, {yen:,} 円")
        lines.append(f"要精算 / To settle: {t.outstanding_yen:,} 円")
        if t.has_stacker:
            lines.append(f"紙幣金庫 / Note stacker: {t.stacker_notes} 枚, {t.stacker_yen:,} 円")
        self.collect_notes.setVisible(t.has_stacker)
        self.totals_label.setText("\n".join(lines))
        self._show_outstanding(t.outstanding)

    def _show_outstanding(self, rows: tuple[OutstandingRow, ...]) -> None:
        """One line per amount owed, each with its own two-tap settle button."""
        while self.outstanding_layout.count():
            item = self.outstanding_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row in rows:
            line = QWidget()
            h = QHBoxLayout(line)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(_label(f"⚠ {row.receipt_code}: {row.amount_yen:,} 円  {OUTSTANDING_KINDS.get(row.kind, row.kind)}",
                               f"outstanding_{row.receipt_code}"), 1)
            settle = ConfirmButton("精算済み / Settled", "もう一度押して記録 / Tap again to record",
                                   f"settle_{row.receipt_code}")
            settle.confirmed.connect(lambda r=row: self._on_settle_confirmed(r))
            h.addWidget(settle)
            self.outstanding_layout.addWidget(line)

    def _on_settle_confirmed(self, row: OutstandingRow) -> None:
        if self.backend.settle(row.key):
            _log.info("maintenance: %s %s settled by hand, %d yen", row.kind, row.receipt_code, row.amount_yen)
            self.status_label.setText(f"精算記録 / Settled: {row.receipt_code} {row.amount_yen:,} 円")
        else:
            self.status_label.setText(f"精算済みでした / Already settled: {row.receipt_code}")
        self.refresh()

    def _on_collect_confirmed(self) -> None:
        record = self.backend.collect_cash()
        _log.info("maintenance: cash collected, %d yen, record %s", record.collected_yen, record.record_id)
        self.status_label.setText(f"回収記録 / Collection {record.record_id}: {record.collected_yen:,} 円")
        self.refresh()

    def _on_collect_notes_confirmed(self) -> None:
        record = self.backend.collect_stacker()
        _log.info("maintenance: note stacker collected, %d yen, record %s", record.collected_yen, record.record_id)
        self.status_label.setText(f"紙幣回収記録 / Note collection {record.record_id}: {record.collected_yen:,} 円")
        self.refresh()

    def _on_refill_clicked(self) -> None:
        coins = self.refill_coins
        if coins <= 0:
            return
        self.backend.refill_hopper(coins)
        _log.info("maintenance: hopper refilled with %d coins", coins)
        self.status_label.setText(f"補充記録 / Refill recorded: {coins} 枚")
        self._add_refill(-coins)
        self.refresh()


class OutboxPage(_Page):
    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "送信待ち / Outbox")
        self.depth_label = _label("", "outbox_depth")
        self.layout_.addWidget(self.depth_label, 1)
        send = _button("今すぐ送信 / Send now", "send_now")
        send.clicked.connect(self._on_send_clicked)
        self.layout_.addWidget(send)
        refresh = _button("更新 / Refresh", "outbox_refresh")
        refresh.clicked.connect(self.refresh)
        self.layout_.addWidget(refresh)

    def refresh(self) -> None:
        count, oldest_s = self.backend.outbox_depth()
        age = "-" if oldest_s is None else f"{oldest_s / 60:.0f} 分 / min"
        self.depth_label.setText(f"送信待ち / Waiting: {count}\n最古 / Oldest: {age}")

    def _on_send_clicked(self) -> None:
        _log.info("maintenance: send now")
        self.backend.send_now()
        self.refresh()


class EventsPage(_Page):
    """The audit trail (kept on disk, append-only) above the newest log lines (this run only)."""

    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "イベント記録 / Event log")
        self.layout_.addWidget(_label("監査記録 / Audit trail", "audit_title"))
        self.audit_view = _text_view("audit_view")
        self.layout_.addWidget(self.audit_view, 1)
        self.layout_.addWidget(_label("ログ / Log", "log_title"))
        self.view = _text_view("events_view")
        self.layout_.addWidget(self.view, 1)
        refresh = _button("更新 / Refresh", "events_refresh")
        refresh.clicked.connect(self.refresh)
        self.layout_.addWidget(refresh)

    def refresh(self) -> None:
        for view, lines in ((self.audit_view, self.backend.audit_events(AUDIT_LINES)),
                            (self.view, self.backend.recent_events(EVENT_LINES))):
            view.setPlainText("\n".join(lines))
            view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())


class ConfigPage(_Page):
    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "設定 / Running configuration")
        self.view = _text_view("config_view")
        self.layout_.addWidget(self.view, 1)

    def refresh(self) -> None:
        self.view.setPlainText(self.backend.running_config())


class ServicePage(_Page):
    def __init__(self, backend: MaintenanceBackend) -> None:
        super().__init__(backend, "サービス / Service")
        self.state_label = _label("", "service_state")
        self.layout_.addWidget(self.state_label)
        self.toggle = _button("", "toggle_out_of_service")
        self.toggle.clicked.connect(self._on_toggle_clicked)
        self.layout_.addWidget(self.toggle)
        self.restart = ConfirmButton(
            "再起動 / Restart", "もう一度押して再起動 / Tap again to restart", "restart"
        )
        self.restart.confirmed.connect(self._on_restart_confirmed)
        self.layout_.addWidget(self.restart)
        self.exit = ConfirmButton(
            "キオスクを終了 / Exit kiosk", "もう一度押して終了 / Tap again to exit", "exit_kiosk"
        )
        self.exit.confirmed.connect(self._on_exit_confirmed)
        self.layout_.addWidget(self.exit)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        out = self.backend.is_out_of_service()
        self.state_label.setText(
            "状態 / State: " + ("休止中 / Out of service" if out else "稼働中 / In service")
        )
        self.toggle.setText("稼働再開 / Back in service" if out else "休止にする / Take out of service")

    def _on_toggle_clicked(self) -> None:
        out = not self.backend.is_out_of_service()
        _log.info("maintenance: out of service %s", "on" if out else "off")
        self.backend.set_out_of_service(out)
        self.refresh()

    def _on_restart_confirmed(self) -> None:
        _log.info("maintenance: restart")
        self.backend.restart()

    def _on_exit_confirmed(self) -> None:
        _log.info("maintenance: exit kiosk")
        self.backend.exit_kiosk()


# --- the menu -------------------------------------------------------------------------------------
PAGES = ("devices", "money", "outbox", "events", "config", "service")
PAGE_TITLES = {
    "devices": "機器\nDevices",
    "money": "金銭\nMoney",
    "outbox": "送信待ち\nOutbox",
    "events": "記録\nEvents",
    "config": "設定\nConfig",
    "service": "サービス\nService",
}


class MaintenanceMenu(QWidget):
    """Full-screen maintenance menu: PIN first, then the pages. Closes itself after idle_close_s untouched.

    The app shows it (as a page of its window or a full-screen window) after HiddenGesture.triggered and
    calls open(); the menu emits closed(reason) with reason "user", "idle" or "exit".
    """

    unlocked = Signal()
    closed = Signal(str)
    pin_checked = Signal(str)  # PinOutcome.value of every try (never the PIN): the audit trail records it

    def __init__(
        self,
        backend: MaintenanceBackend,
        gate: PinGate,
        *,
        idle_close_s: int = 120,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("maintenance_menu")
        self.backend = backend
        self.gate = gate
        self._entry = ""
        self._open = False
        font = QFont(self.font())
        font.setPixelSize(TEXT_PX)
        self.setFont(font)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_close_s * 1000)
        self.idle_timer.timeout.connect(self._on_idle_timeout)
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.addWidget(self.stack)
        self.pin_page = self._build_pin_page()
        self.stack.addWidget(self.pin_page)
        self.service_page = ServicePage(backend)
        self.pages: dict[str, _Page] = {
            "devices": DevicesPage(backend),
            "money": MoneyPage(backend),
            "outbox": OutboxPage(backend),
            "events": EventsPage(backend),
            "config": ConfigPage(backend),
            "service": self.service_page,
        }
        self.menu_page = self._build_menu_page()
        self.stack.addWidget(self.menu_page)
        self.service_page.exit.confirmed.connect(lambda: self.close_menu("exit"))

    # PIN page
    def _build_pin_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(_label("メンテナンス / Maintenance\n暗証番号を入力 / Enter the PIN", "pin_title"))
        self.pin_display = _label("", "pin_display")
        self.pin_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        v.addWidget(self.pin_display)
        self.pin_message = _label("", "pin_message")
        v.addWidget(self.pin_message)
        grid = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
        for i, key in enumerate(keys):
            text = {"clear": "消去\nClear", "back": "⌫"}.get(key, key)
            b = _button(text, f"pin_key_{key}")
            b.clicked.connect(lambda _=False, k=key: self._on_key_pressed(k))
            grid.addWidget(b, i // 3, i % 3)
        v.addLayout(grid)
        row = QHBoxLayout()
        cancel = _button("キャンセル / Cancel", "pin_cancel")
        cancel.clicked.connect(lambda: self.close_menu("user"))
        ok = _button("OK", "pin_ok")
        ok.clicked.connect(self._on_ok_clicked)
        row.addWidget(cancel)
        row.addWidget(ok)
        v.addLayout(row)
        return page

    def _on_key_pressed(self, key: str) -> None:
        if key == "clear":
            self._entry = ""
        elif key == "back":
            self._entry = self._entry[:-1]
        elif len(self._entry) < 12:
            self._entry += key
        self.pin_display.setText("●" * len(self._entry))

    def _on_ok_clicked(self) -> None:
        entry, self._entry = self._entry, ""
        self.pin_display.setText("")
        outcome = self.gate.try_pin(entry)
        self.pin_checked.emit(outcome.value)
        if outcome is PinOutcome.ACCEPTED:
            _log.info("maintenance: unlocked")
            self.pin_message.setText("")
            self.show_page("devices")
            self.stack.setCurrentWidget(self.menu_page)
            self.unlocked.emit()
        elif outcome is PinOutcome.LOCKED:
            _log.warning("maintenance: PIN locked after %d wrong tries", self.gate.failures)
            remaining_s = int(self.gate.locked_remaining_s()) + 1
            self.pin_message.setText(f"ロック中 / Locked: {remaining_s} 秒 / s")
        else:
            _log.info("maintenance: wrong PIN")
            self.pin_message.setText("暗証番号が違います / Wrong PIN")

    # menu page
    def _build_menu_page(self) -> QWidget:
        page = QWidget()
        h = QHBoxLayout(page)
        nav = QVBoxLayout()
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.page_stack = QStackedWidget()
        for name in PAGES:
            b = _button(PAGE_TITLES[name], f"nav_{name}")
            b.setCheckable(True)
            b.setMinimumWidth(NAV_WIDTH_PX)
            b.clicked.connect(lambda _=False, n=name: self.show_page(n))
            self.nav_group.addButton(b)
            nav.addWidget(b)
            self.page_stack.addWidget(self.pages[name])
        nav.addStretch(1)
        close = _button("閉じる\nClose", "menu_close")
        close.clicked.connect(lambda: self.close_menu("user"))
        nav.addWidget(close)
        h.addLayout(nav)
        h.addWidget(self.page_stack, 1)
        return page

    def show_page(self, name: str) -> None:
        """Show one page (one of PAGES), refreshed from the backend."""
        page = self.pages[name]
        page.refresh()
        self.page_stack.setCurrentWidget(page)
        nav = self.findChild(QPushButton, f"nav_{name}")
        if nav is not None:
            nav.setChecked(True)

    def current_page(self) -> str | None:
        if self.stack.currentWidget() is not self.menu_page:
            return None
        current = self.page_stack.currentWidget()
        return next((n for n, p in self.pages.items() if p is current), None)

    # opening and closing
    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        """Start at the PIN page with an empty entry and start the idle timer; the app shows the widget."""
        self._entry = ""
        self.pin_display.setText("")
        remaining_s = self.gate.locked_remaining_s()
        self.pin_message.setText(
            f"ロック中 / Locked: {int(remaining_s) + 1} 秒 / s"
            if remaining_s > 0
            else ("" if self.gate.enabled else "暗証番号が未設定 / No PIN configured")
        )
        self.stack.setCurrentWidget(self.pin_page)
        if not self._open:
            self._open = True
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self.idle_timer.start()
        _log.info("maintenance: opened")

    def close_menu(self, reason: str) -> None:
        """Lock the menu again and emit closed(reason)."""
        if not self._open:
            return
        self._open = False
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._entry = ""
        self.pin_display.setText("")
        self.stack.setCurrentWidget(self.pin_page)
        for page in self.pages.values():
            for b in page.findChildren(ConfirmButton):
                b.disarm()
        if self.isWindow():
            self.hide()
        _log.info("maintenance: closed (%s)", reason)
        self.closed.emit(reason)

    def _on_idle_timeout(self) -> None:
        self.close_menu("idle")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._open
            and event.type() in _ACTIVITY_EVENTS
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        ):
            self.idle_timer.start()
        return False


_ACTIVITY_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
)


class HiddenGesture(QObject):
    """Emits triggered after `taps` taps in a corner of target within window_s; install on the QApplication.

    A tap anywhere else starts the count again. The taps still reach the screen underneath, so the corner
    must hold nothing a citizen can press. One physical tap can reach the filter several times (touch, the
    mouse event Qt makes from it, propagation to parents): events with the same timestamp count once.
    """

    triggered = Signal()

    def __init__(
        self,
        target: QWidget,
        *,
        taps: int = 5,
        corner: QRect | None = None,
        window_s: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = target
        self.taps = taps
        self.corner = corner if corner is not None else QRect(0, 0, 120, 120)
        self.window_s = window_s
        self.enabled = True
        self._clock = clock
        self._times: list[float] = []
        self._last_timestamp: int | None = None

    def reset(self) -> None:
        self._times.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.enabled or kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            return False
        if not self.target.isVisible():
            return False
        if isinstance(event, QTouchEvent):
            points = event.points()
            if not points:
                return False
            global_pos = points[0].globalPosition().toPoint()
        elif isinstance(event, QMouseEvent):
            global_pos = event.globalPosition().toPoint()
        else:
            return False
        timestamp = event.timestamp()
        if timestamp and timestamp == self._last_timestamp:
            return False
        self._last_timestamp = timestamp
        self._on_tap(self.target.mapFromGlobal(global_pos))
        return False

    def _on_tap(self, pos: QPoint) -> None:
        if not self.corner.contains(pos):
            self._times.clear()
            return
        now = self._clock()
        self._times = [t for t in self._times if now - t <= self.window_s]
        self._times.append(now)
        if len(self._times) >= self.taps:
            self._times.clear()
            _log.info("maintenance gesture recognised")
            self.triggered.emit()
