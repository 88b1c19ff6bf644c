"""kiosk.later: deferred start-up steps, one per turn of the event loop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from kiosk.later import Later


def test_steps_run_in_order_one_per_turn_of_the_event_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    later = Later()
    ran: list[str] = []
    between: list[int] = []
    later.add("a", lambda: ran.append("a"))
    later.add("b", lambda: ran.append("b"))
    later.add("c", lambda: ran.append("c"))
    assert ran == [] and later.pending() == ["a", "b", "c"]
    with qtbot.waitSignal(later.finished, timeout=2000):
        later.begin()
        QTimer.singleShot(0, lambda: between.append(len(ran)))  # queued behind the first step
    assert ran == ["a", "b", "c"] and later.pending() == []
    assert between and between[0] < 3  # an event of the loop ran between two steps
    assert [name for name, _ in later.ran] == ["a", "b", "c"]


def test_nothing_runs_before_begin_and_a_step_needed_early_runs_at_once_and_only_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    later = Later()
    ran: list[str] = []
    later.add("screens", lambda: ran.append("screens"))
    later.add("camera", lambda: ran.append("camera"))
    QCoreApplication.processEvents()
    assert ran == []
    assert later.run("camera") and ran == ["camera"]
    assert not later.run("camera")
    with qtbot.waitSignal(later.finished, timeout=2000):
        later.begin()
    assert ran == ["camera", "screens"]


def test_flush_runs_every_waiting_step_now_and_a_name_is_added_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    later = Later()
    ran: list[str] = []
    later.add("a", lambda: ran.append("a"))
    later.add("b", lambda: ran.append("b"))
    with qtbot.waitSignal(later.finished, timeout=1000):
        later.flush()
    assert ran == ["a", "b"]
    with pytest.raises(ValueError):
        later.add("a", lambda: None)


def test_a_held_queue_waits_for_its_release(qtbot) -> None:  # type: ignore[no-untyped-def]
    later = Later()
    ran: list[str] = []
    later.add("first", lambda: (ran.append("first"), later.hold()))
    later.add("second", lambda: ran.append("second"))
    later.begin()
    qtbot.waitUntil(lambda: ran == ["first"], timeout=1000)
    for _ in range(3):
        QCoreApplication.processEvents()
    assert ran == ["first"] and later.held and later.pending() == ["second"]
    with qtbot.waitSignal(later.finished, timeout=1000):
        later.release()
    assert ran == ["first", "second"]


def test_a_failing_step_does_not_stop_the_ones_after_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    later = Later()
    ran: list[str] = []

    def boom() -> None:
        raise RuntimeError("step failed")

    later.add("bad", boom)
    later.add("good", lambda: ran.append("good"))
    with pytest.raises(RuntimeError):
        later.run("bad")
    later.add("bad2", boom)
    later.add("after", lambda: ran.append("after"))
    with pytest.raises(RuntimeError), qtbot.waitSignal(later.finished, timeout=1000):
        later.flush()
    assert ran == ["good", "after"] and later.pending() == []
    later.add("last", lambda: ran.append("last"))  # a step queued after the start runs in its turn too
    qtbot.waitUntil(lambda: "last" in ran, timeout=1000)
