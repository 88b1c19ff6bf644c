"""The booth's configuration: the schema declared once (type, default, meaning), TOML in, dataclasses out."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A configuration value is missing, unknown or invalid; the message names the key."""


BOOTH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # [booth] id: also a TLS common name and metric label


def _opt(default: Any, doc: str, *, choices: tuple[Any, ...] = (), lo: float | None = None,
         hi: float | None = None, normalize: Callable[[str], str | None] | None = None, form: str = "") -> Any:
    """Declare one setting: its default, its meaning and its allowed values.

    ``normalize`` turns the forms a person writes into the one the booth uses (None: not a valid form); it runs
    before the choices are checked; ``form`` says in words what it accepts (for the error message).
    """
    meta = {"doc": doc, "choices": choices, "lo": lo, "hi": hi, "normalize": normalize, "form": form}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def _section(cls: type, doc: str) -> Any:
    return field(default_factory=cls, metadata={"doc": doc})


@dataclass(frozen=True)
class BoothConfig:
    id: str = _opt("booth-0001", "Identifier of this booth, sent with every application and metric, and the common "
                   "name of its TLS certificate: 1-64 letters, digits, '.', '_' or '-', starting with a letter or "
                   "digit.", normalize=lambda v: v if BOOTH_ID.fullmatch(v) else None,
                   form="a booth id (1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit)")
    fee_yen: int = _opt(800, "Photo fee in yen, a multiple of 10.", lo=10, hi=10000)
    simulate: bool = _opt(False, "Run every device as a simulator (also set by --simulate).")
    kiosk_mode: bool = _opt(False, "Full screen, frameless, on top, no cursor, shortcuts swallowed.")
    screen_diagonal_in: float = _opt(21.5, "The touch screen's diagonal in inches: with the resolution it gives the "
                                     "physical size of a control (the layout check holds every control to at least "
                                     "15 mm).", lo=7.0, hi=100.0)
    coin_slot: str = _opt("right", "Where the coin slot is, seen from the citizen: the payment screen's picture "
                          "points there.", choices=("right", "left", "below", "below_right", "below_left"))
    operator_contact: str = _opt("", "The operator's contact shown to citizens (out of service, the staff-call "
                                 "panel), e.g. \"ABC Photo 0120-000-000 (9:00-21:00)\"; empty: only the "
                                 "national hotline is shown.")


@dataclass(frozen=True)
class CoinAcceptorConfig:
    driver: str = _opt("simulator", "cctalk: a real ccTalk coin acceptor; simulator: a ccTalk device "
                       "simulated on a pseudo-terminal, driven by the real driver.",
                       choices=("cctalk", "simulator"))
    port: str = _opt("", "Serial port path or pyserial URL (empty for the simulator).")
    address: int = _opt(2, "ccTalk address of the coin acceptor.", lo=1, hi=255)
    echo: str = _opt("auto", "Local echo on the bus: auto (detect at start-up), on or off.",
                     choices=("auto", "on", "off"))
    checksum: str = _opt("8bit", "ccTalk checksum: 8bit or crc16.", choices=("8bit", "crc16"))
    poll_interval_ms: int = _opt(200, "Interval between two reads of the event buffer (header 229).",
                                 lo=50, hi=900)


@dataclass(frozen=True)
class HopperConfig:
    driver: str = _opt("simulator", "cctalk, simulator or none (no change is given).",
                       choices=("cctalk", "simulator", "none"))
    port: str = _opt("", "Serial port path or pyserial URL; empty shares the coin acceptor's bus.")
    address: int = _opt(3, "ccTalk address of the hopper.", lo=1, hi=255)
    coin_yen: int = _opt(100, "Value of the coin this hopper pays out.", choices=(10, 50, 100, 500))
    security: str = _opt("none", "Dispense security scheme (model specific); none sends only the count.",
                         choices=("none",))
    low_level_coins: int = _opt(20, "Below this many coins (estimated) the hopper counts as low.", lo=0)


SUFFIX_CHARS = {"CR": "\r", "CRLF": "\r\n", "LF": "\n"}


