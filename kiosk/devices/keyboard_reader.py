"""A barcode reader in USB keyboard mode (a "keyboard wedge"), read through Linux evdev and grabbed exclusively.

Many booth readers present themselves as a USB keyboard and type each code followed by Enter. Left to the desktop
their keystrokes would land in whatever screen has focus; this driver opens the reader's own input device
(chosen by USB vendor/product id, by name, or by path), grabs it (EVIOCGRAB) so no other reader of input events
sees a key, turns key events into text with the layout the reader types in (US or Japanese JIS: the same keys
give different punctuation, and a URL needs ':' '/' '?' '='), and hands the bytes to the same framing, repeat
filter, enabling and reconnect rules as the serial scanner (kiosk.devices.scanner.LineReader).

python-evdev is used through its prebuilt wheels (PyPI package evdev-binary, the same project): the source
package needs a C compiler and the kernel headers, which a booth does not otherwise need.
"""

from __future__ import annotations

import contextlib
import importlib
import select
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject

from kiosk.devices.base import Health, HealthState
from kiosk.devices.scanner import LineReader

EV_KEY = 0x01
KEY_UP, KEY_DOWN, KEY_HOLD = 0, 1, 2

# Linux input key codes (linux/input-event-codes.h): the keys a reader types
_K = {
    "ESC": 1, "1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11, "MINUS": 12,
    "EQUAL": 13, "BACKSPACE": 14, "TAB": 15, "Q": 16, "W": 17, "E": 18, "R": 19, "T": 20, "Y": 21, "U": 22,
    "I": 23, "O": 24, "P": 25, "LEFTBRACE": 26, "RIGHTBRACE": 27, "ENTER": 28, "LEFTCTRL": 29, "A": 30, "S": 31,
    "D": 32, "F": 33, "G": 34, "H": 35, "J": 36, "K": 37, "L": 38, "SEMICOLON": 39, "APOSTROPHE": 40,
    "GRAVE": 41, "LEFTSHIFT": 42, "BACKSLASH": 43, "Z": 44, "X": 45, "C": 46, "V": 47, "B": 48, "N": 49,
    "M": 50, "COMMA": 51, "DOT": 52, "SLASH": 53, "RIGHTSHIFT": 54, "KPASTERISK": 55, "LEFTALT": 56,
    "SPACE": 57, "CAPSLOCK": 58, "KP7": 71, "KP8": 72, "KP9": 73, "KPMINUS": 74, "KP4": 75, "KP5": 76,
    "KP6": 77, "KPPLUS": 78, "KP1": 79, "KP2": 80, "KP3": 81, "KP0": 82, "KPDOT": 83, "102ND": 86, "RO": 89,
    "KPENTER": 96, "RIGHTCTRL": 97, "KPSLASH": 98, "RIGHTALT": 100, "YEN": 124,
}
KEY = _K
SHIFT_KEYS = frozenset({_K["LEFTSHIFT"], _K["RIGHTSHIFT"]})
CTRL_KEYS = frozenset({_K["LEFTCTRL"], _K["RIGHTCTRL"]})
LETTERS = "QWERTYUIOPASDFGHJKLZXCVBNM"

# what both layouts share: letters, digits, space, the keypad, Enter and Tab
_COMMON: dict[int, tuple[str, str]] = {_K[c]: (c.lower(), c) for c in LETTERS}
_COMMON.update({_K[d]: (d, "") for d in "1234567890"})
_COMMON.update({
    _K["SPACE"]: (" ", " "), _K["ENTER"]: ("\r", "\r"), _K["KPENTER"]: ("\r", "\r"), _K["TAB"]: ("\t", "\t"),
    _K["KPSLASH"]: ("/", "/"), _K["KPASTERISK"]: ("*", "*"), _K["KPMINUS"]: ("-", "-"), _K["KPPLUS"]: ("+", "+"),
    _K["KPDOT"]: (".", "."), _K["COMMA"]: (",", "<"), _K["DOT"]: (".", ">"), _K["SLASH"]: ("/", "?"),
})
_COMMON.update({_K[f"KP{d}"]: (d, d) for d in "0123456789"})

