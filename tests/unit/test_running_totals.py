"""Running cash totals: the same figures as the ledger's full sums, from the new rows only."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.store.ledger import Ledger
from kiosk.store.running_totals import RunningTotals

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("coin"), st.sampled_from([10, 50, 100, 500])),
        st.tuples(st.just("unpaid"), st.integers(10, 900)),
        st.tuples(st.just("owed"), st.just(800)),
        st.tuples(st.just("settle"), st.integers(0, 5)),
        st.tuples(st.just("collect"), st.just(0)),
        st.tuples(st.just("note"), st.sampled_from([1000, 5000])),
        st.tuples(st.just("doubt"), st.just(1000)),
        st.tuples(st.just("collect_notes"), st.just(0)),
        st.tuples(st.just("look"), st.just(0)),
    ),
    max_size=40,
)


def _same(running: RunningTotals, led: Ledger) -> None:
    mine, full = running.update(led), led.totals()
    assert mine.cash_box_yen == full.cash_box_yen
    assert sorted(mine.unpaid) == sorted(full.unpaid) and sorted(mine.owed) == sorted(full.owed)
    assert mine.settled_yen == full.settled_yen
    assert (mine.stacker_notes, mine.stacker_yen) == (full.stacker_notes, full.stacker_yen)
    assert sorted(mine.notes_in_doubt) == sorted(full.notes_in_doubt)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_running_totals_agree_with_the_full_sums(steps: list[tuple[str, int]]) -> None:
    led = Ledger(None)
    running = RunningTotals(led)
    for n, (what, value) in enumerate(steps):
        txn = f"t{n}"
        if what == "coin":
            led.opened(txn)
            led.credited(txn, value, n)
        elif what == "unpaid":
            led.opened(txn)
            led.unpaid(txn, value, f"R{n:07d}")
        elif what == "owed":
            led.opened(txn)
            led.credited(txn, 500, n)
            led.credited(txn, 500, n)
            led.charged(txn, 800)
            led.owed(txn, 800, f"O{n:07d}")
        elif what == "settle":
            open_rows = led.outstanding()
            if open_rows:
                led.settled(open_rows[value % len(open_rows)].row_id)
        elif what == "collect":
            led.collection(sum(led.totals().cash_box_yen.values()))
        elif what == "note":  # a note is never a coin of the cash box: it is in the stacker
            led.opened(txn)
            led.note_escrowed(txn, value, f"n{n}")
            led.note_stacking(txn, value, f"n{n}")
            assert led.note_credited(txn, value, f"n{n}") and not led.note_credited(txn, value, f"n{n}")
        elif what == "doubt":
            led.opened(txn)
            led.note_in_doubt(txn, value, f"n{n}", f"D{n:07d}", "jam")
        elif what == "collect_notes":
            led.stacker_collection(*led.stacker())
        else:
            _same(running, led)
    _same(running, led)


def test_a_look_reads_only_the_rows_written_since_the_last(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    for n in range(300):
        led.opened(f"t{n}")
        led.credited(f"t{n}", 100, n)
    running = RunningTotals(led)
    assert running.update().cash_box_yen == {100: 30000}
    statements: list[str] = []
    led._db.set_trace_callback(statements.append)
    led.opened("t-last")
    led.credited("t-last", 500, 301)
    statements.clear()
    rows_read: list[int] = []
    rows_after = led.rows_after
    led.rows_after = lambda row_id: rows_read.extend(r.row_id for r in rows_after(row_id)) or rows_after(row_id)  # type: ignore[method-assign]
    assert running.update().cash_box_yen == {100: 30000, 500: 500}
    assert len(rows_read) == 2  # the two new rows, not the 600 before them
    assert all("id > " in sql for sql in statements)


def test_a_reopened_ledger_starts_afresh(tmp_path: Path) -> None:
    first = Ledger(None)
    first.opened("a")
    first.credited("a", 500, 1)
    running = RunningTotals(first)
    assert running.update().cash_box_yen == {500: 500}
    second = Ledger(tmp_path / "ledger.db")
    second.opened("b")
    second.credited("b", 100, 1)
    assert running.update(second).cash_box_yen == {100: 100}