def normalize_suffix(value: str) -> str | None:
    """A scanner suffix as a person writes it -> "CR", "CRLF" or "LF" (None when it is none of them).

    Accepted: the names in any case ("cr", "CR LF", "CR+LF"), the characters themselves (TOML "\\r"), and the
    backslash forms copied from a scanner manual (TOML '\\r', a backslash and an r).
    """
    for name, chars in SUFFIX_CHARS.items():
        if value == chars or value.strip() == chars.replace("\r", "\\r").replace("\n", "\\n"):
            return name
    name = value.strip().upper().replace(" ", "").replace("+", "").replace("-", "")
    return name if name in SUFFIX_CHARS else None


def normalize_usb_id(value: str) -> str | None:
    """A USB vendor or product id -> 4 lower-case hex digits ("0C2E", "0x0c2e" -> "0c2e"); empty stays empty."""
    text = value.strip().lower().removeprefix("0x")
    if not text:
        return ""
    if len(text) > 4 or any(c not in "0123456789abcdef" for c in text):
        return None
    return text.rjust(4, "0")


@dataclass(frozen=True)
class BillValidatorConfig:
    driver: str = _opt("none", "id003: a JCM ID-003 bill validator; simulator: an ID-003 validator simulated on a "
                       "pseudo-terminal, driven by the real driver; none: no bill validator (the default on a real "
                       "booth; simulator mode uses the simulator).", choices=("id003", "simulator", "none"))
    port: str = _opt("", "Serial port path or pyserial URL of the validator (9600 baud, 8E1).")
    notes: list[int] = _opt([1000], "The notes the booth takes, in yen; each must be in the validator's currency "
                            "assignment.", choices=(1000, 2000, 5000, 10000))


@dataclass(frozen=True)
class BarcodeReaderConfig:
    driver: str = _opt("simulator", "serial: a 2D scanner on a serial port; keyboard: a reader in USB keyboard "
                       "mode, read through evdev and grabbed so its keystrokes reach no screen; camera: decode "
                       "QR codes from the camera; simulator: a scanner simulated on a pseudo-terminal.",
                       choices=("serial", "keyboard", "camera", "simulator"))
    port: str = _opt("", "Serial port path or pyserial URL of the scanner; for driver keyboard, the reader's "
                     "input device if you name it by path (/dev/input/by-id/...-event-kbd), else empty.")
    vendor_id: str = _opt("", "driver keyboard: the reader's USB vendor id, 4 hex digits as lsusb shows it "
                          "(e.g. 0c2e).", normalize=normalize_usb_id)
    product_id: str = _opt("", "driver keyboard: the reader's USB product id, 4 hex digits (empty: any product "
                           "of that vendor).", normalize=normalize_usb_id)
    device_name: str = _opt("", "driver keyboard: part of the reader's input device name as `kiosk input-devices` "
                            "lists it (case-insensitive), instead of or besides the ids.")
    layout: str = _opt("us", "driver keyboard: the keyboard layout the reader types in (set in the reader): "
                       "us or jis (Japanese 106/109).", choices=("us", "jis"))
    baud: int = _opt(9600, "Baud rate of the scanner.", choices=(9600, 19200, 38400, 57600, 115200))
    suffix: str = _opt("CR", "What ends each scanned code: CR, CRLF or LF; the characters themselves (\"\\r\") "
                       "or as a manual writes them ('\\r\\n') are taken too. A keyboard-mode reader's Enter "
                       "is CR.", choices=("CR", "CRLF", "LF"), normalize=normalize_suffix)
    decoder: str = _opt("zxing", "QR decoder for the camera reader: zxing, pyzbar or opencv.",
                        choices=("zxing", "pyzbar", "opencv"))
    hold_s: float = _opt(2.0, "A code held under the reader is read once; the same code again within this many "
                         "seconds of its last sighting is ignored.", lo=0.0, hi=30.0)
    gap_ms: int = _opt(500, "A half-received code is dropped after this many milliseconds without its suffix.",
                       lo=50, hi=5000)


