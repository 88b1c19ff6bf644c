"""The printer's states mapped to health, and the simulated printer: each job in its folder, every fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import config
from kiosk.devices import factory
from kiosk.devices.base import HealthState
from kiosk.devices.printer import (
    JOB_ABORTED,
    PRINTER_IDLE,
    PRINTER_STOPPED,
    PrintJob,
    PrintOutcome,
    fault_id,
    fault_of,
    health_of,
)
from kiosk.devices.sim.printer import SIM_FAULTS, SimPrinter

WAIT_MS = 5000


@pytest.mark.parametrize(("state", "reasons", "accepting", "fault", "words"), [
    (PRINTER_IDLE, ["none"], True, "", "ready"),
    (PRINTER_STOPPED, ["media-empty-error", "paused"], True, "media-empty", "paper out"),
    (PRINTER_STOPPED, ["media-needed-error"], True, "media-needed", "paper out"),
    (PRINTER_IDLE, ["media-empty-error"], True, "", "paper out reported before"),  # stale: the queue was resumed
    (PRINTER_STOPPED, ["marker-supply-empty-error"], True, "marker-supply-empty", "ribbon out"),
    (PRINTER_STOPPED, ["door-open-error"], True, "door-open", "door open"),
    (PRINTER_STOPPED, ["cover-open-report"], True, "cover-open", "door open"),
    (PRINTER_IDLE, ["offline-report"], True, "offline", "printer offline"),
    (PRINTER_STOPPED, ["paused"], True, "offline", "printer offline"),  # cupsdisable
    (PRINTER_IDLE, ["none"], False, "offline", "printer offline"),  # cupsreject
    (PRINTER_STOPPED, ["media-jam-error"], True, "media-jam", "paper jam"),
])
def test_printer_states_map_to_health_and_a_fault_id(state: int, reasons: list[str], accepting: bool, fault: str,
                                                     words: str) -> None:
    assert fault_of(state, reasons, accepting) == fault
    h = health_of(state, reasons, accepting)
    assert words in h.detail
    assert (h.state is HealthState.DOWN) == bool(fault)
    if not fault and words != "ready":
        assert h.state is HealthState.DEGRADED
    assert fault_id(h) == fault


def test_low_paper_or_ribbon_is_degraded_not_down() -> None:
    h = health_of(PRINTER_IDLE, ["media-low-report", "marker-supply-low-warning"])
    assert h.state is HealthState.DEGRADED and h.ok and h.detail == "paper low, ribbon low"
    assert fault_id(h) == ""


def test_the_factory_builds_the_configured_printer(tmp_path: Path) -> None:
    assert factory.build_printer(config.from_dict({"printer": {"driver": "none"}}), tmp_path,
                                 factory.Simulators()) is None
    sims = factory.Simulators()
    p = factory.build_printer(config.from_dict({"printer": {"driver": "simulator", "sim_dir": str(tmp_path)}}),
                              tmp_path, sims)
    assert isinstance(p, SimPrinter) and sims.printer is p and p.out_dir == tmp_path
    from kiosk.devices.printer import CupsPrinter

    c = factory.build_printer(config.from_dict({"printer": {"driver": "cups", "queue": "dnp", "server":
                                                            "10.0.0.9:631"}}), tmp_path, sims)
    assert isinstance(c, CupsPrinter) and c.queue_name == "dnp"
    # the outside contract's keys, exactly
    cfg = config.from_dict({"printer": {"driver": "cups", "queue": "booth", "server": "", "paper": "L"}})
    assert (cfg.printer.driver, cfg.printer.queue, cfg.printer.server, cfg.printer.paper) == ("cups", "booth", "",
                                                                                              "L")
    with pytest.raises(config.ConfigError, match=r"printer\.driver"):
        config.from_dict({"printer": {"driver": "lpr"}})
    # simulator mode simulates a CUPS printer, and keeps "none"
    assert config.from_dict({"printer": {"driver": "cups"}}).simulated().printer.driver == "simulator"
    assert config.from_dict({"printer": {"driver": "none"}}).simulated().printer.driver == "none"


@pytest.fixture
def sim(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    p = SimPrinter(tmp_path / "out", print_s=0.05)
    with qtbot.waitSignal(p.health_changed, timeout=WAIT_MS):
        p.start()
    yield p
    p.stop()


def _print(qtbot, p: SimPrinter, key: str = "t1") -> PrintOutcome:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(p.job_finished, timeout=WAIT_MS) as blocker:
        p.print_sheet(PrintJob(key, b"\xff\xd8sheet\xff\xd9", dpi=300))
    outcome = blocker.args[0]
    assert isinstance(outcome, PrintOutcome) and outcome.key == key
    return outcome


def test_the_simulated_printer_writes_each_job_to_its_folder(qtbot, sim: SimPrinter) -> None:  # type: ignore[no-untyped-def]
    assert sim.health.state is HealthState.OK
    first, second = _print(qtbot, sim, "a"), _print(qtbot, sim, "b")
    assert first.ok and second.ok and (first.job_id, second.job_id) == (1, 2)
    assert (sim.out_dir / "job-0002.jpg").read_bytes() == b"\xff\xd8sheet\xff\xd9"
    meta = json.loads((sim.out_dir / "job-0001.json").read_text())
    assert meta == {"job_id": 1, "ok": True, "reason": "", "media": "oe_photo-l_3.5x5in", "dpi": 300,
                    "mime": "image/jpeg", "bytes": 9}


@pytest.mark.parametrize("fault", SIM_FAULTS)
def test_each_fault_takes_the_printer_down_and_fails_a_job_without_printing(qtbot, sim: SimPrinter,  # type: ignore[no-untyped-def]
                                                                           fault: str) -> None:
    with qtbot.waitSignal(sim.health_changed, timeout=WAIT_MS):
        sim.set_fault(fault)
    assert sim.health.state is HealthState.DOWN and fault_id(sim.health) == fault
    outcome = _print(qtbot, sim)
    assert not outcome.ok and outcome.reason == fault and outcome.job_id is None
    assert not list(sim.out_dir.glob("*.jpg"))
    with qtbot.waitSignal(sim.health_changed, timeout=WAIT_MS):
        sim.resume()
    assert sim.health.state is HealthState.OK and _print(qtbot, sim).ok


def test_a_fault_during_a_job_ends_it_with_that_fault(qtbot, sim: SimPrinter) -> None:  # type: ignore[no-untyped-def]
    sim.hold()
    with qtbot.waitSignal(sim.job_state_changed, timeout=WAIT_MS):
        sim.print_sheet(PrintJob("mid", b"x"))
    with qtbot.waitSignal(sim.job_finished, timeout=WAIT_MS) as blocker:
        sim.set_fault("marker-supply-empty")
    outcome = blocker.args[0]
    assert not outcome.ok and outcome.reason == "marker-supply-empty" and outcome.job_id == 1
    assert not (sim.out_dir / "job-0001.jpg").exists()
    assert json.loads((sim.out_dir / "job-0001.json").read_text())["reason"] == "marker-supply-empty"


def test_an_aborted_job_is_reported_and_the_next_prints(qtbot, sim: SimPrinter) -> None:  # type: ignore[no-untyped-def]
    sim.abort_next()
    outcome = _print(qtbot, sim)
    assert not outcome.ok and outcome.reason == JOB_ABORTED
    assert sim.health.state is HealthState.OK  # the printer itself is fine
    assert _print(qtbot, sim).ok


def test_a_low_warning_degrades_but_prints(qtbot, sim: SimPrinter) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(sim.health_changed, timeout=WAIT_MS):
        sim.set_fault("media-low")
    assert sim.health.state is HealthState.DEGRADED and _print(qtbot, sim).ok
    with pytest.raises(ValueError, match="unknown printer state reason"):
        sim.set_fault("on-fire")
