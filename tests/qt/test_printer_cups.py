"""The CUPS driver against a real cupsd on loopback (tests/helpers/cups_server.py): the sheet goes through a
CUPS queue to a backend that writes it to a folder, and the job is checked there (page size, resolution, photos,
no metadata); the printer's faults come from the backend as a real printer's do, and the queue's own states
(disabled, missing, unreachable) are CUPS's. Skips with the reason where cupsd cannot start."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from kiosk import config
from kiosk.devices.base import HealthState
from kiosk.devices.printer import (
    CUPS_UNREACHABLE,
    JOB_ABORTED,
    JOB_CANCELED,
    JOB_TIMEOUT,
    QUEUE_MISSING,
    CupsPrinter,
    PrintJob,
    PrintOutcome,
    fault_id,
)
from kiosk.photo import scenes, sheet, sizes
from kiosk.photo.checks import assess
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.official import crop_photo
from tests.helpers.cups_server import CupsServer, CupsUnavailable, _free_port
from tests.unit.test_print_sheet import count_photos

cups = pytest.importorskip("cups", reason="pycups is not installed (scripts/setup.sh installs it)")

WAIT_MS = 15000
L = config.PAPER_SIZES_MM["L"]


@pytest.fixture(scope="module")
def cupsd() -> Iterator[CupsServer]:
    server = CupsServer("booth")
    try:
        server.start()
    except CupsUnavailable as exc:
        pytest.skip(f"no private cupsd: {exc}")
    try:
        yield server
    finally:
        server.stop()
    assert not server.root.exists()


@pytest.fixture(scope="module")
def sheet_30x40() -> sheet.Sheet:
    """The good scene's 30x40 photo at 300 dpi on an L sheet, as the booth makes it."""
    size = sizes.get("30x40")
    img = scenes.scene("good")
    a = assess(img, FaceAnalyzer().analyse(img, size.thresholds()), size.thresholds())
    assert a.ok, a.failed
    bgr = crop_photo(img, a, *size.pixels(300))
    return sheet.render(bgr[:, :, ::-1], size, L, 300)


@pytest.fixture
def printer(qtbot, cupsd: CupsServer) -> Iterator[CupsPrinter]:  # type: ignore[no-untyped-def]
    cupsd.ready()
    p = CupsPrinter("booth", cupsd.server, job_timeout_s=10.0, poll_interval_s=0.05)
    p.start()
    qtbot.waitUntil(lambda: p.health.state is HealthState.OK, timeout=WAIT_MS)
    yield p
    p.stop()
    cupsd.ready()


def _print(qtbot, p: CupsPrinter, s: sheet.Sheet, key: str = "tx1") -> PrintOutcome:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(p.job_finished, timeout=WAIT_MS) as blocker:
        p.print_sheet(PrintJob(key, s.jpeg, media=config.PAPER_MEDIA["L"], dpi=300))
    outcome = blocker.args[0]
    assert isinstance(outcome, PrintOutcome) and outcome.key == key
    return outcome


def test_a_sheet_printed_through_cups_arrives_whole(qtbot, cupsd: CupsServer, printer: CupsPrinter,  # type: ignore[no-untyped-def]
                                                    sheet_30x40: sheet.Sheet) -> None:
    before = len(cupsd.jobs())
    outcome = _print(qtbot, printer, sheet_30x40)
    assert outcome.ok, outcome
    jobs = cupsd.jobs()
    assert len(jobs) == before + 1 and jobs[-1].name == f"job-{outcome.job_id}.out"
    data = jobs[-1].read_bytes()
    assert data == sheet_30x40.jpeg  # one job, the sheet as rendered
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        w, h = im.size
        dpi = im.info["dpi"]
        rgb = np.array(im)
    assert dpi == pytest.approx((300, 300))
    assert (w / dpi[0] * 25.4, h / dpi[1] * 25.4) == pytest.approx((89.0, 127.0), abs=0.1)  # L at 300 dpi
    assert count_photos(rgb, sizes.get("30x40").pixels(300)) == 4 == sheet_30x40.copies
    assert sheet.metadata_of(data) == []
    # CUPS recorded the job with the booth's options and no personal data in its name
    attrs = cupsd.connection().getJobAttributes(outcome.job_id)  # type: ignore[attr-defined]
    assert attrs["job-state"] == 9 and attrs["job-name"] == "booth sheet"
    assert attrs["media"] == "oe_photo-l_3.5x5in" and str(attrs["ppi"]) == "300"


@pytest.mark.parametrize(("reason", "fault"), [("media-empty-error", "media-empty"),
                                                ("marker-supply-empty-error", "marker-supply-empty"),
                                                ("door-open-error", "door-open")])