@dataclass(frozen=True)
class CameraConfig:
    driver: str = _opt("simulator", "opencv: a real camera or a recorded file; simulator: generated scenes.",
                       choices=("opencv", "simulator"))
    source: str = _opt("0", "Device index, device path, or an image or video file (looped).")
    width: int = _opt(1280, "Requested frame width in pixels.", lo=320, hi=7680)
    height: int = _opt(720, "Requested frame height in pixels.", lo=240, hi=4320)
    fps: int = _opt(30, "Requested frames per second.", lo=1, hi=120)
    mirror: bool = _opt(True, "Show the preview mirrored, like a mirror (the photo is never mirrored).")
    stall_timeout_s: float = _opt(2.0, "Seconds without frames before the camera is restarted.", lo=0.5, hi=60)
    backoff_max_s: float = _opt(10.0, "Longest wait between two attempts to reopen a lost camera.", lo=0.5, hi=300)


@dataclass(frozen=True)
class SubmissionConfig:
    url: str = _opt("", "Base URL of the reception server (https://). Required on a real booth; empty is allowed "
                    "in simulator mode only, where it starts the reference server on loopback.")
    timeout_s: float = _opt(10.0, "Timeout of one HTTP request.", lo=0.5, hi=120)
    send_wait_s: float = _opt(20.0, "How long the sending screen keeps retrying before it shows "
                              "「受付済み・送信待ち」.", lo=1, hi=600)
    ca_file: str = _opt("", "CA bundle to verify the server's certificate (empty: the system's).")
    client_cert: str = _opt("", "The booth's client certificate (PEM), optional.")
    client_key: str = _opt("", "The key of the client certificate (PEM), optional.")
    stuck_alarm_s: int = _opt(3600, "An application queued longer than this raises an alarm.", lo=60)
    backoff_initial_s: float = _opt(1.0, "First wait before retrying a failed submission (doubles each time, "
                                    "with jitter).", lo=0.1, hi=600)
    backoff_max_s: float = _opt(300.0, "Longest wait between two retries of a queued application.", lo=1, hi=86400)


@dataclass(frozen=True)
class StorageConfig:
    dir: str = _opt("", "Folder for the ledger, the encrypted outbox and the key; empty: "
                    "$XDG_STATE_HOME/kiosk (or ~/.local/state/kiosk).")
    headroom_mb: int = _opt(64, "Intake opens only with at least this many MB free in the storage folder (checked "
                            "with a real write before each payment).", lo=1, hi=100000)
    reserve_mb: int = _opt(8, "A reserve file of this many MB is kept beside the stores and released when a write "
                           "fails for lack of space, so the records that refund money already taken still fit.",
                           lo=1, hi=1024)


@dataclass(frozen=True)
class TimeoutsConfig:
    menu: int = _opt(60, "Seconds on the service menu before asking 「続けますか？」.", lo=5)
    notice: int = _opt(90, "Seconds on the data notice.", lo=5)
    payment: int = _opt(120, "Seconds on the payment screen.", lo=5)
    scan: int = _opt(120, "Seconds on the scan screen.", lo=5)
    details: int = _opt(180, "Seconds on the details screen.", lo=5)
    guide: int = _opt(90, "Seconds on the photo guide.", lo=5)
    camera: int = _opt(120, "Seconds on the camera screen.", lo=5)
    review: int = _opt(120, "Seconds on the review screen.", lo=5)
    confirm: int = _opt(120, "Seconds on the confirm screen.", lo=5)
    sending: int = _opt(60, "Upper bound of the sending screen (send_wait_s decides the normal end).", lo=5)
    done: int = _opt(30, "Seconds the reception number stays on screen.", lo=5)
    size: int = _opt(60, "Seconds on the print size choice.", lo=5)
    printed: int = _opt(30, "Seconds the 'take your photos' screen stays.", lo=5)
    timeout: int = _opt(20, "Countdown of 「続けますか？」 before the session is cancelled.", lo=5)
    cancel: int = _opt(30, "Seconds the refund screen stays before returning to the start.", lo=5)
    out_of_service: int = _opt(10, "Seconds between device checks while out of service.", lo=1)


