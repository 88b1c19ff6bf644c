"""The stores as a whole: made once, never silently renewed; every damage named, nothing deleted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.store import health
from kiosk.store.check import check_folder
from kiosk.store.stores import KEY, LEDGER, MANIFEST, OUTBOX, open_stores
from tests.helpers.mounts import small_disk

APP = b'{"application_id": "11112222333344445555666"}'
PHOTO = b"\xff\xd8" + os.urandom(4000) + b"\xff\xd9"


def first_start(folder: Path, *, queued: int = 0) -> None:
    stores = open_stores(folder)
    assert stores.ok and stores.created
    txn = stores.ledger.open_session()
    stores.ledger.credited(txn, 500, 1)
    for _ in range(queued):
        stores.outbox.put_new(txn, APP, PHOTO, "RC123456")
    stores.close()


def problems(folder: Path) -> dict[str, str]:
    stores = open_stores(folder)
    try:
        return {p.file: p.what for p in stores.problems}
    finally:
        stores.close()


def test_first_start_makes_the_stores_and_the_next_one_finds_them(tmp_path: Path) -> None:
    first_start(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert set(manifest) >= {"ledger", "outbox", "key", "created"}
    again = open_stores(tmp_path)
    try:
        assert again.ok and not again.created
        assert again.ledger.balance_check().inserted_yen == 500  # the same ledger, not a new one
    finally:
        again.close()


@pytest.mark.parametrize("file", [LEDGER, OUTBOX])
def test_a_deleted_store_is_named_and_not_made_again(tmp_path: Path, file: str) -> None:
    first_start(tmp_path)
    (tmp_path / file).unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"{file}{suffix}").unlink(missing_ok=True)
    assert "missing" in problems(tmp_path)[file]
    assert not (tmp_path / file).exists()  # no empty store was made in its place


@pytest.mark.parametrize("file", [LEDGER, OUTBOX])
def test_a_zeroed_store_is_named_and_kept(tmp_path: Path, file: str) -> None:
    first_start(tmp_path)
    path = tmp_path / file
    size = path.stat().st_size
    path.write_bytes(b"\0" * size)
    assert "empty or zeroed" in problems(tmp_path)[file]
    assert path.read_bytes() == b"\0" * size


def test_a_corrupt_page_is_named_without_a_traceback(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    stores = open_stores(tmp_path)
    stores.ledger._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stores.outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stores.close()
    path = tmp_path / OUTBOX
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = os.urandom(len(data) - page)  # the schema page survives, every table page is garbage
    path.write_bytes(bytes(data))
    found = problems(tmp_path)
    assert OUTBOX in found, found
    assert path.read_bytes() == bytes(data)  # kept as it was for a technician


@pytest.mark.parametrize("file", [LEDGER, OUTBOX])
def test_one_corrupt_table_page_is_named_and_the_booth_never_reads_it(tmp_path: Path, file: str) -> None:
    """Issue 12 (fault campaign): one page of a table overwritten. quick_check reports it as a row, not an
    exception; the booth ignored that row and started (an outbox) or died later on its first query (a ledger)."""
    import contextlib
    import random
    import sqlite3

    first_start(tmp_path, queued=1)
    stores = open_stores(tmp_path)
    stores.ledger._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stores.outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stores.close()
    path = tmp_path / file
    with contextlib.closing(sqlite3.connect(path)) as con:
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
        table = "money_events" if file == LEDGER else "outbox"
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size: root * page_size] = random.Random(7).randbytes(page_size)
    path.write_bytes(bytes(data))
    found = problems(tmp_path)
    assert file in found and "corrupt" in found[file], found
    assert path.read_bytes() == bytes(data)  # kept as it was for a technician
    assert not all(f.ok for f in check_folder(tmp_path, 0, 0))  # `kiosk storage check` says so too


def test_a_store_replaced_by_another_booths_is_named(tmp_path: Path) -> None:
    first_start(tmp_path / "a")
    first_start(tmp_path / "b")
    (tmp_path / "a" / LEDGER).write_bytes((tmp_path / "b" / LEDGER).read_bytes())
    assert "is not this booth's" in problems(tmp_path / "a")[LEDGER]


def test_a_lost_key_is_never_replaced(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / KEY).unlink()
    assert "missing" in problems(tmp_path)[KEY]
    assert not (tmp_path / KEY).exists()


def test_a_short_key_is_named(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / KEY).write_bytes(b"short")
    assert "holds 5 bytes" in problems(tmp_path)[KEY]


def test_another_key_is_named_and_the_sealed_rows_kept(tmp_path: Path) -> None:
    first_start(tmp_path, queued=2)
    (tmp_path / KEY).write_bytes(os.urandom(32))
    assert "is not the key" in problems(tmp_path)[KEY]
    stores = open_stores(tmp_path)
    try:
        assert stores.outbox.depth() == 2 and not stores.outbox_usable
    finally:
        stores.close()


def test_stores_from_before_the_manifest_are_adopted(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / MANIFEST).unlink()
    stores = open_stores(tmp_path)
    try:
        assert stores.ok and not stores.created and stores.outbox.depth() == 1
    finally:
        stores.close()
    assert (tmp_path / MANIFEST).exists()


def test_an_old_empty_outbox_without_a_key_gets_its_key_in_the_folder(tmp_path: Path) -> None:
    """A booth from before the manifest whose outbox holds nothing and whose key is gone: nothing sealed can be
    lost, so a key is made, where the next start will look for it, and the manifest records it."""
    first_start(tmp_path)
    (tmp_path / MANIFEST).unlink()
    (tmp_path / KEY).unlink()
    stores = open_stores(tmp_path)
    try:
        assert stores.ok, stores.problems
        key = stores.key
    finally:
        stores.close()
    assert (tmp_path / KEY).read_bytes() == key and "key" in json.loads((tmp_path / MANIFEST).read_text())
    again = open_stores(tmp_path)
    try:
        assert again.ok and again.key == key
    finally:
        again.close()


def test_an_old_outbox_with_applications_and_no_key_gets_no_new_key(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / MANIFEST).unlink()
    (tmp_path / KEY).unlink()
    assert "missing" in problems(tmp_path)[KEY]
    assert not (tmp_path / KEY).exists()


def test_check_says_all_well_and_names_each_damage(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    assert health.ensure_reserve(tmp_path, 1_000_000)
    findings = check_folder(tmp_path, 1_000_000, 1_000_000)
    assert all(f.ok for f in findings), [str(f) for f in findings]
    assert any("opens all 1 queued" in f.text for f in findings)
    (tmp_path / KEY).write_bytes(os.urandom(32))
    bad = [f for f in check_folder(tmp_path, 1_000_000, 1_000_000) if not f.ok]
    assert [f.subject for f in bad] == [KEY]
    assert check_folder(tmp_path, 10**15, 1)[-2].ok is False  # more headroom asked than any disk has


def test_storage_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    store = tmp_path / "store"
    first_start(store, queued=1)
    config = tmp_path / "kiosk.toml"
    config.write_text(f"[booth]\nsimulate = true\n[storage]\ndir = '{store}'\nheadroom_mb = 1\nreserve_mb = 1\n",
                      encoding="utf-8")
    assert main(["storage", "check", "--config", str(config)]) == 0
    assert "all well" in capsys.readouterr().out
    (store / LEDGER).write_bytes(b"")
    assert main(["storage", "check", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "FAIL ledger.db: empty or zeroed" in out and "NOT sound" in out


def test_health_check_on_a_full_and_a_read_only_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        assert health.check(disk.path, 100_000).ok
        disk.fill()
        full = health.check(disk.path, 100_000)
        assert not full.ok and full.problem.startswith("storage full") and "KB free" in full.problem
        disk.free()
        disk.read_only()
        ro = health.check(disk.path, 100_000)
        assert not ro.ok and ro.problem.startswith("storage read-only")


def test_stores_on_a_read_only_folder_are_problems_not_a_crash(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        first_start(disk.path, queued=1)
        disk.read_only()
        found = problems(disk.path)
        assert found and all("read-only" in what or "cannot" in what for what in found.values()), found


def test_the_reserve_makes_room_for_a_refund_when_the_disk_fills(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        stores = open_stores(disk.path)
        failures: list[str] = []
        stores.ledger.write_failed.append(failures.append)
        try:
            assert health.ensure_reserve(disk.path, 1_000_000)
            txn = stores.ledger.open_session()
            stores.ledger.credited(txn, 500, 1)
            disk.fill(leave_bytes=0)
            payout = stores.ledger.payout_started(txn, 5, 100, "refund", 0)  # lands in the reserve's room
            stores.ledger.payout_finished(txn, payout, "refund", 5, 100, 5)
            assert failures == ["storage full (the reserve was used)"]
            assert not (disk.path / health.RESERVE).exists()
            assert stores.ledger.balance(txn) == 0
        finally:
            stores.close()


def test_another_key_names_how_many_queued_rows_it_cannot_open(tmp_path: Path) -> None:
    first_start(tmp_path, queued=3)  # the check samples the oldest and the newest row
    (tmp_path / MANIFEST).unlink()  # stores from before the manifest: only the rows can tell the key is wrong
    (tmp_path / KEY).write_bytes(os.urandom(32))
    assert problems(tmp_path)[KEY] == "does not open 2 queued application(s); they are kept"


def test_an_unreadable_key_is_named_with_the_systems_reason(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / KEY).unlink()
    (tmp_path / KEY).mkdir()  # even root cannot read a folder as a file
    assert problems(tmp_path)[KEY] == "cannot be read (Is a directory)"


def test_an_unreadable_manifest_opens_nothing_and_keeps_the_folder_named(tmp_path: Path) -> None:
    first_start(tmp_path, queued=1)
    (tmp_path / MANIFEST).write_bytes(b"\xff not json")
    stores = open_stores(tmp_path)
    try:
        assert [p.file for p in stores.problems] == [MANIFEST] and "not opened" in stores.problems[0].what
        assert stores.folder == tmp_path and stores.outbox.depth() == 0  # an in-memory stand-in, not the file
    finally:
        stores.close()


def test_a_full_disk_is_told_apart_from_damage() -> None:
    import sqlite3

    from kiosk.store.stores import _describe

    here = Path("/")
    assert _describe(sqlite3.OperationalError("database or disk is full"), here / "x.db") == \
        "cannot be written (storage full)"
    assert _describe(sqlite3.DatabaseError("database disk image is malformed"), here / "x.db") == \
        "corrupt (kept as it is for a technician)"
    assert _describe(sqlite3.DatabaseError("something else"), here / "x.db") == "cannot be used (DatabaseError)"


def test_the_space_finding_says_what_is_free_and_needed(tmp_path: Path) -> None:
    import re

    space = next(f for f in check_folder(tmp_path, 1_000_000, 1_000_000) if f.subject == "space")
    assert space.ok and re.fullmatch(r"\d+\.\d MB free, 1 MB needed", space.text), space.text
    space = next(f for f in check_folder(tmp_path, 10**15, 1) if f.subject == "space")
    assert not space.ok and re.fullmatch(r"\d+\.\d MB free: storage nearly full \(.*MB needed\)", space.text), space.text


def test_the_write_that_used_the_reserve_has_landed_when_the_listeners_hear_of_it(tmp_path: Path) -> None:
    """Issue 12 (fault campaign): a coin's write failed on a full disk; the listeners were told before the retry,
    so the booth went out of service, recorded the session's credit as unpaid and closed it, and only then did
    the coin's write land: 100 yen credited to a closed session, owed to nobody, the ledger out of balance."""
    with small_disk(tmp_path / "disk", "4m") as disk:
        stores = open_stores(disk.path)
        seen: list[int] = []
        ledger = stores.ledger
        try:
            assert health.ensure_reserve(disk.path, 1_000_000)
            txn = ledger.open_session()
            ledger.credited(txn, 500, 1)
            ledger.write_failed.append(lambda _problem: seen.append(ledger.credit(txn)))  # the booth reacts here
            disk.fill(leave_bytes=0)
            ledger.credited(txn, 100, 2)  # lands in the reserve's room
            assert seen == [600]  # the coin was in the ledger when the booth heard the disk was full
            assert ledger.credit(txn) == 600
        finally:
            stores.close()


