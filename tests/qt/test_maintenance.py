"""The maintenance menu with a fake backend, and the hidden corner gesture."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton, QWidget

from kiosk.ui.maintenance import (
    PAGES,
    CashSummary,
    CollectionRecord,
    ConfirmButton,
    DeviceRow,
    HiddenGesture,
    MaintenanceMenu,
    OutstandingRow,
    SelfTestResult,
)
from kiosk.ui.pin import PinGate, hash_pin

PIN = "2468"


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


class FakeBackend:
    """Records every call; self-tests answer from a worker thread, as a real backend would."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.out_of_service = False
        self.threads: list[threading.Thread] = []
        self.outstanding = [OutstandingRow("ledger:7", "unpaid", "R7K3QABC", 200),
                            OutstandingRow("held:MN4PQRST", "unrecorded", "MN4PQRST", 500)]

    def devices(self) -> list[DeviceRow]:
        self.calls.append(("devices",))
        return [
            DeviceRow("coin_acceptor", "ok", "JP100A JP500B", ("probe", "accept_test_coin")),
            DeviceRow("hopper", "degraded", "low", ("probe", "pay_one_coin")),
            DeviceRow("camera", "down", "unplugged", ("camera_test_image",)),
            DeviceRow("barcode_reader", "ok", "", ("read_test_code",)),
        ]

    def self_test(self, device_name: str, action: str, done: Callable[[SelfTestResult], None]) -> None:
        self.calls.append(("self_test", device_name, action))
        t = threading.Thread(target=lambda: done(SelfTestResult(device_name, action, True, "fine")))
        self.threads.append(t)
        t.start()

    def cash_totals(self) -> CashSummary:
        self.calls.append(("cash_totals",))
        return CashSummary({500: 2, 100: 3}, 40, 100, "ok", tuple(self.outstanding))

    def settle(self, key: str) -> bool:
        self.calls.append(("settle", key))
        before = len(self.outstanding)
        self.outstanding = [row for row in self.outstanding if row.key != key]
        return len(self.outstanding) < before

    def collect_cash(self) -> CollectionRecord:
        self.calls.append(("collect_cash",))
        return CollectionRecord("C-0001", 1300, {500: 2, 100: 3})

    def collect_stacker(self) -> CollectionRecord:
        self.calls.append(("collect_stacker",))
        return CollectionRecord("N-0001", 3000)

    def refill_hopper(self, coins: int) -> None:
        self.calls.append(("refill_hopper", coins))

    def outbox_depth(self) -> tuple[int, float | None]:
        self.calls.append(("outbox_depth",))
        return 2, 600.0

    def send_now(self) -> None:
        self.calls.append(("send_now",))

    def recent_events(self, limit: int) -> list[str]:
        self.calls.append(("recent_events", limit))
        return ["10:00 flow attract", "10:01 money coin 100"]

    def audit_events(self, limit: int) -> list[str]:
        self.calls.append(("audit_events", limit))
        return ["2026-12-02 10:00:00 unlocked", "2026-12-02 10:02:00 cash_collected 1300 yen"]

    def running_config(self) -> str:
        self.calls.append(("running_config",))
        return "[booth]\nid = 'booth-0001'"

    def set_out_of_service(self, out_of_service: bool) -> None:
        self.calls.append(("set_out_of_service", out_of_service))
        self.out_of_service = out_of_service

    def is_out_of_service(self) -> bool:
        return self.out_of_service

    def restart(self) -> None:
        self.calls.append(("restart",))

    def exit_kiosk(self) -> None:
        self.calls.append(("exit_kiosk",))

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]


@pytest.fixture
def backend() -> FakeBackend:
    b = FakeBackend()
    yield b
    for t in b.threads:
        t.join()


@pytest.fixture
def menu(qtbot, backend) -> MaintenanceMenu:
    m = MaintenanceMenu(backend, PinGate(hash_pin(PIN, n=2**8)), idle_close_s=60)
    qtbot.addWidget(m)
    m.resize(1280, 800)
    m.show()
    m.open()
    yield m
    m.close_menu("user")


