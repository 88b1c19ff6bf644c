"""Config -> devices: the real driver or the simulator behind each interface.

A simulator speaks the device's own protocol (ccTalk, a serial scanner and ID-003, each on a pseudo-terminal), so
simulator mode runs the real drivers; only the camera is simulated behind the Camera interface itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.devices.base import BarcodeReader, BillValidator, Camera, CoinAcceptor, Device, Hopper, PendingNote
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.printer import Printer
from kiosk.devices.receipt import ReceiptPrinter

if TYPE_CHECKING:
    import numpy as np

HOPPER_AFTER_ACCEPTOR_MAX_S = 2.0  # on a shared bus the hopper's first identification waits this long at most


@dataclass
class Simulators:
    """The simulated devices a technician (or a test) drives from outside the booth's drivers."""

    cctalk: object | None = None  # kiosk.devices.sim.cctalk_device.SimCctalkBus
    scanner: object | None = None  # kiosk.devices.sim.scanner_device.SimScanner
    camera: object | None = None  # kiosk.devices.sim.camera.SimCamera
    bills: object | None = None  # kiosk.devices.sim.id003_device.SimBillValidator
    printer: object | None = None  # kiosk.devices.sim.printer.SimPrinter

    def close(self) -> None:
        for sim in (self.scanner, self.cctalk, self.bills):
            close = getattr(sim, "close", None)
            if callable(close):
                close()


@dataclass
class Devices:
    acceptor: CoinAcceptor
    hopper: Hopper | None
    reader: BarcodeReader
    camera: Camera
    sims: Simulators = field(default_factory=Simulators)
    bill_validator: BillValidator | None = None
    printer: Printer | None = None  # the photo printer (None: [printer] driver = "none")
    receipt: ReceiptPrinter | None = None  # the receipt printer (None: no receipt offered)

    def all(self) -> list[Device]:
        return [d for d in (self.acceptor, self.hopper, self.bill_validator, self.reader, self.camera, self.printer,
                            self.receipt)
                if d is not None]


def build_receipt(cfg: Config, sim_dir: Path, printer: Printer | None) -> ReceiptPrinter | None:
    """The receipt printer of the config: ESC/POS on serial or USB, the photo printer's paper, the simulator."""
    from kiosk.config import PAPER_MEDIA, PAPER_SIZES_MM
    from kiosk.devices import receipt as rc

    r = cfg.receipt
    if r.driver == "none":
        return None
    if r.driver == "simulator":
        return rc.SimReceiptPrinter(Path(r.sim_dir) if r.sim_dir else sim_dir / "receipts")
    if r.driver == "photo":
        if printer is None:
            return None
        p = cfg.printer
        w, h = PAPER_SIZES_MM[p.paper]
        return rc.PhotoPaperReceipt(printer, (round(w * p.dpi / 25.4), round(h * p.dpi / 25.4)), p.dpi,
                                    PAPER_MEDIA[p.paper])
    return rc.EscposReceiptPrinter(port=r.port, baud=r.baud, usb_vendor=int(r.vendor_id or "0", 16),
                                   usb_product=int(r.product_id or "0", 16))


def build_printer(cfg: Config, sim_dir: Path, sims: Simulators) -> Printer | None:
    """The photo printer of the config: a CUPS queue, the simulated printer, or None."""
    p = cfg.printer
    if p.driver == "none":
        return None
    if p.driver == "simulator":
        from kiosk.devices.sim.printer import SimPrinter

        out = Path(p.sim_dir) if p.sim_dir else sim_dir / "printed"
        sim = SimPrinter(out, queue_name=p.queue, print_s=1.0 / cfg.simulated_time_scale())
        sims.printer = sim
        return sim
    from kiosk.devices.printer import CupsPrinter

    return CupsPrinter(p.queue, p.server, job_timeout_s=p.job_timeout_s, poll_interval_s=p.poll_interval_s)


def build_bill_validator(cfg: Config, sim_dir: Path, sims: Simulators,
                         pending_note: PendingNote | None = None) -> BillValidator | None:
    """The bill validator of the config: the ID-003 driver on its port, or on the simulator's pty; None for none."""
    bv = cfg.devices.bill_validator
    if bv.driver == "none":
        return None
    from kiosk.devices.id003.validator import Id003BillValidator

    port = bv.port
    if bv.driver == "simulator":
        from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming

        sim = SimBillValidator(state_path=sim_dir / "sim-bills.json", link_dir=sim_dir / "dev",
                               timing=SimTiming().scaled(cfg.simulated_time_scale()))
        sims.bills = sim
        port = sim.port_path
    return Id003BillValidator(port, notes=bv.notes, pending=pending_note)


