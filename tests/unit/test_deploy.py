"""The deploy files: the example config is valid and complete, the units keep their watchdog and hardening."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk import config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in table.items():
        if isinstance(value, dict) and key not in ("thresholds", "fees"):  # settings that are tables
            out |= _keys(value, f"{prefix}{key}.")
        else:
            out.add(prefix + key)
    return out


def test_example_config_is_valid_and_names_every_key() -> None:
    data = tomllib.loads((DEPLOY / "kiosk.toml.example").read_text(encoding="utf-8"))
    cfg = config.from_dict(data)
    assert cfg.storage.dir == "/var/lib/kiosk"
    assert cfg.devices.coin_acceptor.port == "/dev/kiosk-cctalk"
    assert cfg.devices.barcode_reader.port == "/dev/kiosk-scanner"
    assert _keys(data) == {key for key, *_ in config.describe()}


def _directives(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z]+)=(.*)$", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2))
    return out


@pytest.mark.parametrize("unit", ["kiosk.service", "kiosk-x11.service"])
def test_units_keep_watchdog_restart_and_hardening(unit: str) -> None:
    d = _directives(unit)
    assert d["Type"] == ["notify"]
    assert d["WatchdogSec"] == ["30"]
    assert d["Restart"] == ["always"]
    assert d["User"] == ["kiosk"]
    assert d["ProtectSystem"] == ["strict"]
    assert d["StateDirectory"] == ["kiosk"]
    assert d["PrivateTmp"] == ["yes"]
    assert d["NoNewPrivileges"] == ["yes"]
    assert (
        "kiosk run --config /etc/kiosk/kiosk.toml"
        in (DEPLOY / unit).read_text() + (DEPLOY / "kiosk-xsession").read_text()
    )


def test_udev_rules_name_both_devices() -> None:
    rules = (DEPLOY / "99-kiosk-serial.rules").read_text(encoding="utf-8")
    active = [line for line in rules.splitlines() if line and not line.startswith("#")]
    assert any('SYMLINK+="kiosk-cctalk"' in line and 'GROUP="dialout"' in line for line in active)
    assert any('SYMLINK+="kiosk-scanner"' in line and 'GROUP="dialout"' in line for line in active)


@pytest.mark.parametrize("unit", ["kiosk.service", "kiosk-x11.service"])
def test_units_keep_core_dumps_off_and_stop_the_kiosk_before_its_display(unit: str) -> None:
    d = _directives(unit)
    assert d["LimitCORE"] == ["0"]
    assert len(d["ExecStop"]) == 1
    stop = d["ExecStop"][0]
    assert stop.startswith("/bin/sh -c '") and stop.endswith("'")
    assert 'pkill -TERM -P "$$MAINPID" -x kiosk' in stop  # the kiosk only, a child of the unit's main process
    assert 'while pgrep -P "$$MAINPID" -x kiosk' in stop  # it waits: systemd kills what is left when it returns
    assert int(d["TimeoutStopSec"][0]) >= 10
    assert d.get("KillMode", ["control-group"]) == ["control-group"]