# (unshifted, shifted) per layout; "" where the key types nothing
LAYOUTS: dict[str, dict[int, tuple[str, str]]] = {
    "us": {
        **_COMMON,
        **{_K[d]: (d, s) for d, s in zip("1234567890", "!@#$%^&*()", strict=True)},
        _K["MINUS"]: ("-", "_"), _K["EQUAL"]: ("=", "+"), _K["LEFTBRACE"]: ("[", "{"), _K["RIGHTBRACE"]: ("]", "}"),
        _K["BACKSLASH"]: ("\\", "|"), _K["SEMICOLON"]: (";", ":"), _K["APOSTROPHE"]: ("'", '"'),
        _K["GRAVE"]: ("`", "~"), _K["102ND"]: ("\\", "|"),
    },
    "jis": {  # the Japanese 106/109-key layout: the same key codes, other characters
        **_COMMON,
        **{_K[d]: (d, s) for d, s in zip("123456789", "!\"#$%&'()", strict=True)},
        _K["0"]: ("0", ""),
        _K["MINUS"]: ("-", "="), _K["EQUAL"]: ("^", "~"), _K["LEFTBRACE"]: ("@", "`"), _K["RIGHTBRACE"]: ("[", "{"),
        _K["BACKSLASH"]: ("]", "}"), _K["SEMICOLON"]: (";", "+"), _K["APOSTROPHE"]: (":", "*"),
        _K["GRAVE"]: ("", ""),  # 半角/全角: switches the input method, types nothing
        _K["RO"]: ("\\", "_"), _K["YEN"]: ("\\", "|"),  # ろ and ¥ (the yen sign is a backslash in ASCII)
    },
}


class KeyTranslator:
    """Key events in, typed text out (UTF-8 bytes), for one layout. Pure: no device, no clock.

    Shift (either) and Caps Lock (toggled by the reader's own key presses, since the grab keeps the desktop's
    state away) decide the case; Ctrl+M and Ctrl+J type CR and LF (some readers end lines that way); key
    releases, auto-repeat and keys that type nothing give nothing.
    """

    def __init__(self, layout: str = "us") -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {sorted(LAYOUTS)}")
        self.layout = layout
        self._table = LAYOUTS[layout]
        self._shift: set[int] = set()
        self._ctrl: set[int] = set()
        self._caps = False
        self.unmapped = 0  # key presses that typed nothing (a layout mismatch shows here)

    def reset(self) -> None:
        self._shift.clear()
        self._ctrl.clear()
        self._caps = False

    def key(self, code: int, value: int) -> bytes:
        """One EV_KEY event: the bytes it types."""
        for group, keys in ((self._shift, SHIFT_KEYS), (self._ctrl, CTRL_KEYS)):
            if code in keys:
                if value == KEY_UP:
                    group.discard(code)
                elif value == KEY_DOWN:
                    group.add(code)
                return b""
        if value != KEY_DOWN:
            return b""
        if code == _K["CAPSLOCK"]:
            self._caps = not self._caps
            return b""
        if self._ctrl:
            return {_K["M"]: b"\r", _K["J"]: b"\n"}.get(code, b"")
        plain, shifted = self._table.get(code, ("", ""))
        text = shifted if self._shift else plain
        if self._caps and len(plain) == 1 and plain.isalpha():
            text = text.swapcase()
        if not text:
            self.unmapped += 1
        return text.encode("utf-8")

    def feed(self, events: Iterable[tuple[int, int, int]]) -> bytes:
        """Several (type, code, value) events; anything but EV_KEY is ignored."""
        return b"".join(self.key(code, value) for kind, code, value in events if kind == EV_KEY)


# ---- which input device is the reader ---------------------------------------------------------------------


@dataclass(frozen=True)
class InputDeviceInfo:
    path: str
    name: str
    vendor: int
    product: int
    types_text: bool  # it has letter, digit and Enter keys (a keyboard, not a mouse or a power button)


@dataclass(frozen=True)
class ReaderSelector:
    """How the config names the reader: a device path, a USB vendor (and product) id, and/or part of its name."""

    path: str = ""
    vendor_id: str = ""  # 4 hex digits
    product_id: str = ""
    name: str = ""

    def describe(self) -> str:
        parts = [self.path] if self.path else []
        if self.vendor_id:
            parts.append(f"usb {self.vendor_id}:{self.product_id or '*'}")
        if self.name:
            parts.append(f"name ~ {self.name!r}")
        return ", ".join(parts) or "(nothing)"

    def matches(self, dev: InputDeviceInfo) -> bool:
        if not dev.types_text:
            return False
        if self.vendor_id and dev.vendor != int(self.vendor_id, 16):
            return False
        if self.product_id and dev.product != int(self.product_id, 16):
            return False
        return not (self.name and self.name.lower() not in dev.name.lower())

    def choose(self, devices: Sequence[InputDeviceInfo]) -> InputDeviceInfo | None:
        """The first matching device in path order (a reader may offer several: the one that types)."""
        if self.path:
            return next((d for d in devices if d.path == self.path), None)
        found = sorted((d for d in devices if self.matches(d)), key=lambda d: _event_number(d.path))
        return found[0] if found else None


def _event_number(path: str) -> int:
    digits = "".join(c for c in path.rsplit("/", 1)[-1] if c.isdigit())
    return int(digits) if digits else 1 << 30


# ---- the device, through python-evdev ------------------------------------------------------------------------


