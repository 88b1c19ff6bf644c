"""One booth process per storage folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store.lock import StorageInUse, StorageLock


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    first = StorageLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(StorageInUse, match=r"in use by another booth process \(pid \d+\)"):
            StorageLock(tmp_path).acquire(wait_s=0.2)
    finally:
        first.release()
    again = StorageLock(tmp_path)
    again.acquire(wait_s=0.2)  # released: free again
    again.release()


def test_the_lock_of_a_killed_process_is_gone(tmp_path: Path) -> None:
    code = f"from kiosk.store.lock import StorageLock; StorageLock(__import__('pathlib').Path({str(tmp_path)!r})).acquire(); import os; os._exit(0)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
    lock = StorageLock(tmp_path)
    lock.acquire(wait_s=0.2)
    assert lock.held
    lock.release()


def test_two_booths_on_one_folder(tmp_path: Path) -> None:
    """A second `kiosk selftest` on the storage folder of a running booth stops at once with a clear message."""
    holder = StorageLock(tmp_path / "store")
    (tmp_path / "store").mkdir()
    holder.acquire()
    try:
        config = tmp_path / "kiosk.toml"
        config.write_text(f"[booth]\nsimulate = true\n[storage]\ndir = '{tmp_path / 'store'}'\n", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "kiosk", "selftest", "--config", str(config)],
            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
    finally:
        holder.release()
    assert proc.returncode == 2
    assert "cannot start" in proc.stderr and "in use by another booth process" in proc.stderr
