"""The serial scanner driver against the pty scanner simulator: framing, filtering, enabling, replugging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices.base import HealthState
from kiosk.devices.scanner import SerialScanner
from kiosk.devices.sim.qr_payloads import official_url, random_id
from kiosk.devices.sim.scanner_device import SimScanner

SUFFIXES = ("CR", "CRLF", "LF")


@pytest.fixture(params=SUFFIXES)
def suffix(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sim(suffix: str) -> Iterator[SimScanner]:
    device = SimScanner(suffix=suffix, decode_delay_s=0.005)
    yield device
    device.close()


@pytest.fixture
def reader(qtbot: QtBot, sim: SimScanner, suffix: str) -> Iterator[SerialScanner]:
    scanner = SerialScanner(sim.port_path, suffix=suffix, max_line_bytes=256, hold_s=2.0, gap_ms=150)
    scanner.start()
    qtbot.waitUntil(lambda: scanner.health.state is HealthState.OK, timeout=3000)
    scanner.set_enabled(True)
    yield scanner
    scanner.stop()


def _read(qtbot: QtBot, reader: SerialScanner, present: object) -> str:
    with qtbot.waitSignal(reader.code_read, timeout=3000) as blocker:
        present()  # type: ignore[operator]
    return str(blocker.args[0])


def test_payloads_split_across_writes(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    url = official_url(random_id())
    assert _read(qtbot, reader, lambda: sim.present_bytes(url.encode(), chunk_bytes=3)) == url
    other = random_id()
    assert _read(qtbot, reader, lambda: sim.present_bytes(other.encode(), chunk_bytes=1)) == other


def test_binary_bytes_reach_the_parser_as_replacement(
    qtbot: QtBot, sim: SimScanner, reader: SerialScanner
) -> None:
    payload = _read(qtbot, reader, lambda: sim.present_bytes(b"\x00\xff\xfe\x80junk"))
    assert payload == "\x00\ufffd\ufffd\ufffdjunk"


def test_garbage_then_a_partial_line_then_a_code(
    qtbot: QtBot, sim: SimScanner, reader: SerialScanner
) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    code = random_id()
    sim.present_bytes(b"half a code 1234", suffix=False)  # cut off: the gap drops it
    sim.pause(0.4)
    sim.present(code)
    qtbot.waitUntil(lambda: len(received) == 1, timeout=3000)
    assert received == [code]


def test_over_long_lines_are_dropped(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    code = random_id()
    sim.present_bytes(b"9" * 1000, chunk_bytes=64)
    sim.present(code)
    qtbot.waitUntil(lambda: len(received) == 1, timeout=3000)
    assert received == [code]


def test_repeat_filter_drops_a_held_code(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    code, other = random_id(), random_id()
    for _ in range(4):
        sim.present(code)  # presentation mode: the code is read again and again
    sim.present(other)
    qtbot.waitUntil(lambda: len(received) == 2, timeout=3000)
    assert received == [code, other]


def test_disabled_reader_drops_codes(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    reader.set_enabled(False)
    hidden = random_id()
    sim.present(hidden)
    sim.present_bytes(b"start of a code held while the screen changes", suffix=False)
    assert sim.wait_idle()
    qtbot.waitUntil(lambda: reader.codes_dropped >= 1, timeout=3000)
    reader.set_enabled(True)
    sim.present_bytes(b" rest of it")  # the tail of a line begun while disabled is not a code
    visible = random_id()
    sim.present(visible)
    marker = random_id()
    sim.present(marker)  # after the visible code on the same wire: anything wrongly read arrives before it
    qtbot.waitUntil(lambda: marker in received, timeout=3000)
    assert received == [visible, marker]


def test_enabling_again_accepts_the_same_code(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    code = random_id()
    assert _read(qtbot, reader, lambda: sim.present(code)) == code
    reader.set_enabled(False)
    reader.set_enabled(True)
    assert _read(qtbot, reader, lambda: sim.present(code)) == code


@pytest.mark.parametrize("suffix", ["CR"])
def test_unplug_and_replug(qtbot: QtBot, sim: SimScanner, reader: SerialScanner) -> None:
    with qtbot.waitSignal(reader.health_changed, timeout=3000, check_params_cb=lambda h: not h.ok):
        sim.unplug()
    assert reader.health.state is HealthState.DOWN
    with qtbot.waitSignal(reader.health_changed, timeout=2000, check_params_cb=lambda h: h.ok):
        sim.replug()
    code = random_id()
    assert _read(qtbot, reader, lambda: sim.present(code)) == code


def test_missing_port_is_down_not_an_exception(qtbot: QtBot, tmp_path: object) -> None:
    scanner = SerialScanner("/nonexistent/serial/by-id/scanner", reconnect_s=0.05)
    scanner.start()
    qtbot.waitUntil(lambda: "cannot open" in scanner.health.detail, timeout=2000)
    assert scanner.health.state is HealthState.DOWN
    scanner.stop()
    scanner.stop()


def test_unknown_suffix_is_refused() -> None:
    with pytest.raises(ValueError):
        SerialScanner("loop://", suffix="TAB")


@pytest.mark.parametrize("suffix", ["CR"])
def test_payload_never_reaches_the_log(
    qtbot: QtBot, sim: SimScanner, reader: SerialScanner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="kiosk")
    code = random_id()
    assert _read(qtbot, reader, lambda: sim.present(official_url(code))) == official_url(code)
    sim.unplug()
    qtbot.waitUntil(lambda: not reader.health.ok, timeout=3000)
    assert code not in caplog.text and code[:8] not in caplog.text
    assert code[:8] not in reader.health.detail
