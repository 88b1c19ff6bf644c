"""Soak: N simulated sessions in one booth process, random citizens and device faults, then the invariants.

Run: ``benchmarks/soak [--sessions 1000] [--seed S] [--scale 0.05]``. One Booth (the real screens, drivers,
cashier, flow, outbox and sender; simulated devices on ptys; the reference reception server on loopback in this
process) runs with its timers scaled down. A Citizen taps the screens by objectName and plays one random
behaviour per session (pay exact or overpay, cancel at any step, walk away and let the timeout fire, junk scans
then a valid one, a typed ID, retakes, a language switch); a fault injector breaks devices at random (hopper
empty, coin jam, scanner unplug and replug, server 503s, server down, dropped connections) and a technician
clears the out-of-service screen. Afterwards it checks:

* the ledger balances: inserted = charged + change + refunded + unpaid, nothing left open;
* the hardware agrees: the acceptor's credited yen = inserted, the hopper's paid coins = change + refunds;
* every charged session has exactly one application, stored by the server or still in the outbox;
* no application ID or birth date in the booth's log output or in any file of its storage folder;
* RSS, threads and open files stay flat (growth per 1000 sessions is printed).

It prints a summary (and JSON with --json) and exits 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import robot  # noqa: E402

TODAY = date(2026, 6, 1)
STOP_STATES = ("menu", "notice", "payment", "scan", "details", "guide", "camera", "review", "confirm")
FAULTS = ("hopper_empty", "jam", "scanner_unplug", "server_503", "server_down", "drop_before", "drop_after")
HOPPER_FULL = 400  # coins the technician fills the simulated hopper to
SESSION_LIMIT_S = 120.0  # generous: a session takes 2-20 s on a loaded 2-core machine


# ---- personal data detection ---------------------------------------------------------------------------

_DIGITS = re.compile(r"\d[\d -]{6,}\d")
_DATES = re.compile(r"\d{4}[-/.年]\s?\d{1,2}[-/.月]\s?\d{1,2}")


class Secrets:
    """The application IDs and birth dates this run typed or scanned; finds them in text in any usual spelling."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add_id(self, digits: str) -> None:
        self.values.add(digits)

    def add_birth(self, born: date) -> None:
        self.values.add(born.strftime("%Y%m%d"))

    def found_in(self, text: str) -> list[str]:
        hits: list[str] = []
        for run in _DIGITS.findall(text):
            digits = re.sub(r"[ -]", "", run)
            if digits in self.values or any(
                digits[i : i + 23] in self.values for i in range(len(digits) - 22)
            ):
                hits.append("id or date as digits")
        for run in _DATES.findall(text):
            parts = re.split(r"[-/.年月\s]+", run)
            if len(parts) == 3 and f"{parts[0]}{int(parts[1]):02d}{int(parts[2]):02d}" in self.values:
                hits.append("birth date")
        return hits


class LeakScanner:
    """A log stream that keeps nothing but counts and the kinds of personal data it saw."""

    def __init__(self, secrets: Secrets, tee: Path | None = None) -> None:
        self.secrets = secrets
        self.tee = tee.open("a", encoding="utf-8", buffering=1) if tee is not None else None
        self.lines = 0
        self.bytes = 0
        self.leaks: list[str] = []
        self.error_lines = 0
        self.error_samples: list[str] = []
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        hits = self.secrets.found_in(text)
        if self.tee is not None:
            self.tee.write(text)
        with self._lock:
            self.lines += text.count("\n")
            self.bytes += len(text)
            if hits:
                self.leaks.append(f"{hits[0]} in: {_mask(text)[:160]}")
            if " ERROR " in text or "Traceback" in text:
                self.error_lines += 1
                if len(self.error_samples) < 12:
                    self.error_samples.append(_mask(text.strip())[:300])
        return len(text)

    def flush(self) -> None:
        pass


