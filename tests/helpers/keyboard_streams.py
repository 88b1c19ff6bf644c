"""Recorded key-event streams of keyboard-mode barcode readers, for the evdev reader's tests.

Each stream is written as the keys a reader presses, by hand from the layout's keycaps (not derived from the code
under test): ``+KEY`` is KEY with Shift held. expand() turns it into the events the kernel delivers for such a
reader, as evtest shows them: for every key an MSC_SCAN, the EV_KEY press, a SYN_REPORT, then the release and
another SYN_REPORT, about 4 ms apart, Shift pressed before and released after its key.
"""

from __future__ import annotations

from kiosk.devices.keyboard_reader import KEY

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
MSC_SCAN = 4
USB_USAGE_BASE = 0x70000  # HID keyboard page, as the scan codes of a USB reader read

# "https://kiosk.example/ap?id=12" followed by Enter, as typed by a reader set to each layout
URL = "https://kiosk.example/ap?id=12"
URL_KEYS_US = ("H T T P S +SEMICOLON SLASH SLASH K I O S K DOT E X A M P L E SLASH A P +SLASH I D EQUAL 1 2 "
               "ENTER")
URL_KEYS_JIS = ("H T T P S APOSTROPHE SLASH SLASH K I O S K DOT E X A M P L E SLASH A P +SLASH I D +MINUS 1 2 "
                "ENTER")
# punctuation that differs between the layouts: "@[]:*_|" and Enter
PUNCT = "a@b[c]d:e*f_g|"
PUNCT_KEYS_JIS = "A LEFTBRACE B RIGHTBRACE C BACKSLASH D APOSTROPHE E +APOSTROPHE F +RO G +YEN ENTER"
PUNCT_KEYS_US = "A +2 B LEFTBRACE C RIGHTBRACE D +SEMICOLON E +8 F +MINUS G +BACKSLASH ENTER"


def expand(keys: str, *, start_s: float = 0.0, step_s: float = 0.004) -> list[tuple[float, int, int, int]]:
    """(time, type, code, value) events for a key script."""
    t = start_s
    out: list[tuple[float, int, int, int]] = []

    def key(code: int, value: int) -> None:
        nonlocal t
        out.append((t, EV_MSC, MSC_SCAN, USB_USAGE_BASE + code))
        out.append((t, EV_KEY, code, value))
        out.append((t, EV_SYN, 0, 0))
        t += step_s

    for word in keys.split():
        shifted = word.startswith("+")
        code = KEY[word.lstrip("+")]
        if shifted:
            key(KEY["LEFTSHIFT"], 1)
        key(code, 1)
        key(code, 0)
        if shifted:
            key(KEY["LEFTSHIFT"], 0)
    return out


def events(keys: str) -> list[tuple[int, int, int]]:
    """The events of a key script without their times."""
    return [(kind, code, value) for _t, kind, code, value in expand(keys)]
