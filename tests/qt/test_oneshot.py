"""OneShot: one emission, or the timeout, or a cancel; never connected afterwards."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from kiosk.oneshot import OneShot


class Sender(QObject):
    happened = Signal(int, str)

    def receivers_count(self) -> int:
        return self.receivers("2happened(int,QString)")


def test_runs_once_on_the_first_emission_and_disconnects(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got, timeouts = Sender(), [], []
    before = sender.receivers_count()
    shot = OneShot(sender.happened, lambda n, s: got.append((n, s)), timeout_ms=60000,
                   on_timeout=lambda: timeouts.append(1))
    assert shot.active and shot.timer.isActive()
    assert sender.receivers_count() == before + 1
    sender.happened.emit(1, "a")
    sender.happened.emit(2, "b")
    assert got == [(1, "a")]
    assert not shot.active and not shot.timer.isActive()
    assert sender.receivers_count() == before
    shot.timer.timeout.emit()  # a late timer tick does nothing
    assert timeouts == []


def test_timeout_runs_once_and_disconnects(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got, timeouts = Sender(), [], []
    before = sender.receivers_count()
    shot = OneShot(sender.happened, lambda n, s: got.append(n), timeout_ms=10, on_timeout=lambda: timeouts.append(1))
    qtbot.waitUntil(lambda: timeouts == [1], timeout=5000)
    assert not shot.active and sender.receivers_count() == before
    sender.happened.emit(3, "c")
    assert got == [] and timeouts == [1]


def test_timeout_without_a_callback_still_disconnects(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got = Sender(), []
    shot = OneShot(sender.happened, lambda n, s: got.append(n), timeout_ms=0)
    qtbot.waitUntil(lambda: not shot.active, timeout=5000)
    sender.happened.emit(4, "d")
    assert got == []


def test_cancel_disconnects_without_running_anything(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got, timeouts = Sender(), [], []
    before = sender.receivers_count()
    shot = OneShot(sender.happened, lambda n, s: got.append(n), timeout_ms=60000,
                   on_timeout=lambda: timeouts.append(1))
    shot.cancel()
    shot.cancel()
    assert not shot.active and not shot.timer.isActive() and sender.receivers_count() == before
    sender.happened.emit(5, "e")
    assert got == [] and timeouts == []


def test_without_a_timeout_waits_for_the_emission(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got = Sender(), []
    shot = OneShot(sender.happened, lambda n, s: got.append(n))
    assert shot.active and not shot.timer.isActive()
    sender.happened.emit(6, "f")
    assert got == [6] and not shot.active


def test_a_handler_that_emits_again_is_not_reentered(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got = Sender(), []

    def handler(n: int, s: str) -> None:
        got.append(n)
        sender.happened.emit(n + 1, s)

    OneShot(sender.happened, handler)
    sender.happened.emit(7, "g")
    assert got == [7]


def test_a_deleted_parent_takes_the_connection_with_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, got, parent = Sender(), [], QObject()
    before = sender.receivers_count()
    OneShot(sender.happened, lambda n, s: got.append(n), parent=parent)
    assert sender.receivers_count() == before + 1
    shiboken6.delete(parent)
    assert sender.receivers_count() == before
    sender.happened.emit(8, "h")
    assert got == []


def test_two_waiters_each_get_one_emission(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender, first, second = Sender(), [], []
    OneShot(sender.happened, lambda n, s: first.append(n))
    OneShot(sender.happened, lambda n, s: second.append(n))
    sender.happened.emit(9, "i")
    sender.happened.emit(10, "j")
    assert first == [9] and second == [9]