class RawRecordScanner(logging.Handler):
    """Sees each record before the redacting filter: personal data that code put in a message at all."""

    def __init__(self, secrets: Secrets) -> None:
        super().__init__(logging.DEBUG)
        self.secrets = secrets
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            return
        if self.secrets.found_in(text):
            self.leaks.append(f"{record.name}: {_mask(text)[:160]}")


def _mask(text: str) -> str:
    return re.sub(r"\d", "#", text)


SKIP_DIRS = frozenset({"site-packages", "node_modules", "__pycache__"})


def _walk(root: Path) -> list[Path]:
    """Every file under root; folders that vanish or cannot be read while walking (a shared /tmp) are skipped."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=lambda _exc: None):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        found += [Path(folder) / f for f in files]
    return found


def scan_files(root: Path, secrets: Secrets, since_s: float = 0.0) -> list[str]:
    """Files under root (modified after since_s) that hold an ID or a birth date in plain text.

    Hidden and package folders are skipped, and so are the soak's and the crash campaign's own work folders
    (they hold the reference server's store, where applications belong); the booth's storage is scanned apart.
    """
    hits: list[str] = []
    for path in _walk(root):
        parents = path.relative_to(root).parts[:-1]
        if any(
            part.startswith((".", "kiosk-soak-", "kiosk-crash-", "kiosk-faults-")) or part in SKIP_DIRS
            for part in parents
        ):
            continue
        try:
            if not path.is_file() or path.is_symlink() or path.stat().st_mtime < since_s:
                continue
            if path.stat().st_size > 64 * 1024 * 1024:
                continue
            data = path.read_bytes()  # once: in a shared /tmp the file may be gone a moment later
        except OSError:
            continue
        text = data.decode("latin-1")
        for secret in secrets.values:
            if secret in text:
                hits.append(str(path))
                break
        else:
            wide = data.decode("utf-16-le", "ignore")
            if secrets.found_in(wide):
                hits.append(f"{path} (UTF-16)")
    return hits


# ---- resource sampling ---------------------------------------------------------------------------------


def resources() -> dict[str, int]:
    """RSS (kB), native threads and open file descriptors of this process."""
    status = Path("/proc/self/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return {"rss_kb": rss, "threads": threads, "fds": len(os.listdir("/proc/self/fd"))}


def exactly_once(charged: int, received: int, queued: int, queued_received: int) -> list[str]:
    """Every charged session's application is at the server once or waiting in the outbox, not both: a queued row
    the server already stored (it stored the application, then the connection dropped) waits for its idempotent
    replay and counts once, as received."""
    not_received = queued - queued_received
    if charged == received + not_received:
        return []
    return [f"{charged} charged sessions but {received} applications received + {not_received} queued and not "
            f"received ({queued_received} more received and queued for their replay)"]


def slope_per_1000(samples: list[tuple[int, int]]) -> float:
    """Least-squares growth of a value per 1000 sessions from (session, value) samples."""
    if len(samples) < 3:
        return 0.0
    n = len(samples)
    mx = sum(s for s, _ in samples) / n
    my = sum(v for _, v in samples) / n
    var = sum((s - mx) ** 2 for s, _ in samples)
    if var == 0:
        return 0.0
    return sum((s - mx) * (v - my) for s, v in samples) / var * 1000


# ---- the citizen ---------------------------------------------------------------------------------------


@dataclass
class Plan(robot.Plan):
    """What one citizen will do (the robot's plan, at a person's pace), and which faults meet them."""

    coin_gap_ms: tuple[int, int] = (120, 300)
    explicit_details: bool = True  # every field's 次へ and both certificates tapped
    shutter_after_ms: int = 250
    medical_exception: bool = True  # a photo failing its checks goes with the medical exception
    stop: str = ""  # "", cancel, walk (let the timeout cancel), walk_continue (timeout, then continue)
    stop_at: str = ""
    junk_scans: int = 0
    edit_details: bool = False
    faults: set[str] = field(default_factory=set)


def random_plan(rng: random.Random, languages: list[str]) -> Plan:
    plan = Plan()
    plan.pay = rng.choice(["exact", "overpay", "overpay"])
    roll = rng.random()
    if roll < 0.12:
        plan.stop, plan.stop_at = "cancel", rng.choice(STOP_STATES)
    elif roll < 0.17:
        plan.stop, plan.stop_at = "walk", rng.choice(STOP_STATES)
    elif roll < 0.20:
        plan.stop, plan.stop_at = "walk_continue", rng.choice(STOP_STATES)
    if rng.random() < 0.15:
        plan.language = rng.choice([code for code in languages if code != "ja"] or ["ja"])
    plan.junk_scans = rng.choice([0, 0, 0, 1, 2])
    plan.typed = rng.random() < 0.15
    plan.retakes = rng.choice([0, 0, 0, 0, 1, 2])
    plan.edit_details = rng.random() < 0.05
    if rng.random() < 0.2:
        plan.birth = date(rng.randint(2012, 2019), rng.randint(1, 12), rng.randint(1, 28))
    else:
        plan.birth = date(rng.randint(1930, 2004), rng.randint(1, 12), rng.randint(1, 28))
    for fault, p in (
        ("hopper_empty", 0.04),
        ("jam", 0.04),
        ("scanner_unplug", 0.05),
        ("server_503", 0.08),
        ("server_down", 0.05),
        ("drop_before", 0.04),
        ("drop_after", 0.04),
    ):
        if rng.random() < p:
            plan.faults.add(fault)
    return plan


JUNK = [
    "https://shop.example.jp/item/12345",
    "0002010102111531" + "9" * 30,
    "1234567890123456789012",  # 22 digits
    "not a code",
    "123456789012345678901234",  # 24 digits
]


class SoakCitizen(robot.Robot):
    """The robot (kiosk/robot.py) as one random citizen after another on a started Booth, with the faults that
    meet them, and the technician when the booth breaks."""

    def __init__(
        self,
        booth: Any,
        server: Any,
        sessions: int,
        rng: random.Random,
        secrets: Secrets,
        on_session: Callable[[int, str], None],
        on_done: Callable[[], None],
    ) -> None:
        super().__init__(booth, Plan(), rng, react_ms=(5, 40))
        from kiosk.ui.i18n import LANGUAGES

        self.plan: Plan = Plan()
        self.server = server
        self.target = sessions
        self.secrets = secrets
        self.on_session = on_session
        self.on_done = on_done
        self.languages = list(LANGUAGES)
        self.ended = 0
        self.outcomes: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.behaviours: Counter[str] = Counter()
        self.stuck: list[str] = []  # screens the watchdog found stuck
        self.last_change_s = time.monotonic()
        self.stopped_once = False
        self.edited = False
        self.junk_left = 0
        self.server_down = False
        booth.flow.session_ended.connect(self._on_session_ended)
        self.watchdog = QTimer(self)
        self.watchdog.timeout.connect(self._check_stuck)
        self.watchdog.start(1000)

    # -- sessions ----------------------------------------------------------------------------------------
    def _on_session_ended(self, outcome: str) -> None:
        self._operator()
        self.ended += 1
        self.outcomes[outcome] += 1
        self.on_session(self.ended, outcome)
        if self.ended >= self.target and not self.finished:
            self.finished = True
            QTimer.singleShot(0, self.on_done)

    def _new_plan(self) -> None:
        self.plan = random_plan(self.rng, self.languages)
        self.stopped_once = False
        self.retakes_done = 0
        self.edited = False
        self.junk_left = self.plan.junk_scans
        self.secrets.add_birth(self.plan.birth)
        for fault in self.plan.faults:
            self.faults[fault] += 1
        self.behaviours[f"pay_{self.plan.pay}"] += 1
        if self.plan.stop:
            self.behaviours[f"{self.plan.stop}_at_{self.plan.stop_at}"] += 1
        for flag, name in (
            (self.plan.language, "language"),
            (self.plan.typed, "typed_id"),
            (self.plan.junk_scans, "junk_scans"),
            (self.plan.retakes, "retakes"),
            (self.plan.edit_details, "edit_details"),
        ):
            if flag:
                self.behaviours[name] += 1

    def react(self, state: str) -> None:
        self.last_change_s = time.monotonic()
        if state == "attract":
            self._new_plan()
        if state in STOP_STATES and self.plan.stop and self.plan.stop_at == state and not self.stopped_once:
            self.stopped_once = True
            if state == "payment":  # stop after a coin went in: the refund path
                self.later(60, self._insert_one)
                if self.plan.stop == "cancel":
                    self.later(900, lambda: self.tap("payment_cancel"))
                return
            if self.plan.stop == "cancel":
                self.later(self.rng.randint(10, 150), lambda: self.tap(f"{state}_cancel"))
            return  # walk away: the state timer fires
        super().react(state)

    def _on_payment(self) -> None:
        if "hopper_empty" in self.plan.faults:
            self.bus.hopper_coins = 0
        if "jam" in self.plan.faults:
            self.bus.set_hopper_fault("jammed", after_coins=self.rng.randint(0, 2))
        super()._on_payment()

    def _on_scan(self) -> None:
        if "scanner_unplug" in self.plan.faults and self.scanner.plugged:
            self.scanner.unplug()
            self.faults["scanner_unplugged"] += 1
            self.later(self.rng.randint(100, 600), self._replug_and_scan)
            return
        self._scan()

    def _replug_and_scan(self) -> None:
        self.scanner.replug()
        self.later(400, self._scan)

    def _scan(self) -> None:
        if self.junk_left > 0:  # codes that are not an application's first
            self.junk_left -= 1
            if self.rng.random() < 0.3:
                self.scanner.present_bytes(
                    bytes(self.rng.getrandbits(8) for _ in range(self.rng.randint(1, 40)))
                )
            else:
                self.scanner.present(self.rng.choice(JUNK))
            self.later(250, self._scan)
            return
        super()._scan()

    def application_id(self) -> str:
        digits = super().application_id()
        self.secrets.add_id(digits)  # looked for in every log line and file afterwards
        return digits

    def _on_camera(self) -> None:
        super()._on_camera()
        self.later(3000, lambda: self.tap("camera_shutter"))  # a capture that failed: try again

    def _on_confirm(self) -> None:
        if self.plan.edit_details and not self.edited:
            self.edited = True
            self.tap("confirm_edit_details")
            return
        faults = self.server.faults
        if "server_503" in self.plan.faults:
            faults.fail_next_503 = self.rng.randint(1, 4)
        if "drop_before" in self.plan.faults:
            faults.drop_before_next = self.rng.randint(1, 2)
        if "drop_after" in self.plan.faults:
            faults.drop_after_store_next = 1
        if "server_down" in self.plan.faults and not self.server_down:
            self.server_down = True
            self.server.go_down()
            QTimer.singleShot(self.rng.randint(300, 4000), self._server_up)
        super()._on_confirm()

    def _server_up(self) -> None:
        self.server.go_up()
        self.server_down = False

    def _on_timeout(self) -> None:
        if self.plan.stop == "walk_continue" and self.stopped_once and self.plan.stop != "done":
            self.plan.stop = "done"  # continue once, then go on normally
            self.tap("timeout_continue")
        elif self.rng.random() < 0.3:
            self.tap("timeout_end")

    def _on_done(self) -> None:
        if self.rng.random() < 0.8:
            self.tap("done_finish")

    def _on_cancel(self) -> None:
        if self.rng.random() < 0.8:
            self.tap("cancel_finish")

    def _on_out_of_service(self) -> None:
        """The technician: refill the hopper, clear the jam, plug the scanner back, switch the booth on."""
        self.faults["out_of_service"] += 1
        self._technician()

    def _technician(self) -> None:
        if self.booth.flow.current != "out_of_service" or self.finished:
            return
        self.bus.set_hopper_fault("")
        if self.bus.hopper_coins < 100:
            self._refill_hopper()
        self.scanner.replug()
        if not self.booth.cashier.busy:
            self.booth.flow.set_out_of_service(False)
        QTimer.singleShot(500, self._technician)

    def _refill_hopper(self) -> None:
        """Fill the simulated hopper to HOPPER_FULL coins and record the coins added, as the maintenance menu
        does (a refill recorded as a whole 400 on a hopper still holding some would leave the estimate high)."""
        added = HOPPER_FULL - self.bus.hopper_coins
        if added <= 0:
            return
        self.bus.hopper_coins = HOPPER_FULL
        stock = self.booth.hopper_stock
        if stock is not None:
            stock.record_refill(added)
        else:
            self.booth.ledger.refill(added, self.booth.cfg.devices.hopper.coin_yen)
        self.behaviours["hopper_refilled"] += 1

    def _operator(self) -> None:
        """Between sessions, the operator answers the hopper-low alarm (the metric and the maintenance menu) with a
        refill, as on a booth in service (a hopper_empty fault empties it again at its session's payment)."""
        stock = self.booth.hopper_stock
        if stock is not None and stock.low:
            self._refill_hopper()

    def _check_stuck(self) -> None:
        if self.finished:
            return
        flow = self.booth.flow
        if time.monotonic() - self.last_change_s > 45:
            self.stuck.append(f"{flow.current} (session {self.ended + 1})")
            self.last_change_s = time.monotonic()
            flow.fail("soak watchdog: no screen change in 45 s")
        elif flow.current == "attract" and time.monotonic() - self.last_change_s > 2:
            self.later(0, self._on_attract)  # a tap lost while the screen was settling


# ---- the run -----------------------------------------------------------------------------------------------


@dataclass
class SoakResult:
    sessions: int = 0
    seconds: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    behaviours: dict[str, int] = field(default_factory=dict)
    ledger: dict[str, int] = field(default_factory=dict)
    hardware: dict[str, int] = field(default_factory=dict)
    charged_sessions: int = 0
    server_received: int = 0
    outbox_depth: int = 0
    awaiting_replay: list[dict[str, object]] = field(default_factory=list)  # queued rows the server already holds
    log_lines: int = 0
    log_errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    log_leaks: list[str] = field(default_factory=list)
    raw_log_leaks: list[str] = field(default_factory=list)
    file_leaks: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)
    resources_first: dict[str, int] = field(default_factory=dict)
    resources_last: dict[str, int] = field(default_factory=dict)
    growth_per_1000: dict[str, float] = field(default_factory=dict)
    rss_after: dict[int, int] = field(default_factory=dict)  # sessions -> RSS kB
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def run_soak(
    sessions: int,
    seed: int,
    *,
    scale: float = 0.05,
    timeout_s: float | None = None,
    session_limit_s: float = SESSION_LIMIT_S,
    storage: Path | None = None,
    progress: bool = False,
    citizen_class: type[SoakCitizen] | None = None,
    before_shutdown: Callable[[Any, SoakResult], None] | None = None,
    work: Path | None = None,
) -> SoakResult:
    """Run the soak in this process (needs no QApplication yet, or an offscreen one).

    Bounded by count: the run ends after `sessions` sessions, and fails when one session takes longer than
    session_limit_s (timeout_s, if given, caps the whole run as well). Its work folder (the reference server's
    store, and the booth's storage unless `storage` is given) is removed at the end, also when the run fails or
    is interrupted (SIGINT, SIGTERM: the run stops, cleans up, and KeyboardInterrupt is raised afterwards).
    citizen_class and before_shutdown let other campaigns reuse the soak (benchmarks/timing.py).
    """
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-")) if work is None else work
    interrupted: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_signal(signum: int, _frame: Any) -> None:
        interrupted.append(signum)
        app = QApplication.instance()
        if app is not None:
            app.quit()

    try:
        for sig in previous:
            signal.signal(sig, on_signal)
        return _run_soak(sessions, seed, scale, timeout_s, session_limit_s, storage, progress,
                         citizen_class or SoakCitizen, before_shutdown, work, interrupted)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
        if interrupted:
            raise KeyboardInterrupt(f"soak interrupted by signal {interrupted[0]}")


def _run_soak(
    sessions: int,
    seed: int,
    scale: float,
    timeout_s: float | None,
    session_limit_s: float,
    storage: Path | None,
    progress: bool,
    citizen_class: type[SoakCitizen],
    before_shutdown: Callable[[Any, SoakResult], None] | None,
    work: Path,
    interrupted: list[int],
) -> SoakResult:
    from kiosk import log
    from kiosk.server.reception import ReceptionServer

    rng = random.Random(seed)
    result = SoakResult()
    secrets = Secrets()
    tee = os.environ.get("SOAK_LOG")
    stream = LeakScanner(secrets, Path(tee) if tee else None)
    log.setup("INFO", stream=stream)
    raw = RawRecordScanner(secrets)
    root = logging.getLogger("kiosk")
    root.handlers.insert(0, raw)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    storage = storage or work / "booth"
    server = ReceptionServer("127.0.0.1", 0, work / "reception")
    server.start()
    try:
        return _soak_with_server(sessions, scale, timeout_s, session_limit_s, storage, progress, citizen_class,
                                 before_shutdown, work, interrupted, rng, result, secrets, stream, raw, root, app,
                                 server)
    finally:
        server.stop()
        root.removeHandler(raw)


def _soak_with_server(
    sessions: int,
    scale: float,
    timeout_s: float | None,
    session_limit_s: float,
    storage: Path,
    progress: bool,
    citizen_class: type[SoakCitizen],
    before_shutdown: Callable[[Any, SoakResult], None] | None,
    work: Path,
    interrupted: list[int],
    rng: random.Random,
    result: SoakResult,
    secrets: Secrets,
    stream: LeakScanner,
    raw: RawRecordScanner,
    root: logging.Logger,
    app: QApplication,
    server: Any,
) -> SoakResult:
    from kiosk import config
    from kiosk.app import Booth, Options

    cfg = config.from_dict(
        {
            "booth": {"simulate": True, "id": "soak-0001"},
            "storage": {"dir": str(storage)},
            "submission": {"url": server.url, "timeout_s": 2.0},
        }
    ).simulated()
    started_s = time.time()
    excepthook = sys.excepthook  # the booth installs its own; it must not outlive the booth (it hides errors)
    booth = Booth(
        cfg, app, Options(timer_scale=scale, today=lambda: TODAY, size=(1280, 800), show_panel=False)
    )
    samples: dict[str, list[tuple[int, int]]] = {"rss_kb": [], "threads": [], "fds": []}
    t0 = time.monotonic()

    trace = os.environ.get("SOAK_TRACEMALLOC")  # debugging aid: the Python allocations that grew
    if trace:
        import tracemalloc

        tracemalloc.start(12)
    snaps: list[Any] = []

    def on_session(n: int, outcome: str) -> None:
        if trace and n in (20, sessions):
            import tracemalloc

            snaps.append(tracemalloc.take_snapshot())
            if len(snaps) == 2:
                for stat in snaps[1].compare_to(snaps[0], "traceback")[:8]:
                    print(stat, *stat.traceback.format()[-8:], sep="\n  ", file=sys.stderr)
        now = resources()
        if n == 1:
            result.resources_first = now
        if n in (1, 50, 100, 200, 500, 1000) or n == sessions:
            result.rss_after[n] = now["rss_kb"]
        if n >= min(20, max(2, sessions // 10)):
            for key in samples:
                samples[key].append((n, now[key]))
        if progress and (n % 25 == 0 or n == sessions):
            rate = n / (time.monotonic() - t0)
            print(
                f"  {n}/{sessions} sessions, {rate:.2f}/s, rss {now['rss_kb'] / 1024:.0f} MB, "
                f"threads {now['threads']}, fds {now['fds']}",
                file=sys.stderr,
                flush=True,
            )

    def done() -> None:
        drain(0)

    def drain(waited_ms: int) -> None:
        """Let the last payouts finish and the outbox empty (the server is up again)."""
        busy = booth.cashier.busy or booth.flow.current not in ("attract", "out_of_service")
        if (busy or booth.outbox.depth() > 0 or citizen.server_down) and waited_ms < 60000:
            QTimer.singleShot(200, lambda: drain(waited_ms + 200))
            return
        app.quit()

    citizen = citizen_class(booth, server, sessions, rng, secrets, on_session, done)
    last_end = [time.monotonic(), 0]  # when a session last ended, and how many had

    def check_pace() -> None:
        """The per-session limit: a session that takes longer than session_limit_s ends the run as failed."""
        if citizen.ended != last_end[1]:
            last_end[:] = [time.monotonic(), citizen.ended]
        elif time.monotonic() - last_end[0] > session_limit_s and not citizen.finished:
            result.failures.append(
                f"session {citizen.ended + 1} did not end within {session_limit_s:.0f} s (in {booth.flow.current})")
            app.quit()

    pace = QTimer()
    pace.timeout.connect(check_pace)
    pace.start(1000)
    if timeout_s is not None:
        QTimer.singleShot(
            int(timeout_s * 1000), lambda: (result.failures.append(f"no end within {timeout_s:.0f} s"), app.quit())
        )
    server.faults.clear()
    try:
        booth.start()
        app.exec()
    finally:
        pace.stop()
        if interrupted:
            booth.shutdown()
            sys.excepthook = excepthook
    if interrupted:
        result.failures.append(f"interrupted by signal {interrupted[0]}")
        return result
    result.seconds = time.monotonic() - t0
    result.sessions = citizen.ended
    result.outcomes = dict(citizen.outcomes)
    result.faults = dict(citizen.faults)
    result.behaviours = dict(sorted(citizen.behaviours.items()))
    result.stuck = citizen.stuck
    result.resources_last = resources()
    result.growth_per_1000 = {key: round(slope_per_1000(values), 1) for key, values in samples.items()}
    # ---- the invariants -------------------------------------------------------------------------------
    check = booth.ledger.balance_check()
    result.ledger = check.as_dict()
    result.hardware = {
        "acceptor_credited_yen": booth.devices.sims.cctalk.credited_yen,
        "hopper_paid_yen": booth.devices.sims.cctalk.lifetime * cfg.devices.hopper.coin_yen,
    }
    db = booth.ledger._db
    result.charged_sessions = int(
        db.execute("SELECT COUNT(DISTINCT txn) FROM money_events WHERE kind = 'charged'").fetchone()[0]
    )
    result.server_received = server.received
    result.outbox_depth = booth.outbox.depth()
    for row in booth.outbox.pending():  # rows the server stored before the connection dropped: a replay is due
        if server.store.lookup(row.idempotency_key) is not None:
            result.awaiting_replay.append({"attempts": row.attempts, "next_in_s": round(row.next_at - time.time(), 1),
                                           "last_error": row.last_error[:80]})
    try:
        if before_shutdown is not None:
            before_shutdown(booth, result)
    finally:
        booth.shutdown()
        sys.excepthook = excepthook
    result.log_lines = stream.lines
    result.log_errors = stream.error_lines
    result.error_samples = stream.error_samples
    result.log_leaks = stream.leaks[:10]
    result.raw_log_leaks = raw.leaks[:10]
    ids_only = Secrets()  # elsewhere in /tmp an 8-digit run like a birth date is common data: IDs only there
    ids_only.values = {v for v in secrets.values if len(v) == 23}
    result.file_leaks = scan_files(storage, secrets) + scan_files(
        Path(tempfile.gettempdir()), ids_only, started_s
    )
    result.file_leaks = [p for p in result.file_leaks if not p.startswith(str(work / "reception"))]
    f = result.failures
    led = result.ledger
    if result.sessions < sessions:
        f.append(f"only {result.sessions} of {sessions} sessions ended")
    if not check.ok:
        f.append(f"ledger does not balance: {led}")
    if check.open_yen:
        f.append(f"{check.open_yen} yen left open in the ledger")
    if result.hardware["acceptor_credited_yen"] != led["inserted"]:
        f.append(
            f"acceptor credited {result.hardware['acceptor_credited_yen']} yen, ledger {led['inserted']}"
        )
    if result.hardware["hopper_paid_yen"] != led["change"] + led["refunded"]:
        f.append(
            f"hopper paid {result.hardware['hopper_paid_yen']} yen, ledger change+refunds "
            f"{led['change'] + led['refunded']}"
        )
    f += exactly_once(result.charged_sessions, result.server_received, result.outbox_depth,
                      len(result.awaiting_replay))
    paid_outcomes = result.outcomes.get("sent", 0) + result.outcomes.get("queued", 0)
    if paid_outcomes != result.charged_sessions:
        f.append(f"{paid_outcomes} sessions ended sent or queued but {result.charged_sessions} were charged")
    if result.log_leaks or result.raw_log_leaks:
        f.append(
            f"personal data in the log: {len(stream.leaks)} lines after redaction, {len(raw.leaks)} "
            "messages before"
        )
    if result.file_leaks:
        f.append(f"personal data in files: {result.file_leaks[:5]}")
    if result.stuck:
        f.append(f"stuck {len(result.stuck)} times: {result.stuck[:5]}")
    return result


def summary(r: SoakResult, seed: int) -> str:
    lines = [
        f"soak: {r.sessions} sessions in {r.seconds:.0f} s (seed {seed}), {r.sessions / max(r.seconds, 1e-9):.2f}/s",
        f"  outcomes   {r.outcomes}",
        f"  faults     {r.faults}",
        f"  behaviours {r.behaviours}",
        f"  ledger     {r.ledger} -> {'balanced' if 'ledger does not balance' not in str(r.failures) else 'NOT BALANCED'}",
        f"  hardware   {r.hardware}",
        f"  exactly-once: {r.charged_sessions} charged = {r.server_received} received + "
        f"{r.outbox_depth - len(r.awaiting_replay)} queued (and {len(r.awaiting_replay)} received, queued for a "
        f"replay: {r.awaiting_replay[:3]})",
        f"  personal data: {len(r.log_leaks)} log lines, {len(r.raw_log_leaks)} raw messages, "
        f"{len(r.file_leaks)} files (over {r.log_lines} log lines)",
        f"  log errors {r.log_errors}",
        f"  resources  first {r.resources_first} last {r.resources_last}",
        f"  growth per 1000 sessions {r.growth_per_1000}; RSS kB after n sessions {r.rss_after}",
    ]
    for sample in r.error_samples[:5]:
        lines.append(f"    error: {sample}")
    lines.append("OK: every invariant holds" if r.ok else "FAILED:\n  " + "\n  ".join(r.failures))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--scale", type=float, default=0.05, help="timer scale (state timeouts, countdowns)")
    parser.add_argument("--session-limit-s", type=float, default=SESSION_LIMIT_S,
                        help="a session that takes longer fails the run (the run is bounded by --sessions)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        result = run_soak(args.sessions, args.seed, scale=args.scale, session_limit_s=args.session_limit_s,
                          progress=not args.quiet)
    except KeyboardInterrupt as exc:
        print(f"soak: {exc}; its work folder was removed", file=sys.stderr, flush=True)
        return 130
    print(summary(result, args.seed), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result.__dict__ | {"ok": result.ok}, indent=1, default=str))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
