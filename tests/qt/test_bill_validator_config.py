"""[devices.bill_validator]: the keys of the outside contract, their checks, and what the factory builds from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import config
from kiosk.devices import factory
from kiosk.devices.base import HealthState, PendingNote
from kiosk.devices.id003.validator import Id003BillValidator
from kiosk.devices.sim.id003_device import SimBillValidator


def _bills(**keys: object) -> config.Config:
    return config.from_dict({"devices": {"bill_validator": keys}})


def test_defaults_none_on_a_booth_and_the_simulator_in_simulator_mode() -> None:
    cfg = config.from_dict({})
    assert (cfg.devices.bill_validator.driver, cfg.devices.bill_validator.notes) == ("none", [1000])
    sim = cfg.simulated().devices.bill_validator
    assert (sim.driver, sim.port) == ("simulator", "")
    real = _bills(driver="id003", port="/dev/ttyUSB1").simulated().devices.bill_validator
    assert (real.driver, real.port) == ("simulator", "")
    assert config.load(None, simulate=True).devices.bill_validator.driver == "simulator"


def test_the_outside_contract_is_accepted() -> None:
    bv = _bills(driver="id003", port="/dev/ttyUSB1", notes=[1000]).devices.bill_validator
    assert (bv.driver, bv.port, bv.notes) == ("id003", "/dev/ttyUSB1", [1000])
    assert _bills(notes=[1000, 2000, 5000, 10000]).devices.bill_validator.notes == [1000, 2000, 5000, 10000]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"driver": "id003"}, "devices.bill_validator.port: required"),
        ({"driver": "jcm"}, "devices.bill_validator.driver: 'jcm' is not one of"),
        ({"notes": [500]}, "devices.bill_validator.notes: 500 is not one of"),
        ({"notes": []}, "devices.bill_validator.notes: at least one value"),
        ({"notes": [1000, 1000]}, "devices.bill_validator.notes: 1000 appears twice"),
        ({"notes": 1000}, "devices.bill_validator.notes: expected a list"),
        ({"notes": [True]}, "devices.bill_validator.notes: expected whole numbers"),
        ({"notes": ["1000"]}, "devices.bill_validator.notes: expected whole numbers"),
        ({"speed": 1}, "devices.bill_validator.speed: unknown key"),
    ],
)
def test_bad_values_name_the_key(keys: dict[str, object], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        _bills(**keys)


def test_described_for_the_docs() -> None:
    rows = {key: (kind, default) for key, kind, default, _doc in config.describe()}
    assert rows["devices.bill_validator.notes"] == ("list", [1000])
    assert rows["devices.bill_validator.driver"] == ("str", "none")


def test_none_builds_no_validator(tmp_path: Path) -> None:
    sims = factory.Simulators()
    assert factory.build_bill_validator(config.from_dict({}), tmp_path, sims) is None
    assert sims.bills is None


def test_id003_builds_the_driver_on_the_configured_port(tmp_path: Path) -> None:
    sims = factory.Simulators()
    bv = factory.build_bill_validator(_bills(driver="id003", port="/dev/ttyUSB7", notes=[1000, 5000]), tmp_path, sims)
    assert isinstance(bv, Id003BillValidator)
    assert bv.link.port == "/dev/ttyUSB7" and bv.notes == {1000, 5000} and sims.bills is None


def test_simulator_mode_runs_the_real_driver_on_the_simulators_pty(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = config.from_dict({}).simulated()
    pending = PendingNote("abc-0001", 1000, credited=True)
    devices = factory.build(cfg, tmp_path, resume_counter=None, scene_source=lambda _name: None,  # type: ignore[arg-type,return-value]
                            pending_note=pending)
    try:
        bv, sim = devices.bill_validator, devices.sims.bills
        assert isinstance(bv, Id003BillValidator) and isinstance(sim, SimBillValidator)
        assert bv.link.port == sim.port_path and sim.port_path.startswith(str(tmp_path / "dev"))
        assert bv in devices.all()  # started, stopped and watched with the other devices
        assert bv._pending == pending
        bv.start()
        qtbot.waitUntil(lambda: bv.health.state is HealthState.OK and bv.note_values() == {1000}, timeout=10000)
        bv.stop()
        assert (tmp_path / "sim-bills.json").exists()
    finally:
        for d in devices.all():
            d.stop()
        devices.sims.close()
    assert not Path(sim.port_path).exists()
