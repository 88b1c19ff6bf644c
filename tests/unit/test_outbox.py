"""Unit tests for kiosk.store.outbox: sealing, ordering, attempts, erasure that leaves no ciphertext behind."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store.outbox import IdInUse, Outbox, OutboxError, new_envelope_ids

K1, K2 = str(uuid.UUID(int=1)), str(uuid.UUID(int=2))
APP_JSON = b'{"application_id":"11112222333344445555666","birth_date":"1961-07-04"}'
PHOTO = b"\xff\xd8" + os.urandom(150_000) + b"\xff\xd9"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(tmp_path: Path, clock: Clock) -> Iterator[Outbox]:
    box = Outbox(tmp_path / "outbox.db", os.urandom(32), clock=clock)
    yield box
    box.close()


def files_bytes(box: Outbox) -> bytes:
    return b"".join(p.read_bytes() for p in box.path.parent.iterdir() if p.name.startswith(box.path.name))


def sealed_of(box: Outbox, envelope: str) -> bytes:
    return bytes(
        box._db.execute("SELECT sealed FROM contents WHERE envelope_id = ?", (envelope,)).fetchone()[0]
    )


def chunks_present(blob: bytes, data: bytes) -> int:
    return sum(blob[i : i + 32] in data for i in range(0, len(blob) - 32, 1500))


def test_put_and_read_back(outbox: Outbox, clock: Clock) -> None:
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1")
    payload = outbox.payload("e1")
    assert (payload.application_json, payload.photo_jpeg) == (APP_JSON, PHOTO)
    assert "11112222" not in repr(payload)
    [row] = outbox.due()
    assert (row.envelope_id, row.idempotency_key, row.receipt_code, row.attempts, row.next_at) == (
        "e1",
        K1,
        "RC1",
        0,
        clock.now,
    )


def test_no_plain_text_in_the_files(outbox: Outbox) -> None:
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1")
    data = files_bytes(outbox)
    assert b"11112222333344445555666" not in data and b"1961-07-04" not in data
    assert PHOTO[5000:5064] not in data


def test_duplicates_refused(outbox: Outbox) -> None:
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1")
    with pytest.raises(OutboxError):
        outbox.put("e1", K2, APP_JSON, PHOTO, "RC2")
    with pytest.raises(OutboxError):
        outbox.put("e2", K1, APP_JSON, PHOTO, "RC2")
    assert outbox.depth() == 1


def test_attempts_back_off_and_order(outbox: Outbox, clock: Clock) -> None:
    outbox.put("old", K1, APP_JSON, PHOTO, "RC1")
    clock.now += 10
    assert outbox.mark_attempt("old", "HTTP 503 for 12345678901", clock.now + 5) == 1
    assert outbox.due() == []
    assert outbox.pending()[0].last_error == "HTTP 503 for <digits>"
    outbox.put("new", K2, APP_JSON, PHOTO, "RC2")
    clock.now += 5
    assert [p.envelope_id for p in outbox.due()] == ["new", "old"]  # never-tried first
    assert outbox.next_due_at() == clock.now - 5 + 0  # "new" was due when put


def test_queue_figures(outbox: Outbox, clock: Clock) -> None:
    assert (outbox.depth(), outbox.oldest_age_s(), outbox.stuck(60)) == (0, 0.0, 0)
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1")
    clock.now += 100
    outbox.put("e2", K2, APP_JSON, PHOTO, "RC2")
    assert (outbox.depth(), outbox.oldest_age_s(), outbox.stuck(60)) == (2, 100.0, 1)


def test_other_key_cannot_open(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db", os.urandom(32))
    box.put("e1", K1, APP_JSON, PHOTO, "RC1")
    box.close()
    other = Outbox(tmp_path / "o.db", os.urandom(32))
    with pytest.raises(Exception, match="does not open") as info:
        other.payload("e1")
    assert "1111" not in str(info.value)
    other.close()


def test_confirm_leaves_no_ciphertext(tmp_path: Path) -> None:
    key = os.urandom(32)
    gui = Outbox(tmp_path / "o.db", key)
    worker = Outbox(tmp_path / "o.db", key)  # the sender's own connection
    gui.put("e1", K1, APP_JSON, PHOTO, "RC1")
    gui.put("e2", K2, APP_JSON, PHOTO, "RC2")
    blob = sealed_of(gui, "e1")
    assert chunks_present(blob, files_bytes(gui)) > 50  # the scan sees it while it is queued
    worker.mark_attempt("e1", "timeout", 0)
    worker.confirm("e1", "R261129-000001")
    assert not worker.checkpoint_pending
    assert chunks_present(blob, files_bytes(gui)) == 0
    assert chunks_present(sealed_of(gui, "e2"), files_bytes(gui)) > 50  # the other row is intact
    [record] = gui.erasures()
    assert (
        record.envelope_id,
        record.receipt_code,
        record.outcome,
        record.reception_number,
        record.attempts,
    ) == ("e1", "RC1", "delivered", "R261129-000001", 2)
    gui.close()
    worker.close()


def test_without_the_checkpoint_ciphertext_would_linger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = Outbox(tmp_path / "o.db", os.urandom(32))
    box.put("e1", K1, APP_JSON, PHOTO, "RC1")
    blob = sealed_of(box, "e1")
    monkeypatch.setattr(Outbox, "checkpoint", lambda self: True)
    box.confirm("e1", "R1")
    assert chunks_present(blob, files_bytes(box)) > 0  # so the real checkpoint is what erases it
    box.close()


def test_checkpoint_waits_for_a_reader(tmp_path: Path) -> None:
    key = os.urandom(32)
    box = Outbox(tmp_path / "o.db", key)
    box.put("e1", K1, APP_JSON, PHOTO, "RC1")
    blob = sealed_of(box, "e1")
    reader = sqlite3.connect(str(tmp_path / "o.db"), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM outbox").fetchone()
    box.confirm("e1", "R1")
    assert box.checkpoint_pending
    reader.execute("COMMIT")
    reader.close()
    assert box.checkpoint()
    assert chunks_present(blob, files_bytes(box)) == 0
    box.close()


def test_reject_erases_and_records(outbox: Outbox) -> None:
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1")
    blob = sealed_of(outbox, "e1")
    outbox.reject("e1", 422, "application_id_no_longer_valid")
    assert outbox.depth() == 0
    assert chunks_present(blob, files_bytes(outbox)) == 0
    [record] = outbox.erasures()
    assert (record.outcome, record.status, record.reason) == (
        "rejected",
        422,
        "application_id_no_longer_valid",
    )
    outbox.confirm("e1", "R1")  # erased already: a second worker's late answer is harmless
    with pytest.raises(OutboxError):
        outbox.confirm("never", "R1")
    with pytest.raises(OutboxError):
        outbox.payload("e1")


def test_idempotency_key_is_a_canonical_uuid(outbox: Outbox) -> None:
    envelope, key = new_envelope_ids()
    assert envelope != new_envelope_ids()[0] and uuid.UUID(key)
    with pytest.raises(OutboxError):
        outbox.put(envelope, "not-a-uuid", APP_JSON, PHOTO, "RC1")
    outbox.put(envelope, uuid.UUID(key).hex.upper(), APP_JSON, PHOTO, "RC1")
    assert outbox.pending()[0].idempotency_key == key


def test_an_envelope_id_erased_before_is_never_reused(outbox: Outbox) -> None:
    outbox.put("e1", K1, APP_JSON, PHOTO, "RC1", txn="s1")
    outbox.confirm("e1", "R-1")
    with pytest.raises(IdInUse):
        outbox.put("e1", K2, APP_JSON, PHOTO, "RC2", txn="s2")
    assert outbox.depth() == 0 and len(outbox.erasures()) == 1


def test_a_repeated_draw_is_drawn_again(outbox: Outbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions whose random envelope ids collide both reach the outbox, and both are erased cleanly."""
    draws = iter([("same", K1), ("same", K2), ("other", str(uuid.UUID(int=3)))])
    monkeypatch.setattr("kiosk.store.outbox.new_envelope_ids", lambda: next(draws))
    first = outbox.put_new("s1", APP_JSON, PHOTO, "RC1")
    second = outbox.put_new("s2", APP_JSON, PHOTO, "RC2")
    assert (first, second) == ("same", "other")
    outbox.confirm(first, "R-1")
    outbox.reject(second, 422, "invalid")
    assert outbox.depth() == 0 and {e.envelope_id for e in outbox.erasures()} == {"same", "other"}
    assert outbox.kept("s1") and not outbox.kept("s2")  # delivered counts as kept, a refusal does not


