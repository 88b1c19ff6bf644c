"""Key events to text for keyboard-mode readers (US and JIS), and which input device is the reader."""

from __future__ import annotations

import pytest

from kiosk.devices.keyboard_reader import KEY, InputDeviceInfo, KeyTranslator, ReaderSelector
from kiosk.devices.scanner import LineFramer
from tests.helpers.keyboard_streams import (
    PUNCT,
    PUNCT_KEYS_JIS,
    PUNCT_KEYS_US,
    URL,
    URL_KEYS_JIS,
    URL_KEYS_US,
    events,
)


@pytest.mark.parametrize(("layout", "keys"), [("us", URL_KEYS_US), ("jis", URL_KEYS_JIS)])
def test_a_url_typed_in_each_layout_reads_the_same(layout: str, keys: str) -> None:
    t = KeyTranslator(layout)
    assert t.feed(events(keys)) == URL.encode() + b"\r"
    assert t.unmapped == 0


@pytest.mark.parametrize(("layout", "keys"), [("us", PUNCT_KEYS_US), ("jis", PUNCT_KEYS_JIS)])
def test_punctuation_that_differs_between_layouts(layout: str, keys: str) -> None:
    assert KeyTranslator(layout).feed(events(keys)) == PUNCT.encode() + b"\r"


def test_a_layout_mismatch_garbles_the_code_visibly() -> None:
    typed = KeyTranslator("us").feed(events(URL_KEYS_JIS))  # the reader types JIS, the booth reads US
    assert typed == b"https'//kiosk.example/ap?id_12\r"
    typed = KeyTranslator("jis").feed(events(URL_KEYS_US))
    assert typed == b"https+//kiosk.example/ap?id^12\r"


def test_framing_the_typed_bytes_gives_the_code_without_enter() -> None:
    framer = LineFramer(b"\r")
    assert framer.feed(KeyTranslator("jis").feed(events(URL_KEYS_JIS)), 0.0) == [URL.encode()]


def test_caps_lock_pressed_by_the_reader_inverts_letters_only() -> None:
    t = KeyTranslator("us")
    assert t.feed(events("CAPSLOCK A +B 1 CAPSLOCK C")) == b"Ab1c"


def test_ctrl_m_and_ctrl_j_type_cr_and_lf() -> None:
    t = KeyTranslator("us")
    script = [(1, KEY["LEFTCTRL"], 1), (1, KEY["M"], 1), (1, KEY["M"], 0), (1, KEY["J"], 1), (1, KEY["J"], 0),
              (1, KEY["LEFTCTRL"], 0), (1, KEY["M"], 1)]
    assert t.feed(script) == b"\r\nm"


def test_releases_autorepeat_and_unknown_keys_type_nothing() -> None:
    t = KeyTranslator("jis")
    assert t.feed([(1, KEY["A"], 0), (1, KEY["A"], 2), (1, KEY["GRAVE"], 1), (1, 240, 1)]) == b""
    assert t.unmapped == 2  # 半角/全角 and an unknown key were pressed and typed nothing


def test_keypad_digits_and_shifted_zero_on_jis() -> None:
    t = KeyTranslator("jis")
    assert t.feed(events("KP1 KP2 KPDOT KPENTER")) == b"12.\r"
    assert t.feed(events("+0")) == b"" and t.unmapped == 1


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError):
        KeyTranslator("dvorak")


READER_KBD = InputDeviceInfo("/dev/input/event7", "Honeywell Imaging 1950g", 0x0C2E, 0x0B61, True)
READER_CONSUMER = InputDeviceInfo("/dev/input/event6", "Honeywell Imaging 1950g Consumer Control", 0x0C2E,
                                  0x0B61, False)
KEYBOARD = InputDeviceInfo("/dev/input/event3", "AT Translated Set 2 keyboard", 0x0001, 0x0001, True)
OTHER_READER = InputDeviceInfo("/dev/input/event12", "Honeywell Imaging 1470g", 0x0C2E, 0x0B01, True)
DEVICES = [KEYBOARD, READER_CONSUMER, READER_KBD, OTHER_READER]


def test_selector_by_vendor_and_product_takes_the_interface_that_types() -> None:
    assert ReaderSelector(vendor_id="0c2e", product_id="0b61").choose(DEVICES) == READER_KBD


def test_selector_by_vendor_only_takes_the_lowest_event_node() -> None:
    assert ReaderSelector(vendor_id="0c2e").choose(DEVICES) == READER_KBD  # event7 before event12


def test_selector_by_name_is_case_insensitive() -> None:
    assert ReaderSelector(name="1470G").choose(DEVICES) == OTHER_READER


def test_selector_by_path_and_no_match() -> None:
    assert ReaderSelector(path="/dev/input/event3").choose(DEVICES) == KEYBOARD
    assert ReaderSelector(vendor_id="05e0").choose(DEVICES) is None
    assert ReaderSelector(vendor_id="0c2e", name="keyboard").choose(DEVICES) is None
