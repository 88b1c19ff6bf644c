"""The photo printer: one interface, a CUPS driver (pycups) and the mapping of printer states to health.

Booth photo printers (dye-sublimation: DNP, Mitsubishi, Citizen) are driven on Linux by Gutenprint under CUPS,
so the booth never speaks a printer's own protocol: it hands each sheet to a named CUPS queue, watches that job
until CUPS says it is completed, aborted or canceled, and reads the queue's printer-state and
printer-state-reasons (the PWG keywords that CUPS backends and IPP printers report) as the device's health.

A job that cannot finish (the printer stopped with a fault, the job aborted, CUPS unreachable, the job not done
in job_timeout_s) is canceled at CUPS, so no sheet comes out later for a citizen who was refunded, and it is
reported failed with a reason id once: the flow decides what the citizen gets (a retry, a refund, a receipt
code). pycups is used only in the driver's worker thread: libcups keeps its server setting per thread.
"""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.devices.base import Device, Health, HealthState
from kiosk.workers import WorkerThread

_log = log.get("printer")

# Fault ids the booth knows, each a PWG printer-state-reasons keyword (without its -error/-warning/-report suffix),
# and what a technician and the citizen are told. Order: the first present is the one named.
FAULTS: dict[str, str] = {
    "media-empty": "paper out",
    "media-needed": "paper out",
    "marker-supply-empty": "ribbon out",
    "toner-empty": "ribbon out",
    "door-open": "door open",
    "cover-open": "door open",
    "media-jam": "paper jam",
    "input-tray-missing": "paper tray missing",
    "offline": "printer offline",
    "shutdown": "printer offline",
    "connecting-to-device": "printer offline",
    "other": "printer fault",
}
WARNINGS: dict[str, str] = {
    "media-low": "paper low",
    "marker-supply-low": "ribbon low",
    "toner-low": "ribbon low",
}
# a job's own end, when it is not completed
JOB_ABORTED = "job-aborted"
JOB_CANCELED = "job-canceled"
JOB_TIMEOUT = "job-timeout"
QUEUE_MISSING = "queue-missing"
CUPS_UNREACHABLE = "cups-unreachable"
SUBMIT_FAILED = "submit-failed"
STOPPED = "paused"  # the queue was stopped (cupsdisable) with no fault named: the printer is offline to the booth

# IPP enums (RFC 8011)
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED, JOB_STATE_CANCELED, JOB_STATE_ABORTED, JOB_COMPLETED = range(3, 10)


@dataclass(frozen=True)
class PrintJob:
    """One sheet to print. title is what CUPS shows in its queue: never personal data."""

    key: str  # the booth's id of the job (the session's transaction id)
    document: bytes
    mime: str = "image/jpeg"
    title: str = "booth sheet"
    media: str = "oe_photo-l_3.5x5in"  # PWG media name of the paper
    dpi: int = 300


@dataclass(frozen=True)
class PrintOutcome:
    key: str
    ok: bool
    reason: str = ""  # "" when printed; else a fault id (FAULTS) or a job end (JOB_ABORTED...)
    job_id: int | None = None
    detail: str = ""  # technician-readable


def base_reason(keyword: str) -> str:
    """'media-empty-error' -> 'media-empty' (PWG 5100.9 suffixes)."""
    for suffix in ("-error", "-warning", "-report"):
        if keyword.endswith(suffix):
            return keyword[: -len(suffix)]
    return keyword


def fault_of(state: int, reasons: Iterable[str], accepting: bool = True) -> str:
    """The fault that stops printing now ("" when none).

    A CUPS queue stops (printer-state 5) when its backend reports a fault; the first known fault among the
    reasons is named, and a queue stopped with none named (cupsdisable) is offline. The backend's offline-report
    (the printer cannot be reached, CUPS keeps trying) and a queue not accepting jobs are offline too. An -error
    reason on a queue that is no longer stopped (a technician loaded paper and enabled it) is stale: CUPS only
    learns the printer's state when a job runs, so it is not a fault (health_of reports it as degraded)."""
    found = {base_reason(r) for r in reasons}
    if state == PRINTER_STOPPED:
        return next((f for f in FAULTS if f in found), "offline")
    if "offline" in found or not accepting:
        return "offline"
    return ""


