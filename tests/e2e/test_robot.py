"""One citizen robot plays every whole session: the selftest's, the soak's and the e2e tests' citizens are it."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from tests.helpers.driver import WAIT_MS, Driver, E2eCitizen


def test_the_three_players_of_whole_sessions_are_one_robot() -> None:
    from benchmarks.soak import SoakCitizen
    from benchmarks.timing import TimingCitizen
    from kiosk.robot import Robot
    from kiosk.selftest import Citizen

    for player in (Citizen, SoakCitizen, TimingCitizen, E2eCitizen):
        assert issubclass(player, Robot), player
        # none of them knows again how to tap a control or which one a screen wants
        assert "tap" not in vars(player) and "_on_details" not in vars(player) and "_on_notice" not in vars(player)


def test_the_robot_taps_its_way_to_a_state_and_stops_there(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = booth_factory()
    driver = Driver(booth, qtbot)
    shown: list[str] = []
    booth.window.screen_shown.connect(shown.append)
    driver.to("review")  # by taps on the real screens: the details keypad, the certificates, the shutter
    assert shown[shown.index("menu"):] == ["menu", "notice", "payment", "scan", "details", "guide", "camera", "review"]
    assert booth.flow.session.credit_yen == booth.flow.view.fee_yen  # the exact fee, coin by coin
    # stopped on arrival: it does not accept the photo
    qtbot.waitUntil(lambda: booth.flow.session.photo.jpeg is not None, timeout=WAIT_MS)
    assert booth.flow.current == "review"
    driver.request("review", "accept", then="confirm")
    assert shown[-1] == "confirm"


def test_a_stopped_robot_reacts_to_nothing(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = booth_factory()
    driver = Driver(booth, qtbot)
    driver.wait_state("attract")
    qtbot.waitUntil(lambda: booth.flow.devices_ok() and not booth.flow.waiting_for_devices(), timeout=WAIT_MS)
    driver.request("attract", "start", then="menu")
    robot = E2eCitizen(booth, "done")
    robot.stop()
    robot.react("menu")  # a live robot would tap menu_my_number in the next zero-time turn (no pause)
    turned = []
    QTimer.singleShot(0, lambda: turned.append(True))  # queued after any reaction the robot scheduled
    qtbot.waitUntil(lambda: bool(turned), timeout=WAIT_MS)
    assert booth.flow.current == "menu"
    live = E2eCitizen(booth, "notice")  # the same, not stopped: it does tap (the check above can fail)
    live.react("menu")
    driver.wait_state("notice")
    assert live.finished
