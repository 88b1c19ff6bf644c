"""benchmarks/soak.py leaves nothing in the temporary folder: not after a failed run, not after Ctrl-C (issue 12).

The soak's reference server stores every application (application.json, photo.jpg) in its work folder; the folder
must go whatever way the run ends. Each run here gets its own TMPDIR, which must be empty afterwards. (A run that
succeeds is checked by test_soak_short.py the same way.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _soak(tmpdir: Path, *args: str) -> subprocess.Popen[str]:
    tmpdir.mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.soak", "--seed", "7", "--scale", "0.03", "--quiet", *args],
        cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmpdir)),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait_for(condition, timeout_s: float, proc: subprocess.Popen[str]) -> None:  # type: ignore[no-untyped-def]
    """Poll the file system until condition() holds (the soak process reports nothing else while it runs)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert proc.poll() is None, "the soak ended before the condition held"
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)  # polling an outside process's files, not a wait before a negative check


@pytest.mark.timeout(120)
def test_a_failed_soak_removes_its_work_folder(tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmp"
    proc = _soak(tmpdir, "--sessions", "5", "--session-limit-s", "1")  # no session ends within 1 s: it fails
    out, _ = proc.communicate(timeout=100)
    assert proc.returncode == 1, out[-2000:]
    assert "did not end within 1 s" in out
    assert list(tmpdir.iterdir()) == []


@pytest.mark.timeout(120)
def test_ctrl_c_during_a_soak_removes_its_work_folder(tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmp"
    proc = _soak(tmpdir, "--sessions", "50")

    def an_application_was_stored() -> bool:
        return any(tmpdir.glob("kiosk-soak-*/reception/*/application.json"))

    _wait_for(an_application_was_stored, 90, proc)  # the folder holds what must not stay behind
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, out[-2000:]
    assert "interrupted by signal 2" in out
    assert list(tmpdir.iterdir()) == []


@pytest.mark.timeout(120)
def test_the_start_up_benchmark_leaves_nothing_behind(tmp_path: Path) -> None:
    """benchmarks/startup: one booth start in its own TMPDIR, which must be empty afterwards (the simulators'
    folder beside the stores was left in /tmp by every run)."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.startup", "--runs", "1"], cwd=ROOT,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmpdir)),
                          capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "attract painted and taking taps" in proc.stdout
    assert sorted(p.name for p in tmpdir.iterdir()) == []