@pytest.mark.parametrize(("message", "said"), [
    ("attempt to write a readonly database", "cannot be written (read-only folder or file)"),
    ("file is read-only", "cannot be written (read-only folder or file)"),
    ("unable to open database file", "cannot be written (folder not writable)"),
    ("database disk image is malformed", "corrupt (kept as it is for a technician)"),
    ("file is not a database", "corrupt (kept as it is for a technician)"),
    ("database or disk is full", "cannot be written (storage full)"),
    ("no such table: money_events", "cannot be used (DatabaseError)"),
])
def test_each_sqlite_failure_is_named_for_the_technician(tmp_path: Path, message: str, said: str) -> None:
    """SQLite's own words become what `kiosk storage check` and the out-of-service screen say (a writable folder
    here: the folder's own state is looked at first)."""
    import sqlite3

    from kiosk.store.stores import _describe

    assert _describe(sqlite3.DatabaseError(message), tmp_path / "ledger.db") == said


def test_the_key_fingerprint_stays_what_booths_in_the_field_wrote() -> None:
    """The manifest of a booth keeps its key's fingerprint; a later version must compute the same one, or every
    booth would start out of service after an update with "another key"."""
    from kiosk.store.stores import key_fingerprint

    assert key_fingerprint(bytes(range(32))) == "4bbbad49c9cdeb3b"  # as computed by the booths of 2026-12
