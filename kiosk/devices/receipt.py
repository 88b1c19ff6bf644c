"""The receipt (領収書) on request: what it says, how it looks, and the printers that print it.

A receipt carries the booth's name, the date and time, the amount, what it was for and a receipt number, and
nothing of the citizen (no 申請書ID, birth date or photo): Receipt has no field that could hold them. It is
rendered as a picture (Pillow, the bundled Noto Sans CJK JP), because an ESC/POS printer prints Japanese text
only in a model's own kanji mode and code page, while every ESC/POS printer prints a raster image
(python-escpos sends it as GS v 0). Where no receipt printer is fitted the same picture is printed on the photo
printer's paper. The simulated receipt printer runs python-escpos's own Dummy printer and writes the ESC/POS
bytes it produced to a folder, beside the picture.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import queue
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.devices.base import Device, Health, HealthState
from kiosk.devices.printer import Printer, PrintJob
from kiosk.workers import WorkerThread, import_now

if TYPE_CHECKING:
    from PIL import Image, ImageFont

_log = log.get("printer")
FONT_PACKAGES = ("noto_cjk_sans_jp_bold", "noto_cjk_sans_jp_regular")
ESCPOS_WIDTH_PX = 512  # 80 mm paper at 203 dpi prints 72 mm: 576 dots; 512 leaves the margins of most models


@dataclass(frozen=True)
class Receipt:
    booth_name: str
    issued_at: datetime
    amount_yen: int
    purpose: str  # 「証明写真代（30×40mm）」, 「写真代（マイナンバーカード申請）」
    number: str  # the receipt number (random, not the session's id)

    def lines(self) -> list[tuple[str, str]]:
        """(style, text): the receipt as it reads, top to bottom."""
        return [
            ("title", "領収書"),
            ("text", self.issued_at.strftime("%Y年%m月%d日 %H:%M")),
            ("amount", f"¥{self.amount_yen:,}-"),
            ("text", "（税込）"),
            ("text", f"但し {self.purpose}として"),
            ("text", "上記正に領収いたしました"),
            ("text", self.booth_name),
            ("small", f"領収書番号 {self.number}"),
        ]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    for name in FONT_PACKAGES:
        try:
            module = importlib.import_module(name)
            return ImageFont.truetype(str(module.FONT_PATH), size)
        except (ImportError, OSError):
            continue
    _log.error("no Japanese font for the receipt: the default font cannot show it")
    return ImageFont.load_default()


def render(receipt: Receipt, width_px: int, dpi: int = 203) -> Image.Image:
    """The receipt as a black and white picture width_px wide (its height follows from the text)."""
    from PIL import Image, ImageDraw

    mm = dpi / 25.4
    sizes = {"title": round(7 * mm), "amount": round(6 * mm), "text": round(3.2 * mm), "small": round(2.6 * mm)}
    gap = round(2 * mm)
    lines = receipt.lines()
    height = gap * 2 + sum(sizes[s] + gap for s, _ in lines) + gap
    img = Image.new("L", (width_px, height), 255)
    draw = ImageDraw.Draw(img)
    y = gap * 2
    for style, text in lines:
        font = _font(sizes[style])
        w = draw.textlength(text, font=font)
        draw.text(((width_px - w) / 2, y), text, fill=0, font=font)
        y += sizes[style] + gap
        if style == "title":
            draw.line([(width_px * 0.2, y - gap / 2), (width_px * 0.8, y - gap / 2)], fill=0, width=max(1, dpi // 100))
    return img.convert("1")


class ReceiptPrinter(Device):
    """Prints one receipt at a time, off the GUI thread; receipt_printed follows once per receipt."""

    receipt_printed = Signal(str, bool, str)  # receipt number, ok, reason ("" when printed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("receipt_printer", parent)
        self._queue: queue.Queue[Receipt | None] = queue.Queue()
        self._worker = WorkerThread("receipt", self._run, join_timeout_s=5.0)

    def start(self) -> None:
        # python-escpos and what it loads (pyserial, pyusb, Pillow's codecs, the font) are imported here, in the
        # GUI thread, never first in the worker (kiosk.workers); not when the booth is built: its first paint
        # does without them
        _import_escpos()
        import_now("PIL.Image", "PIL.ImageDraw", "PIL.ImageFont")
        _font(10)
        self._relay.reopen()
        self._worker.start()
        self._set_health(Health(HealthState.OK, "ready"))

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop(lambda: self._queue.put_nowait(None))
        self._relay.close()

    def print_receipt(self, receipt: Receipt) -> None:
        self._queue.put(receipt)

    def _run(self) -> None:
        while not self._worker.stopping.is_set():
            r = self._queue.get()
            if r is None:
                continue
            try:
                self._print(r)
            except Exception as exc:  # a receipt printer off or out of paper: the receipt fails, the booth does not
                _log.warning("receipt %s not printed: %s", r.number, type(exc).__name__)
                self._set_health(Health(HealthState.DEGRADED, f"receipt not printed: {type(exc).__name__}"))
                self._emit("receipt_printed", r.number, False, type(exc).__name__)
                continue
            self._set_health(Health(HealthState.OK, "ready"))
            _log.info("receipt %s printed", r.number)
            self._emit("receipt_printed", r.number, True, "")

    def _print(self, receipt: Receipt) -> None:
        raise NotImplementedError


def _import_escpos() -> None:
    """Import python-escpos without the folder it leaves behind.

    Its capabilities module evaluates ``environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp())``: the default
    is made whether the variable is set or not, so every start left a new empty-or-pickle folder in /tmp. The
    cache goes to a folder of ours, and the folder mkdtemp makes during the import is made inside a scratch
    folder that is removed at once.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kiosk" / "escpos"
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))
    with tempfile.TemporaryDirectory(prefix="kiosk-escpos-") as scratch:
        before, tempfile.tempdir = tempfile.tempdir, scratch
        try:
            importlib.import_module("escpos.printer")
        finally:
            tempfile.tempdir = before


