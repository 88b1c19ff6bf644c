"""Pictures drawn by the booth: the services and price, where the coin slot is (a booth setting) with motion, the
change large until it is out, the notice under the reader and 「読み取りました」 before moving on, the guide's
good and bad examples, and the sending screen's progress."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui.widgets.check_picture import CheckPicture
from kiosk.ui.widgets.pictures import CoinSlotPicture, NoticePicture
from scripts.gallery import Stage, build_translations


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("pictures"), size=(1280, 1024))
    yield s
    s.set_language("ja")
    s.flow.timers.stop_all()
    s.close()


@pytest.mark.parametrize(("position", "side"), [("right", "right"), ("left", "left"), ("below", "below"),
                                                ("below_right", "below"), ("below_left", "below")])
def test_the_coin_slot_is_drawn_where_the_booth_has_it(qtbot, position: str, side: str) -> None:  # type: ignore[no-untyped-def]
    picture = CoinSlotPicture()
    qtbot.addWidget(picture)
    picture.resize(600, 300)
    picture.set_position(position)
    slot, screen = picture.slot_rect(), picture.screen_rect()
    assert picture.rect().toRectF().contains(slot)
    if side == "right":
        assert slot.left() > screen.right()
    elif side == "left":
        assert slot.right() < screen.left()
    else:
        assert slot.top() > screen.bottom()


def test_the_coin_moves_into_the_slot_while_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    picture = CoinSlotPicture()
    qtbot.addWidget(picture)
    picture.resize(600, 300)
    picture.show()
    assert picture.moving
    first = picture.coin_centre()
    picture._tick()
    picture._tick()
    slot = picture.slot_rect().center()
    later = picture.coin_centre()
    distance = lambda a: (a - slot).manhattanLength()  # noqa: E731
    assert distance(later) < distance(first)  # towards the slot
    picture.hide()
    assert not picture.moving  # no timer behind a hidden screen


def test_the_payment_screen_points_at_the_configured_slot_and_shows_the_change_large(stage: Stage) -> None:
    stage.set_language("en")
    stage.flow.view.coin_slot = "left"
    try:
        screen = stage.show("payment")
        assert screen.slot_picture.position == "left" and screen.slot_picture.isVisible()  # type: ignore[attr-defined]
        stage.flow.session.credit_yen = 1000
        screen._refresh()  # type: ignore[attr-defined]
        assert screen.change_big.text() == "Change 200 yen"  # type: ignore[attr-defined]
        assert screen.change_big.font().pixelSize() >= 60  # type: ignore[attr-defined]
    finally:
        stage.flow.view.coin_slot = "right"


def test_the_scan_screen_says_read_before_the_details_screen(stage: Stage, qtbot) -> None:  # type: ignore[no-untyped-def]
    stage.set_language("en")
    stage.show("scan")
    window = stage.window
    stage.flow.current = "details"
    window._on_state_entered("details")  # the code was read: the flow is in details already
    assert window.current_screen() is window.screens["scan"]
    assert window.screens["scan"].read_label.text() == "✓ Read"  # type: ignore[attr-defined]
    assert window.screens["scan"].picture.read  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.screen_shown, timeout=3000) as shown:
        pass
    assert shown.args == ["details"] and window.current_screen() is window.screens["details"]


@pytest.mark.parametrize("size", [(600, 400), (900, 300), (400, 700)])
def test_the_scan_picture_draws_the_reader_below_the_notice_as_the_words_say(qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """「QRコードを下の読み取り口にかざしてください」: the booth has no reader-position setting (the reader sits under
    the screen), so the picture draws it below the notice, whose QR code faces it, at every phase of the motion."""
    picture = NoticePicture()
    qtbot.addWidget(picture)
    picture.resize(*size)
    for _ in range(60):
        reader, paper, qr = picture.reader_rect(), picture.paper_rect(), picture.qr_rect()
        assert paper.bottom() < reader.top() and picture.rect().toRectF().contains(reader)
        assert paper.contains(qr) and qr.center().y() > paper.center().y()  # the code on the side near the reader
        picture._tick()
    picture.set_read(True)
    assert picture.paper_rect().bottom() < picture.reader_rect().top()


def test_the_guide_shows_a_good_example_and_the_faults(stage: Stage) -> None:
    stage.set_language("en")
    screen = stage.show("guide")
    pictures = [p for p in screen.findChildren(CheckPicture) if p.isVisibleTo(stage.window)]
    assert [p.check_id for p in pictures] == ["good", "no_hat", "no_sunglasses", "frontal", "background_no_shadow"]
    assert all(p.width() >= 60 for p in pictures)
    assert screen.example_captions["no_hat"].text() == "× Hat"  # type: ignore[attr-defined]


def test_the_sending_screen_shows_the_read_models_progress_as_steps(stage: Stage) -> None:
    """The bar, the steps and the picture follow FlowView.sending (the flow publishes the submitter's stages
    there; tests/e2e/test_flow.py drives it with the real reference server), not the time waited."""
    from kiosk.flow.view import SendProgress

    stage.set_language("en")
    screen = stage.show("sending")
    view = stage.flow.view
    bar, picture = screen.progress, screen.picture  # type: ignore[attr-defined]
    try:
        assert bar.isVisible() and bar.value() == 10 and picture.isVisible()  # sealed: stored, connecting next
        assert screen.current_stage() == "connecting"  # type: ignore[attr-defined]
        assert screen.stages[0].text() == "✓ Stored safely"  # type: ignore[attr-defined]
        looks = []
        for progress in (SendProgress("connecting", 0, 40000), SendProgress("uploading", 10000, 40000),
                         SendProgress("uploading", 40000, 40000), SendProgress("waiting", 40000, 40000),
                         SendProgress("received", 40000, 40000)):
            view.sending = progress
            view.changed.emit()
            looks.append((bar.value(), screen.current_stage(), screen.stages[2].text()))  # type: ignore[attr-defined]
            assert abs(picture.fraction - bar.value() / 100) < 0.011
        assert looks == [(20, "connecting", "Sending"), (40, "uploading", "Sending 25%"),
                         (85, "uploading", "Sending 100%"), (85, "waiting", "✓ Sending"), (100, "", "✓ Sending")]
        assert picture.arrived
        view.sending = SendProgress("retrying", 0, 40000, attempts_failed=1)
        view.changed.emit()
        assert (bar.value(), screen.current_stage()) == (20, "connecting")  # type: ignore[attr-defined]
        assert "Trying again (attempt 2)" in screen.note.text()  # type: ignore[attr-defined]
        assert "safe" in screen.note.text()  # type: ignore[attr-defined]
    finally:
        view.sending = SendProgress()
        stage.set_language("ja")


def test_the_attract_screen_shows_the_price(stage: Stage) -> None:
    stage.set_language("en")
    screen = stage.show("attract")
    assert screen.services.price == "Photo 800 yen" and screen.services.isVisible()  # type: ignore[attr-defined]