def click(menu: QWidget, name: str) -> None:
    button = menu.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isVisible(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def enter_pin(menu: MaintenanceMenu, pin: str) -> None:
    for digit in pin:
        click(menu, f"pin_key_{digit}")
    click(menu, "pin_ok")


def text_of(menu: QWidget, name: str) -> str:
    widget = menu.findChild(QLabel, name)
    assert widget is not None, name
    return widget.text()


def test_pin_unlocks_the_menu(qtbot, menu) -> None:
    assert menu.current_page() is None
    enter_pin(menu, "1111")
    assert menu.current_page() is None
    assert "Wrong PIN" in text_of(menu, "pin_message")
    with qtbot.waitSignal(menu.unlocked, timeout=1000):
        enter_pin(menu, PIN)
    assert menu.current_page() == "devices"


def test_keypad_edits_and_masks_the_entry(menu) -> None:
    for key in ("1", "2", "3", "back", "4"):
        click(menu, f"pin_key_{key}")
    assert text_of(menu, "pin_display") == "●●●"
    click(menu, "pin_key_clear")
    assert text_of(menu, "pin_display") == ""


def test_lockout_after_five_wrong_pins(menu) -> None:
    outcomes: list[str] = []
    menu.pin_checked.connect(outcomes.append)
    for _ in range(5):
        enter_pin(menu, "9999")
    assert "Locked" in text_of(menu, "pin_message")
    enter_pin(menu, PIN)
    assert menu.current_page() is None
    assert outcomes == ["rejected"] * 4 + ["locked", "locked"]  # the outcome only, never the PIN


def test_a_right_pin_is_reported_as_accepted(menu) -> None:
    outcomes: list[str] = []
    menu.pin_checked.connect(outcomes.append)
    enter_pin(menu, "9999")
    enter_pin(menu, PIN)
    assert outcomes == ["rejected", "accepted"] and menu.current_page() == "devices"


def test_every_action_calls_the_backend(qtbot, menu, backend) -> None:
    enter_pin(menu, PIN)
    # devices & self-tests: the result comes back from another thread
    click(menu, "test_coin_acceptor_accept_test_coin")
    qtbot.waitUntil(lambda: "fine" in text_of(menu, "selftest_result"), timeout=2000)
    click(menu, "test_hopper_pay_one_coin")
    qtbot.waitUntil(lambda: "hopper pay_one_coin: OK" in text_of(menu, "selftest_result"), timeout=2000)
    assert ("self_test", "coin_acceptor", "accept_test_coin") in backend.calls
    assert ("self_test", "hopper", "pay_one_coin") in backend.calls
    # money
    click(menu, "nav_money")
    assert "1,300" in text_of(menu, "money_totals") and "700" in text_of(menu, "money_totals")  # to settle
    assert "R7K3QABC: 200" in text_of(menu, "outstanding_R7K3QABC")
    click(menu, "settle_R7K3QABC")
    assert "settle" not in backend.names()  # the first tap only arms it
    click(menu, "settle_R7K3QABC")
    assert ("settle", "ledger:7") in backend.calls and "R7K3QABC" in text_of(menu, "money_status")
    qtbot.waitUntil(lambda: menu.findChild(QPushButton, "settle_R7K3QABC") is None, timeout=2000)
    assert "500" in text_of(menu, "money_totals") and menu.findChild(QPushButton, "settle_MN4PQRST") is not None
    click(menu, "collect_cash")
    assert "collect_cash" not in backend.names()  # the first tap only arms it
    click(menu, "collect_cash")
    assert "collect_cash" in backend.names()
    assert "C-0001" in text_of(menu, "money_status")
    click(menu, "refill_plus_100")
    click(menu, "refill_plus_50")
    click(menu, "refill_hopper")
    assert ("refill_hopper", 150) in backend.calls
    # outbox
    click(menu, "nav_outbox")
    assert "2" in text_of(menu, "outbox_depth")
    click(menu, "send_now")
    assert "send_now" in backend.names()
    # events and config
    click(menu, "nav_events")
    assert ("recent_events", 200) in backend.calls and ("audit_events", 100) in backend.calls
    audit = menu.findChild(QPlainTextEdit, "audit_view")
    log_view = menu.findChild(QPlainTextEdit, "events_view")
    assert audit.toPlainText().endswith("cash_collected 1300 yen") and "unlocked" in audit.toPlainText()
    assert log_view.toPlainText().endswith("10:01 money coin 100")
    click(menu, "nav_config")
    assert "running_config" in backend.names()
    # service
    click(menu, "nav_service")
    click(menu, "toggle_out_of_service")
    assert ("set_out_of_service", True) in backend.calls
    assert "Out of service" in text_of(menu, "service_state")
    click(menu, "toggle_out_of_service")
    assert ("set_out_of_service", False) in backend.calls
    click(menu, "restart")
    click(menu, "restart")
    assert "restart" in backend.names()
    with qtbot.waitSignal(menu.closed, timeout=1000) as closed:
        click(menu, "exit_kiosk")
        assert "exit_kiosk" not in backend.names()
        click(menu, "exit_kiosk")
    assert "exit_kiosk" in backend.names()
    assert closed.args == ["exit"]


def test_confirm_button_disarms_after_its_window(qtbot) -> None:
    b = ConfirmButton("Go", "Again?", "go")
    qtbot.addWidget(b)
    with qtbot.assertNotEmitted(b.confirmed):
        b.click()
        assert b.armed and b.text() == "Again?"
        b.disarm_timer.timeout.emit()
        b.click()  # arms again instead of confirming
    assert b.armed


def test_inactivity_closes_the_menu(qtbot, menu) -> None:
    enter_pin(menu, PIN)
    assert menu.idle_timer.isActive()
    assert menu.idle_timer.interval() == 60_000
    with qtbot.waitSignal(menu.closed, timeout=1000) as closed:
        menu.idle_timer.timeout.emit()
    assert closed.args == ["idle"]
    assert not menu.is_open
    assert menu.current_page() is None  # locked again: the next opening asks for the PIN


def test_a_touch_restarts_the_idle_timer(qtbot, menu) -> None:
    menu.idle_timer.setInterval(60_000)
    menu.idle_timer.start()
    menu.idle_timer.setInterval(70_000)  # takes effect only when restarted
    click(menu, "pin_key_1")
    assert menu.idle_timer.interval() == 70_000
    assert menu.idle_timer.remainingTime() > 60_000


def test_touch_targets_and_text_size(menu) -> None:
    enter_pin(menu, PIN)
    for name in PAGES:
        click(menu, f"nav_{name}")
    buttons = menu.findChildren(QPushButton)
    assert len(buttons) > 20
    for b in buttons:
        assert b.minimumHeight() >= 80, b.objectName()
        assert b.font().pixelSize() >= 28, b.objectName()


def test_no_pin_configured_keeps_the_menu_locked(qtbot, backend) -> None:
    m = MaintenanceMenu(backend, PinGate(""))
    qtbot.addWidget(m)
    m.show()
    m.open()
    assert "No PIN" in text_of(m, "pin_message")
    enter_pin(m, "000000")
    assert m.current_page() is None
    m.close_menu("user")


# --- the hidden gesture -----------------------------------------------------------------------------
@pytest.fixture
def screen(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def gesture(screen):
    clock = FakeClock()
    g = HiddenGesture(screen, taps=5, corner=QRect(0, 0, 120, 120), window_s=3.0, clock=clock)
    QApplication.instance().installEventFilter(g)
    yield g, clock
    QApplication.instance().removeEventFilter(g)


def tap(widget: QWidget, x: int, y: int) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))


