"""The receipt: what it says (nothing of the citizen), its ESC/POS bytes through python-escpos on a pty as a
serial receipt printer would receive them, and the simulated receipt printer."""

from __future__ import annotations

import gc
import os
import pty
import select
import threading
import tty
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from kiosk import config
from kiosk.devices import factory
from kiosk.devices.receipt import EscposReceiptPrinter, PhotoPaperReceipt, Receipt, SimReceiptPrinter, render

WAIT_MS = 10000
R = Receipt("テスト証明写真機 駅前店", datetime(2026, 12, 2, 14, 5, tzinfo=UTC), 800,
            "証明写真代（30×40mm）", "RK7QX2")
RASTER = b"\x1dv0"  # GS v 0: a raster image
CUT = b"\x1dV"  # GS V: cut


def test_the_receipt_says_who_when_how_much_and_its_number_and_nothing_else() -> None:
    text = "\n".join(t for _, t in R.lines())
    for expected in ("領収書", "2026年12月02日 14:05", "¥800-", "証明写真代（30×40mm）", "テスト証明写真機 駅前店",
                     "RK7QX2"):
        assert expected in text
    # a receipt has no place for personal data: its fields are these five
    assert set(Receipt.__dataclass_fields__) == {"booth_name", "issued_at", "amount_yen", "purpose", "number"}
    img = render(R, 512)
    assert img.mode == "1" and img.width == 512 and 300 < img.height < 1200
    assert 0.01 < float((np.asarray(img) == 0).mean()) < 0.3  # ink, not a blank


def test_the_serial_driver_sends_a_raster_receipt_and_a_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    master, slave = pty.openpty()
    tty.setraw(slave)
    received = bytearray()
    done = threading.Event()

    def read() -> None:  # the receipt printer's side of the line: it takes what comes, as fast as it comes
        while not done.is_set():
            if select.select([master], [], [], 0.05)[0]:
                received.extend(os.read(master, 65536))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    p = EscposReceiptPrinter(port=os.ttyname(slave), baud=115200)
    p.start()
    try:
        with qtbot.waitSignal(p.receipt_printed, timeout=WAIT_MS) as blocker:
            p.print_receipt(R)
        assert blocker.args == ["RK7QX2", True, ""]
        qtbot.waitUntil(lambda: CUT in bytes(received[received.find(RASTER):]) and received.find(RASTER) >= 0,
                        timeout=WAIT_MS)
    finally:
        p.stop()
        gc.collect()  # python-escpos closes its port again when collected: while the line is still there
        done.set()
        reader.join(2)
        os.close(master)
        os.close(slave)
    data = bytes(received)
    assert b"RK7QX2" not in data  # the text is a picture: no code page, no kanji mode needed


def test_a_receipt_printer_that_fails_reports_it_and_keeps_going(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = SimReceiptPrinter(tmp_path)
    p.start()
    try:
        p.fail_next = True
        with qtbot.waitSignal(p.receipt_printed, timeout=WAIT_MS) as blocker:
            p.print_receipt(R)
        assert blocker.args[1] is False and p.health.state.value == "degraded"  # the booth goes on
        with qtbot.waitSignal(p.receipt_printed, timeout=WAIT_MS) as blocker:
            p.print_receipt(R)
        assert blocker.args[1] is True
        data = (tmp_path / "receipt-RK7QX2.bin").read_bytes()
        assert RASTER in data and CUT in data and (tmp_path / "receipt-RK7QX2.png").exists()
    finally:
        p.stop()


def test_the_factory_builds_the_configured_receipt_printer(tmp_path: Path) -> None:
    printer = factory.build_printer(config.from_dict({}), tmp_path, factory.Simulators())
    assert factory.build_receipt(config.from_dict({"receipt": {"driver": "none"}}), tmp_path, printer) is None
    photo = factory.build_receipt(config.from_dict({"receipt": {"driver": "photo"}}), tmp_path, printer)
    assert isinstance(photo, PhotoPaperReceipt) and photo.paper_px == (1051, 1500)
    usb = factory.build_receipt(config.from_dict({"receipt": {"driver": "usb", "vendor_id": "0x0416",
                                                              "product_id": "5011"}}), tmp_path, printer)
    assert isinstance(usb, EscposReceiptPrinter) and (usb.usb_vendor, usb.usb_product) == (0x0416, 0x5011)
    for bad, msg in (({"driver": "serial"}, "receipt.port"), ({"driver": "usb"}, "receipt.vendor_id"),
                     ({"vendor_id": "xyz"}, "receipt.vendor_id")):
        with pytest.raises(config.ConfigError, match=msg):
            config.from_dict({"receipt": bad})
    with pytest.raises(config.ConfigError, match="needs a photo printer"):
        config.from_dict({"receipt": {"driver": "photo"}, "printer": {"driver": "none"}})
