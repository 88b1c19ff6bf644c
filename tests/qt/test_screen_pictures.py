"""The pictures of the menu, size, timeout and print screens say something true: the sizes drawn to one scale, the
countdown ring emptying with the seconds left, the print line moving down the sheet while printing."""

from __future__ import annotations

import pytest

from kiosk.ui.widgets.pictures import CountdownRing, PrintSheetPicture, SizePicture, size_mm


def test_the_sizes_are_drawn_to_one_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    largest = (35.0, 45.0)
    frames = {}
    for size_id in ("30x40", "35x45", "24x30"):
        picture = SizePicture(size_id, largest)
        qtbot.addWidget(picture)
        picture.resize(300, 400)
        frames[size_id] = picture.frame_rect()
    mm = frames["35x45"].height() / 45
    for size_id, frame in frames.items():
        w_mm, h_mm = size_mm(size_id)
        assert frame.width() == pytest.approx(w_mm * mm, rel=0.01)
        assert frame.height() == pytest.approx(h_mm * mm, rel=0.01)
    assert size_mm("bogus") == (35.0, 45.0)


def test_the_countdown_ring_empties_with_the_seconds_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.set_seconds(20)
    assert ring.fraction == 1.0
    ring.set_seconds(5)
    assert ring.fraction == 0.25
    ring.set_seconds(30)  # a new countdown starts full
    assert ring.fraction == 1.0 and ring.total_s == 30


def test_the_print_line_moves_down_while_printing_and_the_printed_sheet_is_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    printing, printed = PrintSheetPicture("printing"), PrintSheetPicture("printed")
    for picture in (printing, printed):
        qtbot.addWidget(picture)
        picture.resize(400, 500)
    printing.show()
    assert printing.moving
    first = printing.printed_to()
    printing._tick()
    assert printing.printed_to() > first
    printing.hide()
    assert not printing.moving and printed.printed_to() == 1.0