def test_five_corner_taps_within_three_seconds_trigger(qtbot, screen, gesture) -> None:
    g, clock = gesture
    with qtbot.waitSignal(g.triggered, timeout=1000):
        for _ in range(5):
            tap(screen, 20, 30)
            clock.now_s += 0.7  # 5 taps over 2.8 s


def test_taps_on_a_child_in_the_corner_count(qtbot, screen, gesture) -> None:
    g, _ = gesture
    child = QPushButton("x", screen)
    child.setGeometry(0, 0, 100, 100)
    child.show()
    with qtbot.waitSignal(g.triggered, timeout=1000):
        for _ in range(5):
            tap(child, 50, 50)


def test_slow_taps_do_not_trigger(qtbot, screen, gesture) -> None:
    g, clock = gesture
    with qtbot.assertNotEmitted(g.triggered):
        for _ in range(8):
            tap(screen, 20, 30)
            clock.now_s += 0.9  # 5 taps span 3.6 s


def test_taps_elsewhere_do_not_trigger(qtbot, screen, gesture) -> None:
    g, _ = gesture
    with qtbot.assertNotEmitted(g.triggered):
        for _ in range(6):
            tap(screen, 400, 300)
        for _ in range(4):
            tap(screen, 20, 30)
        tap(screen, 200, 30)  # outside the corner: starts over
        tap(screen, 20, 30)
        tap(screen, 780, 10)  # the other corner is not the gesture's
        for _ in range(4):
            tap(screen, 20, 30)