def test_kept_by_session(outbox: Outbox) -> None:
    assert not outbox.kept("s1")
    envelope = outbox.put_new("s1", APP_JSON, PHOTO, "RC1")
    assert outbox.kept("s1") and not outbox.kept("s2")
    outbox.confirm(envelope, "R-1")
    assert outbox.kept("s1")


def test_an_outbox_of_the_earlier_schema_gains_the_session_column(tmp_path: Path) -> None:
    """Before session ids were kept apart, the envelope id was the session id: such rows still count as kept."""
    path = tmp_path / "outbox.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE outbox (envelope_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, receipt_code TEXT "
        "NOT NULL, created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL, "
        "last_error TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE erasures (envelope_id TEXT PRIMARY KEY, receipt_code TEXT NOT NULL, erased_at REAL NOT NULL, "
        "outcome TEXT NOT NULL, reception_number TEXT NOT NULL DEFAULT '', status INTEGER NOT NULL DEFAULT 0, "
        "reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO erasures (envelope_id, receipt_code, erased_at, outcome) VALUES ('oldtxn', 'RC', 1, 'delivered');"
    )
    db.commit()
    db.close()
    box = Outbox(path, os.urandom(32))
    try:
        assert box.kept("oldtxn") and not box.kept("newtxn")
        box.put_new("newtxn", APP_JSON, PHOTO, "RC2")
        assert box.kept("newtxn")
    finally:
        box.close()