def health_of(state: int, reasons: Iterable[str], accepting: bool = True) -> Health:
    """The device health for a queue's printer-state, printer-state-reasons and printer-is-accepting-jobs."""
    reasons = list(reasons)
    fault = fault_of(state, reasons, accepting)
    if fault:
        return Health(HealthState.DOWN, f"{FAULTS[fault]} ({fault})")
    found = [base_reason(r) for r in reasons]
    notes = sorted({WARNINGS[b] for b in found if b in WARNINGS})
    notes += sorted({f"{FAULTS[b]} reported before the queue was resumed" for b in found if b in FAULTS})
    if notes:
        return Health(HealthState.DEGRADED, ", ".join(notes))
    return Health(HealthState.OK, "ready" if state != PRINTER_PROCESSING else "printing")


def fault_id(health: Health) -> str:
    """The fault id inside a printer's health detail ("paper out (media-empty)" -> "media-empty"), or ""."""
    d = health.detail
    if health.state is HealthState.DOWN and d.endswith(")") and "(" in d:
        return d[d.rindex("(") + 1 : -1]
    return ""


class Printer(Device):
    """Prints sheets one job at a time. print_sheet is asynchronous: job_finished follows exactly once per job."""

    job_finished = Signal(object)  # PrintOutcome
    job_state_changed = Signal(str, str)  # job key, "pending" | "processing" | "stopped"

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, parent)

    @property
    def queue_name(self) -> str:
        raise NotImplementedError

    def print_sheet(self, job: PrintJob) -> None:
        raise NotImplementedError

    def resume(self) -> None:
        """After a fault is fixed (paper loaded): let the queue print again. The default does nothing."""

    def cancel(self, key: str) -> None:
        """Cancel the job of this key if it is still queued or printing (the session ended another way): its
        job_finished then comes with reason job-canceled."""


_STATE_NAMES = {JOB_PENDING: "pending", JOB_HELD: "pending", JOB_PROCESSING: "processing", JOB_STOPPED: "stopped"}