def test_a_printer_fault_fails_the_job_cancels_it_and_takes_the_printer_down(  # type: ignore[no-untyped-def]
        qtbot, cupsd: CupsServer, printer: CupsPrinter, sheet_30x40: sheet.Sheet, reason: str, fault: str) -> None:
    cupsd.set_fault(reason)
    outcome = _print(qtbot, printer, sheet_30x40)
    assert not outcome.ok and outcome.reason == fault and outcome.job_id is not None
    assert printer.health.state is HealthState.DOWN and fault_id(printer.health) == fault
    conn = cupsd.connection()
    # canceled at CUPS: it will not come out later, when the paper is loaded, for a citizen refunded meanwhile
    assert conn.getJobAttributes(outcome.job_id)["job-state"] == 7  # type: ignore[attr-defined]
    # fixed and resumed (the maintenance menu's action): the queue prints again; CUPS keeps the backend's
    # reason until the next job tells it the printer is fine, so the printer is degraded until then
    cupsd.set_fault("")
    printer.resume()
    qtbot.waitUntil(lambda: printer.health.state is HealthState.DEGRADED, timeout=WAIT_MS)
    assert "reported before the queue was resumed" in printer.health.detail
    assert _print(qtbot, printer, sheet_30x40, "tx2").ok
    qtbot.waitUntil(lambda: printer.health.state is HealthState.OK, timeout=WAIT_MS)


def test_an_aborted_job_is_reported_as_aborted(qtbot, cupsd: CupsServer, printer: CupsPrinter,  # type: ignore[no-untyped-def]
                                               sheet_30x40: sheet.Sheet) -> None:
    cupsd.set_fault("abort")
    outcome = _print(qtbot, printer, sheet_30x40)
    assert not outcome.ok and outcome.reason == JOB_ABORTED
    assert cupsd.connection().getJobAttributes(outcome.job_id)["job-state"] == 8  # type: ignore[attr-defined]


def test_a_disabled_queue_is_offline_and_takes_no_job(qtbot, cupsd: CupsServer, printer: CupsPrinter,  # type: ignore[no-untyped-def]
                                                      sheet_30x40: sheet.Sheet) -> None:
    conn = cupsd.connection()
    conn.disablePrinter("booth")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: fault_id(printer.health) == "offline", timeout=WAIT_MS)
    before = conn.getJobs(which_jobs="all")  # type: ignore[attr-defined]
    outcome = _print(qtbot, printer, sheet_30x40)
    assert not outcome.ok and outcome.reason == "offline" and outcome.job_id is None
    assert conn.getJobs(which_jobs="all") == before  # type: ignore[attr-defined]


def test_a_job_not_done_in_time_is_canceled(qtbot, cupsd: CupsServer, sheet_30x40: sheet.Sheet) -> None:  # type: ignore[no-untyped-def]
    cupsd.ready()
    cupsd.set_fault("hold")
    p = CupsPrinter("booth", cupsd.server, job_timeout_s=1.0, poll_interval_s=0.05)
    p.start()
    try:
        qtbot.waitUntil(lambda: p.health.ok, timeout=WAIT_MS)
        outcome = _print(qtbot, p, sheet_30x40)
        assert not outcome.ok and outcome.reason == JOB_TIMEOUT
        conn = cupsd.connection()
        qtbot.waitUntil(lambda: conn.getJobAttributes(outcome.job_id)["job-state"] == 7, timeout=WAIT_MS)  # type: ignore[attr-defined]
    finally:
        p.stop()
        cupsd.ready()


def test_a_job_the_booth_cancels_is_canceled_at_cups(qtbot, cupsd: CupsServer, printer: CupsPrinter,  # type: ignore[no-untyped-def]
                                                     sheet_30x40: sheet.Sheet) -> None:
    cupsd.set_fault("hold")
    with qtbot.waitSignal(printer.job_state_changed, timeout=WAIT_MS):
        printer.print_sheet(PrintJob("gone", sheet_30x40.jpeg))
    with qtbot.waitSignal(printer.job_finished, timeout=WAIT_MS) as blocker:
        printer.cancel("gone")
    outcome = blocker.args[0]
    assert not outcome.ok and outcome.reason == JOB_CANCELED
    assert cupsd.connection().getJobAttributes(outcome.job_id)["job-state"] == 7  # type: ignore[attr-defined]


def test_a_missing_queue_and_an_unreachable_cups_are_down_with_their_reason(qtbot, cupsd: CupsServer,  # type: ignore[no-untyped-def]
                                                                            sheet_30x40: sheet.Sheet) -> None:
    for queue_name, server, reason in (("nosuch", cupsd.server, QUEUE_MISSING),
                                       ("booth", f"127.0.0.1:{_free_port()}", CUPS_UNREACHABLE)):
        p = CupsPrinter(queue_name, server, job_timeout_s=2.0, poll_interval_s=0.05)
        p.start()
        try:
            qtbot.waitUntil(lambda p=p, reason=reason: reason in p.health.detail, timeout=WAIT_MS)
            assert p.health.state is HealthState.DOWN
            outcome = _print(qtbot, p, sheet_30x40)
            assert not outcome.ok and outcome.reason == reason
        finally:
            p.stop()