@dataclass(frozen=True)
class PhotoConfig:
    max_retakes: int = _opt(3, "How many times a citizen may retake the photo.", lo=0, hi=20)
    width: int = _opt(827, "Width of the official file in pixels (35 mm at 600 dpi).", lo=480, hi=6000)
    height: int = _opt(1063, "Height of the official file in pixels (45 mm at 600 dpi).", lo=480, hi=6000)
    countdown_s: int = _opt(3, "Countdown before the shutter.", lo=1, hi=10)
    thresholds: dict[str, float] = _opt({}, "Override of check thresholds by name (see docs/photo.md).")


PHOTO_SIZE_IDS = ("30x40", "35x45", "24x30")  # kiosk/photo/sizes.py holds each one's rules


@dataclass(frozen=True)
class IdPhotoConfig:
    sizes: list[str] = _opt(list(PHOTO_SIZE_IDS), "The printed ID photo sizes offered, in menu order "
                            "(30x40: CV, 35x45: passport and My Number card, 24x30: driving licence).",
                            choices=PHOTO_SIZE_IDS)
    fees: dict[str, float] = _opt({}, "Fee in yen per size, a multiple of 10, e.g. {\"30x40\" = 800}; a size not "
                                  "named costs its default (docs/photo.md).")


PAPER_SIZES_MM = {"L": (89.0, 127.0), "2L": (127.0, 178.0), "KG": (102.0, 152.0)}
PAPER_MEDIA = {"L": "oe_photo-l_3.5x5in", "2L": "na_5x7_5x7in", "KG": "na_index-4x6_4x6in"}  # PWG 5101.1 names


@dataclass(frozen=True)
class PrinterConfig:
    driver: str = _opt("simulator", "cups: a CUPS queue (pycups); simulator: a simulated printer writing each "
                       "job to a folder; none: no photo printer (the print service is not offered).",
                       choices=("cups", "simulator", "none"))
    queue: str = _opt("booth", "Name of the CUPS queue the photo sheets are sent to.")
    server: str = _opt("", "CUPS server as host:port; empty: the local CUPS.")
    paper: str = _opt("L", "Paper of the photo printer: L (89x127 mm), 2L (127x178 mm) or KG (102x152 mm).",
                      choices=tuple(PAPER_SIZES_MM))
    dpi: int = _opt(300, "Resolution of the printer, dots per inch.", lo=150, hi=1200)
    job_timeout_s: float = _opt(120.0, "A job not completed after this many seconds counts as failed.",
                                lo=5, hi=1800)
    poll_interval_s: float = _opt(1.0, "Interval between two looks at the queue and the job.", lo=0.05, hi=30)
    sim_dir: str = _opt("", "driver simulator: the folder each job is written to (empty: the storage "
                        "folder's printed/).")


def _hex4(value: str) -> str | None:
    v = value.lower().removeprefix("0x")
    return v if v == "" or (len(v) == 4 and all(c in "0123456789abcdef" for c in v)) else None


@dataclass(frozen=True)
class ReceiptConfig:
    driver: str = _opt("simulator", "serial or usb: an ESC/POS receipt printer (python-escpos); photo: the receipt "
                       "on the photo printer's paper; simulator: ESC/POS bytes written to a folder; none: no "
                       "receipt offered.", choices=("serial", "usb", "photo", "simulator", "none"))
    port: str = _opt("", "driver serial: the receipt printer's serial port.")
    baud: int = _opt(9600, "driver serial: baud rate.", choices=(9600, 19200, 38400, 57600, 115200))
    vendor_id: str = _opt("", "driver usb: the printer's USB vendor id, 4 hex digits.", normalize=_hex4)
    product_id: str = _opt("", "driver usb: the printer's USB product id, 4 hex digits.", normalize=_hex4)
    booth_name: str = _opt("証明写真機", "The name printed on the receipt (the operator's, never a citizen's).")
    sim_dir: str = _opt("", "driver simulator: the folder receipts are written to (empty: beside the simulated "
                        "printer's).")


