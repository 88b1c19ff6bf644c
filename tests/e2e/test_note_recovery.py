"""SIGKILL with a note pending, then a restart: the note is credited once or was never taken, and the ledger balances
(tests/e2e/note_crash.py is the booth that is killed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _spawn(workdir: Path, mode: str, moment: str = "") -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "tests.e2e.note_crash", str(workdir), mode, moment], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_at(workdir: Path, moment: str) -> None:
    proc = _spawn(workdir, "run", moment)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:  # blocks until the child says the moment has come (or exits)
            if line.strip() == moment:
                break
            if line.startswith("gave up"):
                raise AssertionError(line.strip())
        else:
            raise AssertionError(f"the moment never came: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def _recover(workdir: Path) -> dict[str, object]:
    proc = _spawn(workdir, "recover")
    out, err = proc.communicate(timeout=90)
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    assert proc.returncode == 0 and lines, err[-2000:]
    return dict(json.loads(lines[-1]))


def test_killed_with_the_note_in_escrow_it_was_never_taken(tmp_path: Path) -> None:
    _kill_at(tmp_path, "escrow")
    t = _recover(tmp_path)
    assert t["ok"] and t["inserted"] == 0 and t["stacker"] == 0 and t["credited_rows"] == 0, t
    assert t["returned_yen"] == 1000 and t["hopper_paid_yen"] == 0, t  # the note itself, not coins


@pytest.mark.timeout(360)  # two booth processes killed and restarted: over 120 s once at load 8
@pytest.mark.parametrize("moment", ["stacking", "vend"])
def test_killed_while_stacking_or_before_the_ack_the_note_is_credited_once(tmp_path: Path, moment: str) -> None:
    _kill_at(tmp_path, moment)
    t = _recover(tmp_path)
    assert t["ok"] and t["credited_rows"] == 1 and t["notes"] == 1000 and t["stacker"] == 1, t
    # the interrupted session never reached its application: its whole credit is paid back (like coins)
    assert t["refunded"] + t["change"] + t["unpaid"] == 1000 and t["in_doubt"] == 0, t
    t2 = _recover(tmp_path)  # and a second restart changes nothing
    assert t2["credited_rows"] == 1 and t2["inserted"] == t["inserted"] and t2["ok"], t2


def test_killed_as_stack_is_decided_the_note_is_credited_once_or_given_back(tmp_path: Path) -> None:
    _kill_at(tmp_path, "stack_sent")
    t = _recover(tmp_path)
    assert t["ok"] and t["in_doubt"] == 0, t
    if t["stacker"] == 1:  # STACK reached the validator before the kill
        assert t["credited_rows"] == 1 and t["refunded"] + t["change"] + t["unpaid"] == 1000, t
    else:  # still in escrow at the restart: given back (better than coins for a session that is over)
        assert t["credited_rows"] == 0 and t["returned_yen"] == 1000 and t["hopper_paid_yen"] == 0, t
