"""The simulator control panel: a technician's window beside the booth to play the citizen and the faults.

It drives the simulated devices from outside (coins into the ccTalk simulator, notes into the ID-003 validator
simulator, codes into the scanner simulator, scenes into the camera, faults into the reception server); the booth's own drivers see all of it exactly as they
would see real hardware. Technician-facing: Japanese with English, not translated for citizens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

GAP = 12  # between the booth window and the panel
MIN_BESIDE = 360  # narrower than this beside the booth, the panel goes over the booth's right edge instead


def panel_geometry(window: QRect, hint: QSize, available: QRect) -> QRect:
    """Where the panel goes: beside the booth window on the right (or the left) when it fits the screen's
    available geometry, else over the booth's right edge; never larger than the available geometry."""
    width, height = min(hint.width(), available.width()), min(hint.height(), available.height())
    top = min(max(window.y(), available.y()), available.bottom() + 1 - height)
    right_room = available.right() - window.right() - GAP
    left_room = window.left() - available.left() - GAP
    if right_room >= min(width, MIN_BESIDE):
        width = min(width, right_room)
        return QRect(window.right() + 1 + GAP, top, width, height)
    if left_room >= min(width, MIN_BESIDE):
        width = min(width, left_room)
        return QRect(window.left() - GAP - width, top, width, height)
    return QRect(available.right() + 1 - width, top, width, height)  # over the booth, inside the screen


