"""`kiosk cctalk probe` against the ccTalk simulator on a pseudo-terminal, through the real bus."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.devices.sim.cctalk_device import SimCctalkBus


@pytest.fixture
def sim(tmp_path: Path):  # type: ignore[no-untyped-def]
    bus = SimCctalkBus(link_dir=tmp_path / "dev")
    yield bus
    bus.close()


def test_probe_prints_the_coin_acceptor(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["cctalk", "probe", "--port", str(sim.port_path), "--address", "2", "--echo", "off"]) == 0
    out = capsys.readouterr().out
    assert "JP100A" in out and "JP500B" in out
    assert "self-check: OK" in out
    assert "master inhibit: refusing all" in out


def test_probe_prints_the_hopper(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["cctalk", "probe", "--port", str(sim.port_path), "--address", "3", "--echo", "off"]) == 0
    out = capsys.readouterr().out
    assert "lifetime dispense count" in out


def test_probe_of_a_silent_address_says_so(sim, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["cctalk", "probe", "--port", str(sim.port_path), "--address", "9", "--echo", "off"])
    out, err = capsys.readouterr()
    assert code == 1 and "ERROR: no reply" in out
    assert "address 9" in out + err


def test_probe_of_a_missing_port_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["cctalk", "probe", "--port", str(tmp_path / "no-such-port")])
    out, _err = capsys.readouterr()
    assert code == 1 and "cannot open port" in out