@dataclass(frozen=True)
class MaintenanceConfig:
    pin_hash: str = _opt("", "scrypt hash of the maintenance PIN (`kiosk hash-pin`); empty: PIN 000000 "
                         "in simulator mode, menu locked otherwise.")
    idle_close_s: int = _opt(120, "The menu closes after this many seconds without a touch.", lo=10)


@dataclass(frozen=True)
class MetricsConfig:
    enabled: bool = _opt(False, "Serve Prometheus metrics.")
    bind: str = _opt("127.0.0.1:9108", "host:port of the metrics endpoint.")


@dataclass(frozen=True)
class LogConfig:
    level: str = _opt("INFO", "Log level.", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    json: bool = _opt(False, "One JSON object per line (for journald) instead of plain text.")


@dataclass(frozen=True)
class SimulatorConfig:
    time_scale: float = _opt(1.0, "Simulator mode only (ignored otherwise): the simulated devices' own pauses "
                             "(coin validation and the hopper's motor, the printer's sheet, the bill validator's "
                             "steps) and the flow's fixed waits (the camera's 3-2-1 countdown, the pause on "
                             "「読み取りました」) are divided by this; the screens' inactivity timeouts are not. "
                             "`kiosk selftest --fast` sets 10.", lo=1.0, hi=100.0)


@dataclass(frozen=True)
class DevicesConfig:
    coin_acceptor: CoinAcceptorConfig = _section(CoinAcceptorConfig, "The coin acceptor.")
    hopper: HopperConfig = _section(HopperConfig, "The change hopper.")
    bill_validator: BillValidatorConfig = _section(BillValidatorConfig, "The bill validator (notes).")
    barcode_reader: BarcodeReaderConfig = _section(BarcodeReaderConfig, "The QR code reader.")
    camera: CameraConfig = _section(CameraConfig, "The photo camera.")


@dataclass(frozen=True)
class Config:
    booth: BoothConfig = _section(BoothConfig, "This booth.")
    devices: DevicesConfig = _section(DevicesConfig, "The devices.")
    submission: SubmissionConfig = _section(SubmissionConfig, "Where applications are sent.")
    storage: StorageConfig = _section(StorageConfig, "Where the booth keeps its data.")
    timeouts: TimeoutsConfig = _section(TimeoutsConfig, "Seconds of inactivity per screen.")
    photo: PhotoConfig = _section(PhotoConfig, "The photo.")
    idphoto: IdPhotoConfig = _section(IdPhotoConfig, "The printed ID photo service.")
    printer: PrinterConfig = _section(PrinterConfig, "The photo printer.")
    receipt: ReceiptConfig = _section(ReceiptConfig, "The receipt (領収書) on request.")
    maintenance: MaintenanceConfig = _section(MaintenanceConfig, "The maintenance menu.")
    metrics: MetricsConfig = _section(MetricsConfig, "Fleet metrics.")
    log: LogConfig = _section(LogConfig, "Logging.")
    simulator: SimulatorConfig = _section(SimulatorConfig, "Simulator mode's own settings.")

    def simulated_time_scale(self) -> float:
        """What the simulated pauses and the fixed waits are divided by: [simulator] time_scale in simulator
        mode, 1 on a booth with real devices."""
        return self.simulator.time_scale if self.booth.simulate else 1.0

    def simulated(self) -> Config:
        """The same configuration with every device replaced by its simulator."""
        d = self.devices
        return dataclasses.replace(
            self,
            booth=dataclasses.replace(self.booth, simulate=True),
            devices=DevicesConfig(
                coin_acceptor=dataclasses.replace(d.coin_acceptor, driver="simulator", port=""),
                hopper=dataclasses.replace(d.hopper, driver="simulator", port=""),
                bill_validator=dataclasses.replace(d.bill_validator, driver="simulator", port=""),
                barcode_reader=dataclasses.replace(d.barcode_reader, driver="simulator", port=""),
                camera=dataclasses.replace(d.camera, driver="simulator"),
            ),
            printer=self.printer if self.printer.driver == "none" else dataclasses.replace(
                self.printer, driver="simulator"),
            receipt=self.receipt if self.receipt.driver in ("none", "photo") else dataclasses.replace(
                self.receipt, driver="simulator"),
        )


def _check_value(key: str, value: Any, f: dataclasses.Field[Any], hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {type(value).__name__}")
        item_type = typing.get_args(hint)[0] if typing.get_args(hint) else int
        items: list[Any] = []
        for item in value:
            if item_type is str:
                if not isinstance(item, str):
                    raise ConfigError(f"{key}: expected strings, got {item!r}")
            elif isinstance(item, bool) or not isinstance(item, int):
                raise ConfigError(f"{key}: expected whole numbers, got {item!r}")
            if f.metadata.get("choices") and item not in f.metadata["choices"]:
                allowed = ", ".join(repr(c) for c in f.metadata["choices"])
                raise ConfigError(f"{key}: {item!r} is not one of {allowed}")
            if item in items:
                raise ConfigError(f"{key}: {item!r} appears twice")
            items.append(item)
        if not items:
            raise ConfigError(f"{key}: at least one value")
        return items
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: expected a table, got {type(value).__name__}")
        out: dict[str, float] = {}
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ConfigError(f"{key}.{k}: expected a number")
            out[str(k)] = float(v)
        return out
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true or false, got {value!r}")
    elif hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: expected a whole number, got {value!r}")
    elif hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: expected a number, got {value!r}")
        value = float(value)
    elif hint is str:
        if isinstance(value, int) and not isinstance(value, bool) and key.endswith(".source"):
            value = str(value)
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected a string, got {value!r}")
    meta = f.metadata
    if meta.get("normalize") is not None:
        normalized = meta["normalize"](value)
        if normalized is None:
            if meta.get("form"):
                raise ConfigError(f"{key}: {value!r} is not {meta['form']}")
            allowed = ", ".join(repr(c) for c in meta["choices"]) if meta.get("choices") else "a valid value"
            raise ConfigError(f"{key}: {value!r} is not one of {allowed}")
        value = normalized
    if meta.get("choices") and value not in meta["choices"]:
        allowed = ", ".join(repr(c) for c in meta["choices"])
        raise ConfigError(f"{key}: {value!r} is not one of {allowed}")
    if meta.get("lo") is not None and value < meta["lo"]:
        raise ConfigError(f"{key}: {value!r} is below the minimum {meta['lo']}")
    if meta.get("hi") is not None and value > meta["hi"]:
        raise ConfigError(f"{key}: {value!r} is above the maximum {meta['hi']}")
    return value


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise ConfigError(f"{prefix}{key}: unknown key")
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            continue
        hint = hints[name]
        key = f"{prefix}{name}"
        if dataclasses.is_dataclass(hint):
            if not isinstance(data[name], dict):
                raise ConfigError(f"{key}: expected a table [{key}]")
            kwargs[name] = _build(typing.cast(type, hint), data[name], key + ".")
        else:
            kwargs[name] = _check_value(key, data[name], f, hint)
    return cls(**kwargs)


def _validate_whole(cfg: Config) -> None:
    if cfg.booth.fee_yen % 10:
        raise ConfigError("booth.fee_yen: must be a multiple of 10")
    d = cfg.devices
    if d.coin_acceptor.driver == "cctalk" and not d.coin_acceptor.port:
        raise ConfigError("devices.coin_acceptor.port: required when driver is 'cctalk'")
    if d.bill_validator.driver == "id003" and not d.bill_validator.port:
        raise ConfigError("devices.bill_validator.port: required when driver is 'id003'")
    br = d.barcode_reader
    if br.driver == "serial" and not br.port:
        raise ConfigError("devices.barcode_reader.port: required when driver is 'serial'")
    if br.driver == "keyboard" and not (br.port or br.vendor_id or br.device_name):
        raise ConfigError("devices.barcode_reader.vendor_id: driver 'keyboard' needs the reader's vendor_id "
                          "(and product_id), its device_name, or its input device path in port")
    if br.product_id and not br.vendor_id:
        raise ConfigError("devices.barcode_reader.product_id: goes with a vendor_id")
    if d.hopper.driver == "cctalk" and d.coin_acceptor.driver != "cctalk" and not d.hopper.port:
        raise ConfigError("devices.hopper.port: required when the coin acceptor is not on a ccTalk bus")
    if cfg.submission.url and not cfg.submission.url.startswith(("http://", "https://")):
        raise ConfigError("submission.url: must start with https:// (or http:// for a test server)")
    if cfg.receipt.driver == "serial" and not cfg.receipt.port:
        raise ConfigError("receipt.port: required when driver is 'serial'")
    if cfg.receipt.driver == "usb" and not (cfg.receipt.vendor_id and cfg.receipt.product_id):
        raise ConfigError("receipt.vendor_id: driver 'usb' needs vendor_id and product_id")
    if cfg.receipt.driver == "photo" and cfg.printer.driver == "none":
        raise ConfigError("receipt.driver: 'photo' needs a photo printer ([printer] driver)")
    for size_id, fee in cfg.idphoto.fees.items():
        if size_id not in PHOTO_SIZE_IDS:
            raise ConfigError(f"idphoto.fees.{size_id}: not a photo size ({', '.join(PHOTO_SIZE_IDS)})")
        if fee != int(fee) or not 10 <= fee <= 10000 or int(fee) % 10:
            raise ConfigError(f"idphoto.fees.{size_id}: a whole multiple of 10 yen, 10-10000")
    if bool(cfg.submission.client_cert) != bool(cfg.submission.client_key):
        raise ConfigError("submission.client_key: client_cert and client_key go together")


def from_dict(data: dict[str, Any]) -> Config:
    cfg: Config = _build(Config, data, "")
    _validate_whole(cfg)
    return cfg


def load(path: Path | None, *, simulate: bool = False) -> Config:
    """Read and validate the TOML file at path; raise ConfigError naming the bad key.

    Without a file (path None) the booth runs in simulator mode with the defaults. A booth that is not in
    simulator mode must name its reception server: an empty url would start the reference server on the booth's
    own disk, which only simulator mode may do.
    """
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such config file") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    cfg = from_dict(data)
    if simulate or cfg.booth.simulate or path is None:
        cfg = cfg.simulated()
    check_mode(cfg)
    return cfg


def check_mode(cfg: Config) -> None:
    """What only simulator mode may do: send applications to the reference server on the booth itself."""
    if not cfg.booth.simulate and not cfg.submission.url:
        raise ConfigError("submission.url: required unless the booth runs in simulator mode ([booth] simulate = "
                          "true or --simulate); empty would keep applications on the booth's own disk")


def describe() -> list[tuple[str, str, Any, str]]:
    """Every setting as (key, type, default, meaning), for docs/configuration.md and the maintenance menu."""
    rows: list[tuple[str, str, Any, str]] = []

    def walk(cls: type, prefix: str) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            if dataclasses.is_dataclass(hint):
                walk(typing.cast(type, hint), f"{prefix}{f.name}.")
                continue
            factory: Any = f.default_factory
            default = f.default if f.default is not dataclasses.MISSING else factory()
            doc = f.metadata.get("doc", "")
            is_list = typing.get_origin(hint) is list
            if f.metadata.get("choices"):
                doc += (" Each one of: " if is_list else " One of: ") + ", ".join(
                    str(c) for c in f.metadata["choices"]) + "."
            tname = hint.__name__ if isinstance(hint, type) and not isinstance(hint, types.GenericAlias) else "table"
            if is_list:
                tname = "list"
            rows.append((f"{prefix}{f.name}", tname, default, doc))

    walk(Config, "")
    return rows


def as_dict(cfg: Config) -> dict[str, Any]:
    """The running configuration as plain data (for the maintenance menu and `kiosk config`)."""
    return dataclasses.asdict(cfg)
