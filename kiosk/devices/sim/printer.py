"""The simulated photo printer: each job written to a folder, every fault a CUPS queue reports on demand.

It stands behind the Printer interface itself (like the simulated camera): a booth in simulator mode has no CUPS
to talk to. Its states are the same PWG keywords a CUPS queue reports, mapped to health by the same function as
the CUPS driver (kiosk.devices.printer.health_of), and a fault during a job ends that job as the CUPS driver
ends it: canceled, reported with the fault's id. The tests of the CUPS driver itself run against a real cupsd.
"""

from __future__ import annotations

import json
import queue
import threading

from PySide6.QtCore import QObject

from kiosk import log
from kiosk.devices.printer import (
    FAULTS,
    JOB_ABORTED,
    PRINTER_IDLE,
    PRINTER_PROCESSING,
    PRINTER_STOPPED,
    WARNINGS,
    Printer,
    PrintJob,
    PrintOutcome,
    health_of,
)
from kiosk.workers import WorkerThread

_log = log.get("printer")

SIM_FAULTS = ("media-empty", "marker-supply-empty", "door-open", "media-jam", "offline")
SIM_WARNINGS = ("media-low", "marker-supply-low")


class SimPrinter(Printer):
    """Writes each sheet to out_dir as job-NNNN.jpg (and job-NNNN.json: its size and outcome, no personal data).

    print_s is how long a sheet takes. hold() keeps the next jobs processing until release() (a test or the
    panel injects a fault mid-job); abort_next() makes the next job end aborted, as a printer that gave up.
    """

    def __init__(self, out_dir: object, *, queue_name: str = "simulated", print_s: float = 1.0,
                 parent: QObject | None = None) -> None:
        super().__init__("printer", parent)
        from pathlib import Path

        self.out_dir = Path(str(out_dir))
        self._queue_name = queue_name
        self.print_s = print_s
        self._lock = threading.Lock()
        self._reasons: set[str] = set()
        self._abort_next = False
        self._cancel_key = ""
        self._released = threading.Event()
        self._released.set()
        self._changed = threading.Event()
        self._jobs: queue.Queue[PrintJob | None] = queue.Queue()
        self._worker = WorkerThread("printer-sim", self._run, join_timeout_s=5.0)
        self._count = 0
        self._printing = False

    @property
    def queue_name(self) -> str:
        return self._queue_name

    @property
    def reasons(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(sorted(self._reasons))

    @property
    def jobs_printed(self) -> int:
        return self._count

    def start(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._relay.reopen()
        self._worker.start()
        self._update_health()

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop(lambda: self._jobs.put_nowait(None), self._released.set, self._changed.set)
        self._relay.close()

    # the panel's and the tests' controls --------------------------------------------------------------
    def set_fault(self, reason: str, on: bool = True) -> None:
        """Raise or clear a fault (SIM_FAULTS) or a warning (SIM_WARNINGS), as the printer would report it."""
        if reason not in FAULTS and reason not in WARNINGS:
            raise ValueError(f"unknown printer state reason {reason!r}")
        with self._lock:
            if on:
                self._reasons.add(reason)
            else:
                self._reasons.discard(reason)
        self._changed.set()
        self._update_health()

    def clear_faults(self) -> None:
        with self._lock:
            self._reasons.clear()
        self._changed.set()
        self._update_health()

    def abort_next(self) -> None:
        with self._lock:
            self._abort_next = True

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()
        self._changed.set()

    def resume(self) -> None:
        self.clear_faults()

    def cancel(self, key: str) -> None:
        with self._lock:
            self._cancel_key = key
        self._changed.set()

    def _take_cancel(self, key: str) -> bool:
        with self._lock:
            if self._cancel_key == key:
                self._cancel_key = ""
                return True
            return False

    def print_sheet(self, job: PrintJob) -> None:
        self._jobs.put(job)

    # the worker ----------------------------------------------------------------------------------------
    def _fault(self) -> str:
        with self._lock:
            return next((f for f in FAULTS if f in self._reasons), "")

    def _update_health(self) -> None:
        with self._lock:
            reasons = [f"{r}-error" if r in FAULTS else f"{r}-warning" for r in self._reasons]
            fault = any(r in FAULTS for r in self._reasons)
            state = PRINTER_STOPPED if fault else PRINTER_PROCESSING if self._printing else PRINTER_IDLE
        self._set_health(health_of(state, reasons))

    def _run(self) -> None:
        stopping = self._worker.stopping
        while not stopping.is_set():
            job = self._jobs.get()
            if job is None:
                continue
            self._emit("job_finished", self._print(job))

    def _print(self, job: PrintJob) -> PrintOutcome:
        stopping = self._worker.stopping
        fault = self._fault()
        if fault:
            return self._record(job, PrintOutcome(job.key, False, fault, None, f"{FAULTS[fault]} ({fault})"))
        self._count += 1
        job_id = self._count
        self._printing = True
        self._update_health()
        self._emit("job_state_changed", job.key, "processing")
        try:
            # the sheet takes print_s; a fault raised meanwhile (or a hold kept past it) decides the end
            self._changed.clear()
            self._changed.wait(self.print_s)
            while (not self._released.is_set() and not stopping.is_set() and not self._fault()
                   and self._cancel_key != job.key):
                self._changed.clear()
                self._changed.wait(0.5)
            if self._take_cancel(job.key):
                return self._record(job, PrintOutcome(job.key, False, "job-canceled", job_id, "canceled"))
            fault = self._fault()
            if fault:
                return self._record(job, PrintOutcome(job.key, False, fault, job_id, f"{FAULTS[fault]} ({fault})"))
            if stopping.is_set():
                return self._record(job, PrintOutcome(job.key, False, "job-canceled", job_id, "booth stopping"))
            with self._lock:
                abort, self._abort_next = self._abort_next, False
            if abort:
                return self._record(job, PrintOutcome(job.key, False, JOB_ABORTED, job_id, "job aborted"))
            (self.out_dir / f"job-{job_id:04d}.jpg").write_bytes(job.document)
            return self._record(job, PrintOutcome(job.key, True, "", job_id, "completed"))
        finally:
            self._printing = False
            self._update_health()

    def _record(self, job: PrintJob, outcome: PrintOutcome) -> PrintOutcome:
        if outcome.job_id is not None:
            meta = {"job_id": outcome.job_id, "ok": outcome.ok, "reason": outcome.reason, "media": job.media,
                    "dpi": job.dpi, "mime": job.mime, "bytes": len(job.document)}
            (self.out_dir / f"job-{outcome.job_id:04d}.json").write_text(json.dumps(meta), encoding="utf-8")
        _log.info("simulated printer: job %s %s", outcome.job_id, "printed" if outcome.ok else outcome.reason)
        return outcome