class SimulatorPanel(QWidget):
    """Buttons for every simulated device; objectNames sim_* for tests."""

    def __init__(self, booth: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulator_panel")
        self.setWindowTitle("Simulator panel / シミュレーター")
        self.booth = booth
        sims = booth.devices.sims
        self.cctalk, self.scanner, self.camera = sims.cctalk, sims.scanner, sims.camera
        self.bills = sims.bills
        self.reception = booth.reception
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)  # a short screen scrolls the panel instead of cutting it off
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(scroll)
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        self._inner = inner
        col = QVBoxLayout(inner)
        self.status = QLabel(self)
        self.status.setObjectName("sim_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        col.addWidget(self.status)
        col.addWidget(self._coins())
        col.addWidget(self._notes())
        col.addWidget(self._codes())
        col.addWidget(self._camera())
        col.addWidget(self._network())
        col.addStretch(1)
        booth.flow.state_entered.connect(lambda _s: self._refresh())
        booth.flow.session.changed.connect(self._refresh)
        self._refresh()

    def sizeHint(self) -> QSize:
        inner = self._inner.sizeHint()
        return QSize(inner.width() + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 4,
                     inner.height() + 4)

    def place_beside(self, window: QWidget) -> None:
        """Put the panel beside the booth window, within the screen's available geometry."""
        screen = window.screen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)
        self.setGeometry(panel_geometry(window.frameGeometry(), self.sizeHint(), available))

    def _group(self, title: str, buttons: list[tuple[str, str, Any]], columns: int = 4) -> QGroupBox:
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        for i, (name, text, action) in enumerate(buttons):
            button = QPushButton(text, box)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, a=action: self._do(a))
            grid.addWidget(button, i // columns, i % columns)
        return box

    def _do(self, action: Any) -> None:
        action()
        self._refresh()

    def _coins(self) -> QGroupBox:
        c = self.cctalk
        buttons: list[tuple[str, str, Any]] = [
            (f"sim_coin_{v}", f"{v}円", lambda v=v: c.command(f"coin {v}")) for v in (10, 50, 100, 500)
        ]
        # the same simulator and the same command language as `kiosk sim cctalk` (its faults by name)
        buttons += [
            ("sim_coin_500_old", "500円(旧)", lambda: c.command("coin 500 old")),
            ("sim_coin_burst", "硬貨7枚一度に / 7 coins at once", lambda: c.command("coins" + " 100" * 7)),
            ("sim_coin_jam", "硬貨詰まり / coin jam", lambda: c.fault("credit_sensor_blocked")),
            ("sim_coin_clear", "詰まり解除 / clear jam", c.clear_blocking_fault),
            ("sim_lever", "返却レバー / return lever", lambda: c.fault("return_lever")),
            ("sim_power_cycle", "電源入れ直し / power cycle", lambda: c.fault("power_cycle")),
            ("sim_cctalk_busy", "BUSY応答 / busy replies", lambda: c.fault("busy", 2)),
            ("sim_cctalk_unplug", "ccTalk 抜く / unplug", lambda: c.fault("unplug")),
            ("sim_cctalk_replug", "ccTalk 挿す / replug", lambda: c.fault("replug")),
            ("sim_hopper_empty", "ホッパー空 / hopper empty", lambda: c.fault("hopper_empty")),
            ("sim_hopper_jam", "ホッパー詰まり / hopper jam", lambda: c.fault("hopper_jam")),
            ("sim_hopper_refill", "補充 / refill 200", lambda: self._refill(c)),
        ] if c is not None else []
        return self._group("硬貨 / Coins (ccTalk on a pty)", buttons)

    def _notes(self) -> QGroupBox:
        """Notes and every fault of the ID-003 simulator, in the same command language as `kiosk sim bills`."""
        b = self.bills
        if b is None:
            return self._group("お札 / Notes", [])
        buttons: list[tuple[str, str, Any]] = [
            (f"sim_note_{v}", f"{v:,}円札", lambda v=v: b.command(f"note {v}")) for v in (1000, 2000, 5000, 10000)
        ]
        faults = (
            ("acceptor_jam", "識別部詰まり / acceptor jam"),
            ("stacker_jam", "スタッカー詰まり / stacker jam"),
            ("stacker_full", "金庫満杯 / stacker full"),
            ("stacker_removed", "金庫抜き / stacker removed"),
            ("cheat", "不正 / cheat"),
            ("reject", "次の札を返却 / reject next"),
            ("drop_reply", "応答欠落 / drop a reply"),
            ("corrupt_reply", "応答化け / corrupt a reply"),
            ("power_cycle", "電源入れ直し / power cycle"),
            ("failure", "故障 / failure"),
            ("pause", "二枚入れ / pause"),
        )
        buttons += [(f"sim_bill_{name}", text, lambda n=name: b.command(f"fault {n}")) for name, text in faults]
        buttons += [("sim_bill_clear", "札の障害解除 / clear", lambda: b.command("clear"))]
        return self._group("お札 / Notes (ID-003 on a pty)", buttons)

    @staticmethod
    def _refill(c: Any) -> None:
        """Coins into the simulated hopper, as a technician's hands would (record it in the maintenance menu)."""
        c.set_hopper_fault("")
        c.command("hopper 200")

    def _codes(self) -> QGroupBox:
        from kiosk.devices.sim import qr_payloads

        s = self.scanner
        if s is None:
            return self._group("QR", [])
        names = ("valid_url", "valid_bare", "shop_url", "payment", "short22", "long24", "two_ids", "binary")
        buttons: list[tuple[str, str, Any]] = [
            (f"sim_qr_{name}", sample.label, lambda p=sample.payload: s.present(p))
            for name, sample in zip(names, qr_payloads.samples(), strict=False)
        ]
        buttons += [("sim_scanner_cut", "途切れ / cut short", lambda: s.fault("cut")),
                    ("sim_scanner_unplug", "スキャナ抜く / unplug", lambda: s.fault("unplug")),
                    ("sim_scanner_replug", "スキャナ挿す / replug", lambda: s.fault("replug"))]
        return self._group("QRコード / QR codes (serial scanner on a pty)", buttons, 3)

    def _camera(self) -> QGroupBox:
        from kiosk.photo.scenes import SCENE_NAMES

        cam = self.camera
        if cam is None:
            return self._group("Camera", [])
        buttons: list[tuple[str, str, Any]] = [(f"sim_scene_{n}", n, lambda n=n: cam.set_scene(n)) for n in SCENE_NAMES]
        buttons += [("sim_camera_lost", "カメラ喪失 / lost", lambda: cam.set_lost(True)),
                    ("sim_camera_back", "カメラ復帰 / back", lambda: cam.set_lost(False))]
        return self._group("カメラ / Camera scenes", buttons, 4)

    def _network(self) -> QGroupBox:
        r = self.reception
        if r is None:
            return self._group("Network", [])
        buttons: list[tuple[str, str, Any]] = [
            ("sim_server_down", "サーバー停止 / network down", r.go_down),
            ("sim_server_up", "サーバー復帰 / network up", r.go_up),
            ("sim_server_503", "次の3件 503 / next 3 fail", lambda: setattr(r.faults, "fail_next_503", 3)),
            ("sim_server_slow", "応答遅延 / slow answers", self._slow),
            ("sim_server_drop", "切断 / drop next", lambda: setattr(r.faults, "drop_before_next", 1)),
            ("sim_server_refuse", "ID無効 / refuse current ID", self._refuse_current),
            ("sim_server_normal", "正常 / clear faults", r.faults.clear),
        ]
        return self._group("通信 / Reception server", buttons, 4)

    def _slow(self) -> None:
        faults = self.reception.faults
        faults.delay_s, faults.delay_next = 30.0, -1

    def _refuse_current(self) -> None:
        app_id = self.booth.flow.session.application_id
        if app_id is not None and self.reception is not None:
            self.reception.faults.refuse_id(app_id.digits)

    def _refresh(self) -> None:
        flow = self.booth.flow
        devices = ", ".join(f"{n}:{s}" for n, s, _d in self.booth.device_rows())
        self.status.setText(f"state: {flow.current}   credit: {flow.session.credit_yen} yen\n{devices}")