class EventSource(Protocol):
    """An open input device: what the worker needs of python-evdev's InputDevice."""

    def fileno(self) -> int: ...

    def read_events(self) -> list[tuple[int, int, int]]: ...

    def grab(self) -> None: ...

    def close(self) -> None: ...


class EvdevSource:
    """python-evdev's InputDevice behind EventSource."""

    def __init__(self, path: str) -> None:
        import evdev  # imported here: a booth without keyboard readers never needs it

        self._dev: Any = evdev.InputDevice(path)
        self.path = path

    def fileno(self) -> int:
        return int(self._dev.fd)

    def read_events(self) -> list[tuple[int, int, int]]:
        try:
            return [(e.type, e.code, e.value) for e in self._dev.read()]
        except BlockingIOError:
            return []

    def grab(self) -> None:
        self._dev.grab()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._dev.ungrab()
        with contextlib.suppress(OSError):
            self._dev.close()


def list_input_devices() -> list[InputDeviceInfo]:
    """Every input device this process may open (an empty list without evdev or /dev/input)."""
    try:
        import evdev
    except ImportError:
        return []
    out = []
    for path in evdev.list_devices():
        try:
            dev = evdev.InputDevice(path)
        except OSError:
            continue
        try:
            keys = set(dev.capabilities().get(EV_KEY, []))
            types_text = {_K["A"], _K["1"], _K["ENTER"]} <= keys
            out.append(InputDeviceInfo(path, dev.name, dev.info.vendor, dev.info.product, types_text))
        finally:
            dev.close()
    return out


class KeyboardScanner(LineReader):
    """A keyboard-mode reader: finds its input device, grabs it, types its codes into the line framing.

    Health: DOWN "reader not found" while no input device matches (checked again every reconnect_s), DOWN
    "cannot grab" when another process holds it, OK "connected" once grabbed; an unplug ends the grab and the
    search starts again (the event node may get another number when the reader comes back).
    """

    def __init__(
        self,
        selector: ReaderSelector,
        *,
        layout: str = "us",
        suffix: str = "CR",
        max_line_bytes: int = 512,
        hold_s: float = 2.0,
        gap_ms: int = 500,
        reconnect_s: float = 0.5,
        name: str = "barcode_reader",
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        lister: Callable[[], list[InputDeviceInfo]] = list_input_devices,
        opener: Callable[[str], EventSource] = EvdevSource,
    ) -> None:
        super().__init__(suffix=suffix, max_line_bytes=max_line_bytes, hold_s=hold_s, gap_ms=gap_ms,
                         reconnect_s=reconnect_s, name=name, worker_name="evdev", parent=parent, clock=clock)
        if opener is EvdevSource:
            with contextlib.suppress(ImportError):
                importlib.import_module("evdev")  # here, not first in the reader's worker (dlopen in a thread)
        self.selector = selector
        self.translator = KeyTranslator(layout)
        self._lister = lister
        self._opener = opener
        self.device_path: str | None = None

    def _open(self) -> EventSource | None:
        info = self.selector.choose(self._lister())
        if info is None:
            self._set_health(Health(HealthState.DOWN, f"reader not found ({self.selector.describe()})"))
            return None
        try:
            source = self._opener(info.path)
        except OSError as exc:
            self._set_health(Health(HealthState.DOWN, f"cannot open {info.path}: {exc.strerror or exc}"))
            return None
        try:
            source.grab()
        except OSError as exc:
            source.close()
            self._set_health(Health(HealthState.DOWN, f"cannot grab {info.path}: {exc.strerror or exc}"))
            return None
        self.device_path = info.path
        self.translator.reset()
        self._framer.reset()
        self._set_health(Health(HealthState.OK, "connected"))
        self._log.info("keyboard reader connected and grabbed (%s)", info.path)
        return source

    def _run(self) -> None:
        source: EventSource | None = None
        try:
            while not self._stop.is_set():
                if source is None:
                    source = self._open()
                    if source is None:
                        self._stop.wait(self.reconnect_s)
                        continue
                try:
                    ready, _, _ = select.select([source.fileno()], [], [], 0.05)
                    events = source.read_events() if ready else []
                except (OSError, ValueError) as exc:  # ENODEV: unplugged
                    self._log.warning("keyboard reader disconnected (%s)", type(exc).__name__)
                    self._set_health(Health(HealthState.DOWN, "disconnected, reconnecting"))
                    source.close()
                    source = None
                    self.device_path = None
                    self._framer.reset()
                    continue
                self.feed_events(events)
        finally:
            if source is not None:
                source.close()

    def feed_events(self, events: Iterable[tuple[int, int, int]], now_s: float | None = None) -> None:
        """Key events read from the device (the worker; tests replay recordings through it)."""
        self._handle(self.translator.feed(events), now_s)