def build(cfg: Config, sim_dir: Path, *, resume_counter: int | None,
          scene_source: Callable[[str], np.ndarray] | None = None,
          prepare_scenes: Callable[[], None] | None = None,
          pending_note: PendingNote | None = None) -> Devices:
    """Build every device named in the config (nothing is started yet).

    sim_dir holds what simulated hardware keeps (its counters, its pty links): the devices' own memory, beside
    the booth's storage folder and not in it, so that a full or broken storage folder is the booth's problem and
    not the simulated devices'.
    prepare_scenes imports what scene_source needs (the simulated camera calls it in the GUI thread when it is
    prepared, before its worker asks for a scene).
    """
    sims = Simulators()
    d = cfg.devices
    ca = d.coin_acceptor
    if ca.driver == "simulator":
        from kiosk.devices.sim.cctalk_device import COIN_INTERVAL_S, SimCctalkBus

        bus = SimCctalkBus(state_path=sim_dir / "sim-cctalk.json", link_dir=sim_dir / "dev",
                           coin_interval_s=COIN_INTERVAL_S / cfg.simulated_time_scale())
        sims.cctalk = bus
        acceptor = CctalkCoinAcceptor(str(bus.port_path), ca.address, echo="off", checksum=ca.checksum,
                                      poll_interval_ms=ca.poll_interval_ms, resume_counter=resume_counter)
    else:
        acceptor = CctalkCoinAcceptor(ca.port, ca.address, echo=ca.echo, checksum=ca.checksum,
                                      poll_interval_ms=ca.poll_interval_ms, resume_counter=resume_counter)

    h = d.hopper
    hopper: Hopper | None = None
    if h.driver != "none":
        shares_bus = h.driver == "simulator" or not h.port or h.port == ca.port
        port = acceptor.bus.port if shares_bus else h.port
        hopper = CctalkHopper(port, h.address, bus=acceptor.bus if shares_bus else None, coin_yen=h.coin_yen,
                              security=h.security, low_level_coins=h.low_level_coins,
                              echo="off" if h.driver == "simulator" else ca.echo, checksum=ca.checksum)
        if shares_bus:  # intake first: the hopper identifies itself once the acceptor has (at most 2 s later)
            hopper.wait_for_first(acceptor.reported, HOPPER_AFTER_ACCEPTOR_MAX_S)

    cam = d.camera
    camera: Camera
    if cam.driver == "simulator":
        from kiosk.devices.sim.camera import SimCamera

        if scene_source is None:
            raise ValueError("the simulated camera needs a scene source (kiosk.photo.scenes.scene)")
        camera = SimCamera(scene_source, fps=min(cam.fps, 30), width=cam.width, height=cam.height,
                           prepare_scenes=prepare_scenes)
        camera.set_running(False)  # no scene is generated before the flow asks for frames (the guide screen)
        sims.camera = camera
    else:
        from kiosk.devices.camera import OpenCvCamera

        camera = OpenCvCamera(cam.source, width=cam.width, height=cam.height, fps=cam.fps,
                              stall_timeout_s=cam.stall_timeout_s, backoff_max_s=cam.backoff_max_s)

    br = d.barcode_reader
    reader: BarcodeReader
    if br.driver == "simulator":
        from kiosk.devices.scanner import SerialScanner
        from kiosk.devices.sim.scanner_device import SimScanner

        scanner = SimScanner(suffix=br.suffix, baud=br.baud, link_dir=sim_dir / "dev")
        sims.scanner = scanner
        reader = SerialScanner(str(scanner.port_path), baud=br.baud, suffix=br.suffix, hold_s=br.hold_s,
                               gap_ms=br.gap_ms)
    elif br.driver == "serial":
        from kiosk.devices.scanner import SerialScanner

        reader = SerialScanner(br.port, baud=br.baud, suffix=br.suffix, hold_s=br.hold_s, gap_ms=br.gap_ms)
    elif br.driver == "keyboard":
        from kiosk.devices.keyboard_reader import KeyboardScanner, ReaderSelector

        selector = ReaderSelector(path=br.port, vendor_id=br.vendor_id, product_id=br.product_id,
                                  name=br.device_name)
        reader = KeyboardScanner(selector, layout=br.layout, suffix=br.suffix, hold_s=br.hold_s, gap_ms=br.gap_ms)
    else:
        from kiosk.devices.camera_reader import CameraBarcodeReader

        reader = CameraBarcodeReader(camera, decoder=br.decoder, hold_s=br.hold_s)
    bills = build_bill_validator(cfg, sim_dir, sims, pending_note)
    printer = build_printer(cfg, sim_dir, sims)
    return Devices(acceptor, hopper, reader, camera, sims, bills, printer, build_receipt(cfg, sim_dir, printer))
