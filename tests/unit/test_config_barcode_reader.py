"""[devices.barcode_reader]: the suffix in every obvious spelling, and the keyboard-mode reader's keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, from_dict, load


def reader(**keys: object):  # type: ignore[no-untyped-def]
    return from_dict({"devices": {"barcode_reader": keys}}).devices.barcode_reader


@pytest.mark.parametrize(
    ("written", "suffix"),
    [("CR", "CR"), ("CRLF", "CRLF"), ("LF", "LF"), ("cr", "CR"), ("CR LF", "CRLF"), ("CR+LF", "CRLF"),
     ("\r", "CR"), ("\r\n", "CRLF"), ("\n", "LF"), ("\\r", "CR"), ("\\r\\n", "CRLF"), ("\\n", "LF")],
)
def test_suffix_forms(written: str, suffix: str) -> None:
    assert reader(suffix=written).suffix == suffix


def test_suffix_from_toml_both_string_kinds(tmp_path: Path) -> None:
    basic, literal = tmp_path / "basic.toml", tmp_path / "literal.toml"
    server = '[submission]\nurl = "https://reception.example"\n'
    basic.write_text(server + '[devices.barcode_reader]\nsuffix = "\\r\\n"\n')  # TOML escapes: the characters
    literal.write_text(server + "[devices.barcode_reader]\nsuffix = '\\r\\n'\n")  # a backslash, r, a backslash, n
    assert load(basic).devices.barcode_reader.suffix == "CRLF"
    assert load(literal).devices.barcode_reader.suffix == "CRLF"


@pytest.mark.parametrize("written", ["\t", "CRCR", "", "\\t", "\r\r"])
def test_other_suffixes_are_refused_naming_the_key(written: str) -> None:
    with pytest.raises(ConfigError, match=r"devices\.barcode_reader\.suffix: .* is not one of 'CR', 'CRLF', 'LF'"):
        reader(suffix=written)


def test_keyboard_reader_by_ids() -> None:
    r = reader(driver="keyboard", vendor_id="0x0C2E", product_id="B61", layout="jis")
    assert (r.vendor_id, r.product_id, r.layout) == ("0c2e", "0b61", "jis")


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"driver": "keyboard"}, "vendor_id: driver 'keyboard' needs"),
        ({"driver": "keyboard", "vendor_id": "0c2e5"}, "vendor_id: '0c2e5' is not"),
        ({"driver": "keyboard", "vendor_id": "zz"}, "vendor_id: 'zz' is not"),
        ({"driver": "keyboard", "device_name": "x", "product_id": "0b61"}, "product_id: goes with a vendor_id"),
        ({"driver": "keyboard", "device_name": "x", "layout": "de"}, "layout: 'de' is not one of 'us', 'jis'"),
    ],
)
def test_keyboard_reader_config_errors(keys: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        reader(**keys)


def test_keyboard_reader_by_name_or_path_is_enough() -> None:
    assert reader(driver="keyboard", device_name="Honeywell").device_name == "Honeywell"
    assert reader(driver="keyboard", port="/dev/input/by-id/usb-x-event-kbd").port.endswith("event-kbd")


def test_the_factory_builds_the_keyboard_reader(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.devices import factory
    from kiosk.devices.keyboard_reader import KeyboardScanner

    cfg = from_dict({"devices": {"barcode_reader": {"driver": "keyboard", "vendor_id": "0c2e", "layout": "jis",
                                                     "suffix": "\\r"}}})
    devices = factory.build(cfg, tmp_path, resume_counter=None, scene_source=lambda _n: None)  # type: ignore[arg-type,return-value]
    try:
        assert isinstance(devices.reader, KeyboardScanner)
        assert devices.reader.translator.layout == "jis" and devices.reader.selector.vendor_id == "0c2e"
        assert devices.reader._framer.suffix == b"\r"
    finally:
        devices.sims.close()