def escpos_bytes(printer: object, receipt: Receipt) -> None:
    """Send the receipt to a python-escpos printer object: the picture, a feed and a cut."""
    p = printer
    p.image(render(receipt, ESCPOS_WIDTH_PX), center=True)  # type: ignore[attr-defined]
    p.text("\n\n")  # type: ignore[attr-defined]
    p.cut()  # type: ignore[attr-defined]


class EscposReceiptPrinter(ReceiptPrinter):
    """An ESC/POS receipt printer on a serial port or USB, through python-escpos."""

    def __init__(self, *, port: str = "", baud: int = 9600, usb_vendor: int = 0, usb_product: int = 0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port, self.baud, self.usb_vendor, self.usb_product = port, baud, usb_vendor, usb_product

    def _print(self, receipt: Receipt) -> None:
        from escpos import printer as escpos

        p = (escpos.Usb(self.usb_vendor, self.usb_product) if self.usb_vendor
             else escpos.Serial(devfile=self.port, baudrate=self.baud, timeout=2))
        try:
            escpos_bytes(p, receipt)
        finally:
            p.close()


class SimReceiptPrinter(ReceiptPrinter):
    """python-escpos's Dummy printer: the ESC/POS bytes of each receipt, and its picture, written to out_dir."""

    def __init__(self, out_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.out_dir = Path(out_dir)
        self.fail_next = False

    def _print(self, receipt: Receipt) -> None:
        from escpos.printer import Dummy

        if self.fail_next:
            self.fail_next = False
            raise OSError("simulated receipt printer out of paper")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        p = Dummy()
        escpos_bytes(p, receipt)
        (self.out_dir / f"receipt-{receipt.number}.bin").write_bytes(p.output)
        render(receipt, ESCPOS_WIDTH_PX).save(self.out_dir / f"receipt-{receipt.number}.png")


class PhotoPaperReceipt(ReceiptPrinter):
    """No receipt printer fitted: the receipt on the photo printer's paper, as one more job."""

    def __init__(self, printer: Printer, paper_px: tuple[int, int], dpi: int, media: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer, self.paper_px, self.dpi, self.media = printer, paper_px, dpi, media

    def _print(self, receipt: Receipt) -> None:
        w, h = self.paper_px
        from PIL import Image

        sheet = Image.new("RGB", (w, h), (255, 255, 255))
        pic = render(receipt, round(w * 0.8), self.dpi).convert("RGB")
        sheet.paste(pic, ((w - pic.width) // 2, min(h // 10, max(0, h - pic.height))))
        buf = io.BytesIO()
        sheet.save(buf, format="JPEG", quality=90, dpi=(self.dpi, self.dpi))
        self.printer.print_sheet(PrintJob(f"receipt-{receipt.number}", buf.getvalue(), title="booth receipt",
                                          media=self.media, dpi=self.dpi))
