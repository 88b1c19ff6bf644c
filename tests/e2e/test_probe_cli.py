"""`kiosk cctalk probe` and `kiosk cctalk addresses` against the ccTalk simulator on a pseudo-terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.devices.sim.cctalk_device import SimCctalkBus


@pytest.fixture
def sim(tmp_path: Path):  # type: ignore[no-untyped-def]
    bus = SimCctalkBus(link_dir=tmp_path / "dev")
    yield bus
    bus.close()


def _probe(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["cctalk", "probe", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_probe_prints_the_coin_acceptor(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "2", "--echo", "off")
    assert code == 0
    assert "JP100A" in out and "JP500B" in out
    assert "self-check (232): OK" in out
    assert "master inhibit: refusing all" in out
    assert "local echo: no (set off, as the bus does)" in out


def test_probe_names_the_acceptors_fault_code(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    sim.raise_event(14)
    _code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "2")
    assert "self-check (232): fault on credit sensor (code 3)" in out


def test_probe_decodes_the_hoppers_register_bit_by_bit(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "3")
    assert code == 0
    assert "test hopper (163): 0xc0 0x00" in out
    assert re.search(r"register 1 bit 6: power-up detected +yes", out)
    assert re.search(r"register 1 bit 7: payout disabled +yes", out)
    assert re.search(r"register 1 bit 5: opto blocked permanently during payout +no", out)
    assert "hopper flags: no fault flag set" in out  # power-up and disabled are states, not faults
    assert "fault code 64" not in out and "self-check" not in out
    assert "lifetime dispense count: 0" in out
    assert "level sensors (0x10): low sensor fitted, coins above it; no high sensor" in out


def test_probe_shows_a_jammed_hopper_as_a_fault(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    sim._st.hopper_flags |= 0x20
    _code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "3")
    assert "hopper flags: faults: opto blocked permanently during payout" in out


def test_echo_on_without_echo_says_so(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _probe(capsys, "--port", sim.port_path, "--echo", "on")
    assert code == 0
    assert "local echo: set on, but the bus did not echo our bytes" in out
    assert "local echo: yes" not in out


def test_echo_off_on_an_echoing_bus_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bus = SimCctalkBus(link_dir=tmp_path / "dev", echo=True)
    try:
        _code, out, _ = _probe(capsys, "--port", bus.port_path, "--echo", "off")
        _code, auto, _ = _probe(capsys, "--port", bus.port_path)
    finally:
        bus.close()
    assert "local echo: set off, but the bus echoes our bytes" in out
    assert "local echo: yes (detected)" in auto


def test_probe_of_a_silent_address_says_so(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "9", "--echo", "off")
    assert code == 1 and "ERROR: no reply" in out
    assert "address 9" in out


def test_probe_of_a_missing_port_prints_the_os_reason(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _probe(capsys, "--port", str(tmp_path / "no-such-port"))
    assert code == 1
    assert "ERROR: cannot open port: No such file or directory (errno 2)" in out


def test_probe_of_something_that_is_not_a_port(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    plain = tmp_path / "plain-file"
    plain.write_text("")
    code, out, _ = _probe(capsys, "--port", str(plain))
    assert code == 1
    assert "ERROR: cannot open port: Inappropriate ioctl for device (errno 25)" in out


@pytest.mark.parametrize("address", ["300", "0", "1", "-2", "two"])
def test_an_address_out_of_range_is_an_argument_error(sim, capsys, address: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["cctalk", "probe", "--port", sim.port_path, "--address", address])
    assert exc.value.code == 2
    assert "--address" in capsys.readouterr().err


def test_addresses_lists_the_devices_on_the_bus(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["cctalk", "addresses", "--port", sim.port_path]) == 0
    assert "devices at: 2, 3" in capsys.readouterr().out


def test_probe_shows_an_accepting_master_inhibit(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    sim._st.master = True  # as the booth leaves it during a payment
    _code, out, _ = _probe(capsys, "--port", sim.port_path, "--address", "2", "--echo", "off")
    assert "master inhibit: accepting" in out


@pytest.mark.parametrize(
    ("byte", "line"),
    [
        ("30", "level sensors (0x30): low sensor fitted, coins above it; high sensor fitted, coins below it"),
        ("33", "level sensors (0x33): low sensor fitted, coins below it; high sensor fitted, coins above it"),
        ("00", "level sensors (0x00): no low sensor; no high sensor"),
    ],
)
def test_the_level_line_names_each_sensor(byte: str, line: str) -> None:
    from kiosk.devices.cctalk.probe import _level_line

    assert _level_line(byte) == "  " + line
    assert "does not know header 217" in _level_line(None)