class CupsPrinter(Printer):
    """A CUPS queue through pycups, polled by one worker thread."""

    def __init__(self, queue_name: str, server: str = "", *, job_timeout_s: float = 120.0,
                 poll_interval_s: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__("printer", parent)
        import cups  # noqa: F401  libcups is loaded here, in the GUI thread, never first in the worker (kiosk.workers)

        self._queue_name = queue_name
        self._server = server
        self.job_timeout_s = job_timeout_s
        self.poll_interval_s = poll_interval_s
        self._jobs: queue.Queue[PrintJob] = queue.Queue()
        self._resume = threading.Event()
        self._cancelled: set[str] = set()
        self._cancel_lock = threading.Lock()
        self._worker = WorkerThread(f"printer-{queue_name}", self._run, join_timeout_s=5.0)
        self._conn: object | None = None

    @property
    def queue_name(self) -> str:
        return self._queue_name

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop(lambda: self._jobs.put_nowait(_WAKE))
        self._relay.close()

    def print_sheet(self, job: PrintJob) -> None:
        self._jobs.put(job)

    def resume(self) -> None:
        self._resume.set()
        self._jobs.put_nowait(_WAKE)

    def cancel(self, key: str) -> None:
        with self._cancel_lock:
            self._cancelled.add(key)

    def _is_cancelled(self, key: str) -> bool:
        with self._cancel_lock:
            if key in self._cancelled:
                self._cancelled.discard(key)
                return True
            return False

    # the worker ----------------------------------------------------------------------------------------
    def _connect(self) -> object:
        import cups

        if self._conn is None:
            if self._server:
                cups.setServer(self._server)  # per thread in libcups: this worker's only
            self._conn = cups.Connection()
        return self._conn

    def _printer_attrs(self) -> dict[str, object]:
        conn = self._connect()
        return conn.getPrinterAttributes(  # type: ignore[attr-defined, no-any-return]
            self._queue_name,
            requested_attributes=["printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
                                  "printer-state-message"])

    def _poll_health(self) -> Health:
        import cups

        try:
            a = self._printer_attrs()
        except cups.IPPError as exc:
            if exc.args[0] == cups.IPP_NOT_FOUND:
                h = Health(HealthState.DOWN, f"CUPS queue {self._queue_name!r} not found ({QUEUE_MISSING})")
            else:
                h = Health(HealthState.DOWN, f"CUPS refused: {exc.args[-1]} ({CUPS_UNREACHABLE})")
        except RuntimeError as exc:  # pycups: failed to connect to server
            self._conn = None
            h = Health(HealthState.DOWN, f"CUPS not reachable: {exc} ({CUPS_UNREACHABLE})")
        else:
            raw = a.get("printer-state-reasons") or []
            reasons = [raw] if isinstance(raw, str) else [str(r) for r in raw]  # type: ignore[attr-defined]
            state = a.get("printer-state", PRINTER_IDLE)
            h = health_of(int(state) if isinstance(state, int) else PRINTER_IDLE, reasons,
                          bool(a.get("printer-is-accepting-jobs", True)))
        self._set_health(h)
        return h

    def _run(self) -> None:
        stopping = self._worker.stopping
        while not stopping.is_set():
            if self._resume.is_set():
                self._resume.clear()
                self._enable()
            self._poll_health()
            try:
                job = self._jobs.get(timeout=self.poll_interval_s)
            except queue.Empty:
                continue
            if job is _WAKE:
                continue
            outcome = (PrintOutcome(job.key, False, JOB_CANCELED, None, "canceled before it was sent")
                       if self._is_cancelled(job.key) else self._print(job))
            if outcome.ok:
                _log.info("sheet printed: job %s on %s", outcome.job_id, self._queue_name)
            else:
                _log.warning("sheet not printed: %s (%s)", outcome.reason, outcome.detail)
            self._emit("job_finished", outcome)

    def _enable(self) -> None:
        import cups

        with contextlib.suppress(cups.IPPError, RuntimeError):
            conn = self._connect()
            conn.enablePrinter(self._queue_name)  # type: ignore[attr-defined]
            conn.acceptJobs(self._queue_name)  # type: ignore[attr-defined]

    def _print(self, job: PrintJob) -> PrintOutcome:
        import cups

        h = self._poll_health()
        fault = fault_id(h)
        if fault:  # never queue a sheet on a stopped printer: it would come out after the citizen left
            return PrintOutcome(job.key, False, fault, None, h.detail)
        fd, path = tempfile.mkstemp(prefix="booth-sheet-", suffix=".jpg")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(job.document)
            options = {"media": job.media, "ppi": str(job.dpi), "print-color-mode": "color",
                       "document-format": job.mime}
            try:
                job_id = int(self._connect().printFile(  # type: ignore[attr-defined]
                    self._queue_name, path, job.title, options))
            except cups.IPPError as exc:
                reason = QUEUE_MISSING if exc.args[0] == cups.IPP_NOT_FOUND else SUBMIT_FAILED
                return PrintOutcome(job.key, False, reason, None, f"CUPS refused the job: {exc.args[-1]}")
            except RuntimeError as exc:
                self._conn = None
                return PrintOutcome(job.key, False, CUPS_UNREACHABLE, None, str(exc))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return self._watch(job, job_id)

    def _watch(self, job: PrintJob, job_id: int) -> PrintOutcome:
        import cups

        deadline = time.monotonic() + self.job_timeout_s
        last = ""
        stopping = self._worker.stopping
        while True:
            try:
                a = self._connect().getJobAttributes(  # type: ignore[attr-defined]
                    job_id, requested_attributes=["job-state", "job-state-reasons", "job-printer-state-message"])
            except (cups.IPPError, RuntimeError) as exc:
                self._conn = None
                if time.monotonic() > deadline or stopping.is_set():
                    return PrintOutcome(job.key, False, CUPS_UNREACHABLE, job_id, f"job lost from sight: {exc}")
                stopping.wait(self.poll_interval_s)
                continue
            state = int(a.get("job-state", JOB_PENDING))
            if state == JOB_COMPLETED:
                self._poll_health()
                return PrintOutcome(job.key, True, "", job_id, "completed")
            if state in (JOB_STATE_ABORTED, JOB_STATE_CANCELED):
                h = self._poll_health()
                reason = fault_id(h) or (JOB_ABORTED if state == JOB_STATE_ABORTED else JOB_CANCELED)
                return PrintOutcome(job.key, False, reason, job_id, f"job {a.get('job-state-reasons', '')}")
            name = _STATE_NAMES.get(state, "pending")
            if name != last:
                last = name
                self._emit("job_state_changed", job.key, name)
            h = self._poll_health()
            fault = fault_id(h)
            timed_out = time.monotonic() > deadline
            if self._is_cancelled(job.key):
                self._cancel(job_id)
                return PrintOutcome(job.key, False, JOB_CANCELED, job_id, "canceled by the booth")
            if fault or timed_out or stopping.is_set():
                self._cancel(job_id)
                reason = fault or (JOB_TIMEOUT if timed_out else JOB_CANCELED)
                return PrintOutcome(job.key, False, reason, job_id, h.detail if fault else reason)
            stopping.wait(self.poll_interval_s)

    def _cancel(self, job_id: int) -> None:
        import cups

        with contextlib.suppress(cups.IPPError, RuntimeError):
            self._connect().cancelJob(job_id)  # type: ignore[attr-defined]


_WAKE = PrintJob("", b"")  # wakes the worker's queue wait (stop, resume)
