"""The composition root: reads nothing itself, builds every long-lived object once and wires their signals."""

from __future__ import annotations

import contextlib
import ctypes
import linecache
import logging
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__, log
from kiosk.config import Config, check_mode
from kiosk.devices import factory
from kiosk.devices.base import Device, PendingNote
from kiosk.devices.storage import StorageMonitor
from kiosk.devices.submitter import HttpSubmitter
from kiosk.flow.cashier import Cashier
from kiosk.flow.hopper_stock import HopperStock
from kiosk.flow.machine import Flow, FlowDevices
from kiosk.flow.studio import Studio
from kiosk.flow.table import INTAKE_OPEN
from kiosk.later import Later
from kiosk.photo.lab import LazyPhotoLab
from kiosk.store.audit import AuditLog
from kiosk.store.db import state_dir
from kiosk.store.ledger import Ledger
from kiosk.store.lock import StorageLock
from kiosk.store.stores import open_stores
from kiosk.ui.fonts import load_fonts
from kiosk.ui.i18n import Translations
from kiosk.ui.sound import Chimes
from kiosk.ui.voice import SpeechEngine, Voice, default_engine
from kiosk.ui.window import BoothWindow
from kiosk.workers import collect_garbage_in_gui_thread, import_now

_log = log.get("app")
STOP_WAIT_MS = 3000  # a service stop waits this long for the session's payout (systemd's budget is 5 s in all)
STOP_POLL_MS = 20
FIRST_PAINT_WAIT_MS = 3000  # the deferred start-up steps begin at the first paint, or after this (a hidden window)
TAPS_FIRST_MAX_MS = 1500  # the deferred steps wait this long at most after the first paint for the first screen
MONEY_FIRST_MAX_MS = 1500  # the steps after the devices' wait this long at most for the coin acceptor to report
LATE_DEVICES = ("camera", "printer", "receipt_printer")  # started by deferred steps: their start() imports
# OpenCV, NumPy, CUPS, python-escpos and Pillow, which the first paint does without


def simulated_scene(name: str) -> Any:
    """kiosk.photo.scenes.scene, imported when the camera is prepared (scikit-image: not for the first paint)."""
    from kiosk.photo.scenes import scene

    return scene(name)


def prepare_simulated_scenes() -> None:
    """kiosk.photo.scenes and its native libraries, in the GUI thread: the camera's worker calls simulated_scene."""
    import_now("kiosk.photo.scenes")


class FirstPaint(QObject):
    """Calls back once, at the first paint of a widget or of anything inside it."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then  # None once called
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and (
                obj is self._widget or self._widget.isAncestorOf(obj)):
            self.fire()
        return False

    def fire(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        then, self._then = self._then, None
        if then is not None:
            QTimer.singleShot(0, then)  # after the paint, not inside it


@dataclass
class Options:
    """What the command line adds to the config."""

    lang: str = "ja"
    size: tuple[int, int] | None = None  # window size instead of full screen (tests, screenshots)
    show_panel: bool = True  # the simulator control panel (simulator mode only)
    timer_scale: float = 1.0
    today: Callable[[], date] = date.today
    speech: Callable[[], SpeechEngine | None] = default_engine  # the voice guidance's engine (tests: a fake)


def _glibc() -> Any:
    """The C library when it is glibc (malloc_trim, mallopt), else None."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Few malloc arenas: the capture, analysis and I/O threads otherwise each grow their own and keep it."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-8, arenas)  # M_ARENA_MAX


PR_SET_DUMPABLE = 4  # <linux/prctl.h>
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> tuple[int, int]:
    """No core file of this process, ever: it would hold application IDs, birth dates and photos.

    RLIMIT_CORE 0 (soft and hard: a core written by the kernel, or by systemd-coredump, which honours it) and
    PR_SET_DUMPABLE 0 (no dump even where fs.suid_dumpable asks for one, and no ptrace attach by the same user).
    Returns what the process reads back: (the RLIMIT_CORE hard limit, the dumpable flag); -1 where unknown.
    """
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError) as exc:
        _log.error("core dumps: RLIMIT_CORE not set (%s)", type(exc).__name__)
    dumpable = -1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            _log.error("core dumps: PR_SET_DUMPABLE refused (errno %d)", ctypes.get_errno())
        dumpable = int(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError) as exc:  # not Linux
        _log.error("core dumps: prctl unavailable (%s)", type(exc).__name__)
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    return (-1 if hard == resource.RLIM_INFINITY else int(hard)), dumpable


def release_memory() -> None:
    """Give freed heap back to the system between sessions (frames and photos are megabytes each).

    The source lines in linecache go too: PySide6's import hook reads the source of every Python module
    imported after it (shibokensupport's check for ``from __feature__``), which leaves some 14 MB of lines
    that nothing needs (a traceback reads the few it shows again).
    """
    linecache.clearcache()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


class Booth(QObject):
    """One booth: devices, store, flow, window. start() recovers money and outbox, then shows attract.

    Start-up has two parts: what the attract screen and the money need (the stores, the money devices, the
    flow, the window with its first screen) is built and started at once; the rest (the reference reception
    server and the sender, the camera, the printers, the photo lab, the other screens, the maintenance menu,
    the metrics, the simulator panel) are named steps of ``self.later`` run one per turn of the event loop
    after the first paint, or at once where something needs them first (``booth.reception``, ``booth.fleet``).
    """

    ready = Signal()  # recovery is over and the first screen is up

    def __init__(self, cfg: Config, app: QApplication, options: Options | None = None) -> None:
        super().__init__()
        check_mode(cfg)  # the reference server below runs in simulator mode only
        limit_malloc_arenas()
        core, dumpable = disable_core_dumps()
        _log.info("core dumps off: RLIMIT_CORE %d, dumpable %d", core, dumpable)
        self.cfg = cfg
        self.app = app
        collect_garbage_in_gui_thread(app)  # never in a worker thread, never inside Qt (kiosk.workers)
        self.options = options or Options()
        self.state_dir = state_dir(cfg.storage.dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.storage_lock = StorageLock(self.state_dir)
        self.storage_lock.acquire(wait_s=5.0)  # StorageInUse: another booth process works on this folder
        self.stores = open_stores(self.state_dir)  # never raises for a store problem: the booth shows it
        for problem in self.stores.problems:
            _log.error("store problem: %s", problem)
        if self.stores.created:
            _log.info("new stores created in %s", self.state_dir)
        self.ledger, self.outbox, key = self.stores.ledger, self.stores.outbox, self.stores.key
        self.storage = StorageMonitor(self.state_dir, headroom_bytes=cfg.storage.headroom_mb * 1_000_000,
                                      reserve_bytes=cfg.storage.reserve_mb * 1_000_000,
                                      problems=[str(p) for p in self.stores.problems if not p.transient],
                                      waiting_for=[str(p) for p in self.stores.problems if p.transient])
        self.ledger.write_failed.append(self.storage.report_failure)
        try:
            self.audit = AuditLog(self.state_dir / "audit.db")
        except (OSError, sqlite3.Error) as exc:  # the storage problem is shown by the storage monitor
            _log.error("audit trail cannot be opened (%s); kept in memory", type(exc).__name__)
            self.audit = AuditLog(None)
        self.later = Later(self)  # the rest of start-up, from the first paint
        self.session_later = Later(self)  # what only a session needs, from the first session's menu
        self._reception: Any = None  # the reference server (simulator mode without a submission url)
        self.devices = factory.build(cfg, self.state_dir.with_name(self.state_dir.name + "-sim"),
                                     resume_counter=self.ledger.last_acceptor_counter(),
                                     scene_source=simulated_scene, prepare_scenes=prepare_simulated_scenes,
                                     pending_note=self._pending_note())
        self.submitter = HttpSubmitter(
            self.state_dir / "outbox.db", key, cfg.submission.url, timeout_s=cfg.submission.timeout_s, ca_file=cfg.submission.ca_file,
            client_cert=cfg.submission.client_cert, client_key=cfg.submission.client_key,
            stuck_alarm_s=cfg.submission.stuck_alarm_s, backoff_initial_s=cfg.submission.backoff_initial_s,
            backoff_max_s=cfg.submission.backoff_max_s)
        self.cashier = Cashier(self.devices.acceptor, self.devices.hopper, self.ledger, cfg.booth.fee_yen,
                               bills=self.devices.bill_validator)
        self.storage.health_changed.connect(self._on_storage_health)  # before the flow's: stores first
        self.hopper_stock = self._hopper_stock()
        # the money devices start identifying themselves now, while the rest is built (the coin acceptor's 20-odd
        # transactions at 9600 baud take about half a second; what they report waits in their relays until the
        # event loop runs, by when every connection below is made)
        for device in self._money_devices():
            device.start()
        self.lab = LazyPhotoLab(cfg.photo)  # made by a deferred step (OpenCV, NumPy, LiteRT)
        from kiosk.flow.timers import NamedTimers

        fast = cfg.simulated_time_scale()  # [simulator] time_scale: the countdown's seconds, the fixed waits
        self.studio_timers = NamedTimers(self.options.timer_scale / fast, self)
        self.studio = Studio(self.devices.camera, self.lab.live, self.lab.process_burst, self.studio_timers)
        health: dict[str, Device] = {d.name: d for d in self.devices.all()}
        health[self.submitter.name] = self.submitter
        health[self.storage.name] = self.storage
        self.flow = Flow(cfg, FlowDevices(self.cashier, self.devices.reader, self.devices.camera, self.submitter,
                                          self.outbox, self.studio, health, self.storage,
                                          printer=self.devices.printer, receipt=self.devices.receipt,
                                          use_photo_size=lambda size: self.lab.use_size(size, cfg.printer.dpi)),
                         today=self.options.today, timer_scale=self.options.timer_scale)
        self.family = load_fonts()
        font = app.font()
        font.setFamily(self.family)
        app.setFont(font)
        self.translations = Translations(app)
        self.flow.session.home_language = self.flow.session.language = self.options.lang
        self.window = BoothWindow(self.flow, self.translations)
        self.window.read_confirm_ms = round(self.window.read_confirm_ms / fast)
        self.window.set_language(self.options.lang)  # the first screen is in the booth's language already
        self.voice = Voice(self.options.speech(), lambda sid: self.window.screens[sid].speech_text(),
                           lambda: self.translations.current, self)
        self.window.screen_shown.connect(self.voice.speak_screen)
        self.window.language_changed.connect(lambda _code: self.voice.repeat())
        self.window.mute_pressed.connect(self.voice.toggle_mute)
        self.window.help_shown.connect(self.voice.speak)  # the help panel is read out too
        self.window.volume_pressed.connect(self.voice.next_volume)
        self.voice.state_changed.connect(self.window.show_voice_state)
        self.chimes = Chimes(self, load=False)  # QtMultimedia: a deferred step (not for the first paint)
        self.voice.state_changed.connect(self.chimes.set_state)
        self.flow.camera_countdown.connect(self.chimes.on_countdown)
        self.flow.session.wiped.connect(self.voice.reset)
        self._panel: Any = None  # the simulator panel, a deferred step (simulator mode only)
        self.events = log.RingHandler()
        logging.getLogger("kiosk").addHandler(self.events)
        from kiosk.service.audit_trail import AuditTrail

        self.trail = AuditTrail(self.flow, self.audit)
        self._maintenance: Any = None
        from kiosk.store.lockout import LockoutFile

        self.lockout = LockoutFile(self.state_dir / "pin_lockout.db")  # the PIN lockout, with the other stores
        try:
            self.lockout.load()
        except (OSError, sqlite3.Error) as exc:  # the storage problem is shown by the storage monitor
            _log.error("PIN lockout file cannot be opened (%s)", type(exc).__name__)
        self._fleet: Any = None
        self.exit_code = 0
        self.flow.ready.connect(self._on_ready)
        self.flow.session_ended.connect(lambda _outcome: release_memory())
        self.later.finished.connect(release_memory)  # what the deferred steps read and freed (their sources too)
        self.session_later.finished.connect(release_memory)
        self._session_begun = False  # a session has begun (the menu): the steps only a session needs may run
        self._held_for_money = False
        self._painted = False
        self.flow.state_entered.connect(self._on_state_entered)
        self._started = False
        self._stop_deadline: float | None = None
        self._starting = False  # start() was called
        self._queue_later_steps()  # run from the first paint on (start()), or at once by name

    # -- what start-up builds after the first paint (each also at its first use) ---------------------------
    @property
    def reception(self) -> Any:
        """The reference reception server (kiosk.server.reception), or None when a submission url is set."""
        self.later.run("reception")
        return self._reception

    @property
    def panel(self) -> Any:
        """The simulator control panel (kiosk.ui.panel.SimulatorPanel), or None (not simulated, or not shown)."""
        self.later.run("panel")
        return self._panel

    @property
    def maintenance(self) -> Any:
        """The maintenance menu's access (kiosk.service.access.MaintenanceAccess)."""
        self.later.run("maintenance")
        return self._maintenance

    @property
    def fleet(self) -> Any:
        """The fleet metrics feed (kiosk.service.fleet.FleetMetrics; prometheus_client)."""
        self.later.run("metrics")
        return self._fleet

    def _queue_later_steps(self) -> None:
        """The second part of start-up, in the order a citizen's first taps may need it."""
        steps: list[tuple[str, Callable[[], None]]] = []
        if self.devices.camera.name in LATE_DEVICES:  # a required device: first (a simulated one loads nothing
            steps.append((self.devices.camera.name, self._device_starter(self.devices.camera)))  # until prepared)
        # the coin acceptor identifies itself in a worker that needs the GIL for each of its 20-odd
        # transactions: the heavier steps wait for it (intake able to open) or for MONEY_FIRST_MAX_MS
        steps.append(("money first", self._hold_for_the_money_devices))
        for device in self._late_devices():  # the printers: python-escpos, CUPS, Pillow
            if device is not self.devices.camera:
                steps.append((device.name, self._device_starter(device)))
        steps.append(("sounds", self.chimes.load))  # QtMultimedia's plugin, in the GUI thread
        if not self.cfg.submission.url:
            steps.append(("reception", self._start_reception))
        if self.stores.outbox_usable:  # never send from a stand-in outbox
            steps.append(("sender", self._start_sender))
        steps += [(f"screen {sid}", self._screen_builder(sid)) for sid in self.window.screens.missing()]
        steps += [("maintenance", self._build_maintenance), ("metrics", self._start_metrics)]
        if self.cfg.booth.simulate and self.options.show_panel:
            steps.append(("panel", self._show_panel))
        for name, step in steps:
            self.later.add(name, step)
        # what only a session needs (the camera's capture and its libraries, the photo lab with OpenCV, NumPy and
        # LiteRT: some 70 MB) waits for the first session to begin (the menu), not for the booth to start
        # one library a step (each a turn of the event loop: a tap on the menu waits for one of them at most)
        self.session_later.add("numpy", lambda: import_now("numpy"))
        self.session_later.add("opencv", lambda: import_now("cv2"))
        if self.devices.sims.camera is not None:
            self.session_later.add("scenes", prepare_simulated_scenes)
        self.session_later.add("camera", self._prepare_camera)
        self.session_later.add("photo modules", lambda: import_now("kiosk.photo.capture"))
        self.session_later.add("photo lab", self._start_lab)

    def _on_session_begun(self) -> None:
        """The first session has begun (the menu): what only a session needs is made now, in deferred steps."""
        self._session_begun = True
        self.session_later.begin()

    def _prepare_camera(self) -> None:
        self.devices.camera.prepare()  # a simulated camera imports its scenes' modules first

    def _hold_for_the_money_devices(self) -> None:
        if not self._money_devices_waiting():
            return
        self._held_for_money = True
        self.later.hold()
        QTimer.singleShot(MONEY_FIRST_MAX_MS, self._release_for_the_money_devices)

    def _release_for_the_money_devices(self) -> None:
        if self._held_for_money:
            self._held_for_money = False
            self.later.release()

    def _money_devices_waiting(self) -> bool:
        return not self._started or self.flow.waiting_for_devices()

    def _release_when_the_money_devices_reported(self, *_args: object) -> None:
        if not self._money_devices_waiting():
            self._release_for_the_money_devices()

    def _money_devices(self) -> list[Device]:
        return [d for d in (self.devices.acceptor, self.devices.hopper, self.devices.bill_validator) if d is not None]

    def _late_devices(self) -> list[Device]:
        return [d for d in self.devices.all() if d.name in LATE_DEVICES]

    def _start_reception(self) -> None:
        from kiosk.server.reception import ReceptionServer

        self._reception = ReceptionServer("127.0.0.1", 0, self.state_dir / "reception")
        self._reception.start()
        self.submitter.set_url(self._reception.url)
        _log.info("reference reception server on %s (simulator mode)", self._reception.url)

    def _start_sender(self) -> None:
        self.later.run("reception")  # the sender needs its url
        self.submitter.start()

    def _start_lab(self) -> None:
        self.lab.prepare()
        self.lab.start()
        if self._session_begun:
            self.lab.warm()  # the face models, in the background: the menu came before this step

    def _on_first_paint(self) -> None:
        """The deferred steps begin once the first screen is painted and takes taps (the flow on it after the
        money recovery), so that none of them delays the first tap; or TAPS_FIRST_MAX_MS after the paint."""
        self._painted = True
        QTimer.singleShot(TAPS_FIRST_MAX_MS, self.later.begin)
        self._begin_later_when_taking_taps()

    def _begin_later_when_taking_taps(self) -> None:
        if self._painted and self.flow.current:
            self.later.begin()

    def _on_state_entered(self, state: str) -> None:
        self._begin_later_when_taking_taps()
        # never a library import while intake is open: it holds the GIL for up to a few hundred ms, the acceptor's
        # polls wait, and coins arriving meanwhile beyond its 5-event buffer would be lost
        if state in INTAKE_OPEN:
            self.session_later.hold()
        else:
            self.session_later.release()
        if state != "menu":
            return
        if not self._session_begun:
            self._on_session_begun()
        if self.lab.built:
            self.lab.warm()  # else the photo lab's step warms it once made

    def _device_starter(self, device: Device) -> Callable[[], None]:
        return device.start

    def _screen_builder(self, state_id: str) -> Callable[[], None]:
        return lambda: self.window.build_screens([state_id])

    def _build_maintenance(self) -> None:
        from kiosk.service.access import MaintenanceAccess
        from kiosk.service.backend import BoothService

        self._maintenance = MaintenanceAccess(self.cfg, self.flow, self.window, self.app, self.state_dir,
                                              BoothService(self), self.trail, self.lockout)

    def _start_metrics(self) -> None:
        from kiosk.service.fleet import FleetMetrics

        self._fleet = FleetMetrics(self)
        if self.cfg.metrics.enabled:
            self._fleet.serve(self.cfg.metrics.bind)

    def _show_panel(self) -> None:
        from kiosk.ui.panel import SimulatorPanel

        self._panel = SimulatorPanel(self)
        if self._starting:
            self._place_panel()

    def _place_panel(self) -> None:
        self._panel.place_beside(self.window)  # within the screen's available geometry
        self._panel.show()

    def _pending_note(self) -> PendingNote | None:
        """The note the ledger shows sent to the stacker last, for the bill validator's driver to settle."""
        pending = self.ledger.pending_note()
        if pending is None:
            return None
        _txn, note_id, value_yen, credited = pending
        return PendingNote(note_id, value_yen, credited)

    def _hopper_stock(self) -> HopperStock | None:
        """The hopper's coin estimate from the ledger, fed to its driver (made after the cashier, whose payout
        slot writes the ledger first). A simulated hopper's first fill is recorded as its first refill."""
        hopper = self.devices.hopper
        if hopper is None:
            return None
        sim = self.devices.sims.cctalk
        if sim is not None and not self.ledger.has_refill():
            coins = int(getattr(sim, "hopper_coins", 0))
            self.ledger.refill(coins, hopper.coin_yen)
            _log.info("simulator: the simulated hopper's %d coins recorded as its first refill", coins)
        stock = HopperStock(self.ledger, hopper, self.cfg.devices.hopper.low_level_coins, self)
        stock.refresh()
        self.cashier.recovered.connect(stock.refresh)  # recovery may settle an interrupted payout
        return stock

    # -- life cycle ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start every device, recover the money, then show the first screen."""
        sys.excepthook = self._excepthook
        self.trail.record("started", f"version {__version__}")
        self.storage.start()
        late, money = self._late_devices(), self._money_devices()
        for device in self.devices.all():  # the reader now (the money devices run already); the others after
            if device not in late and device not in money:  # the paint
                device.start()
        self._starting = True
        for device in self.devices.all():
            device.health_changed.connect(self._release_when_the_money_devices_reported)
        self.ready.connect(self._release_when_the_money_devices_reported)
        self._first_paint = FirstPaint(self.window, self._on_first_paint)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._first_paint.fire)
        if self.options.size is not None:
            self.window.resize(*self.options.size)
            self.window.show()
        elif self.cfg.booth.kiosk_mode:
            from kiosk.ui.lockdown import CloseGuard, ShortcutBlocker, apply_kiosk_window, lock_widget_tree

            self._blocker, self._guard = ShortcutBlocker(), CloseGuard()
            self.app.installEventFilter(self._blocker)
            self.window.installEventFilter(self._guard)
            lock_widget_tree(self.window)
            self.window.screen_built.connect(lock_widget_tree)  # the screens built later, and what the
            self.later.finished.connect(lambda: lock_widget_tree(self.window))  # deferred steps added
            self.session_later.finished.connect(lambda: lock_widget_tree(self.window))
            apply_kiosk_window(self.window)
        else:
            self.window.resize(1280, 800)
            self.window.show()
        if self._panel is not None:  # made before the start (looked up): shown now, beside the window
            self._place_panel()
        self.flow.boot()

    def _on_storage_health(self, health: object) -> None:
        if not self.storage.health.ok:
            return
        if self.stores.reopenable:
            self._reopen_stores()
        if self.storage.health.ok:
            self.cashier.storage_restored()

    def _reopen_stores(self) -> None:
        """The stores could not be opened because of the storage itself (full, read-only); it takes writes
        again, so open them for real now (the stand-ins held nothing: intake never opened)."""
        stores = open_stores(self.state_dir)
        if not stores.ok:
            stores.close()
            self.storage.report_failure("; ".join(str(p) for p in stores.problems))
            return
        _log.info("stores opened after the storage came back")
        old, self.stores = self.stores, stores
        self.ledger, self.outbox = stores.ledger, stores.outbox
        self.ledger.write_failed.append(self.storage.report_failure)
        self.cashier.use_ledger(self.ledger)
        if self.hopper_stock is not None:
            self.hopper_stock.use_ledger(self.ledger)
        self.flow.use_outbox(self.outbox)
        old.close()
        self.storage.stores_reopened()
        if self.stores.outbox_usable:
            self.submitter.start()
        self.cashier.recover(self.flow.application_kept)

    def _on_ready(self) -> None:
        """The flow started on its first screen (money settled, devices reported)."""
        self._started = True
        _log.info("booth %s ready", self.cfg.booth.id)
        release_memory()  # what start-up read and freed
        self.ready.emit()

    def quit(self, code: int = 0) -> None:
        """Leave the event loop with this exit status (the maintenance menu's restart and exit, a stop).

        QApplication.exit, not quit(): Qt 6's quit() first asks every window to close, and the kiosk window's
        CloseGuard refuses, so quit() did nothing in kiosk mode. Only from inside the loop: exit() outside one
        would leave Qt's "quit now" flag set, and every later local event loop would end at once.
        """
        self.exit_code = code
        guard = getattr(self, "_guard", None)
        if guard is not None:
            guard.release()
        if QThread.currentThread().loopLevel() > 0:
            self.app.exit(code)

    def stop(self, reason: str) -> None:
        """A service stop (SIGTERM, SIGINT): end like out of service ends a session, then leave the loop.

        The flow's own failure path takes the booth out of service, which ends a session in progress by its
        rules (the fee charged when the application is kept, the rest refunded); the payout gets STOP_WAIT_MS,
        then the loop ends with status 0 either way (a payout still running is settled by the next start's
        recovery from the ledger and the hopper's count). A second stop leaves at once.
        """
        if self._stop_deadline is not None:
            _log.warning("stop (%s) again: leaving now", reason)
            self.quit(0)
            return
        _log.info("stopping (%s)", reason)
        self.trail.record("stopped", reason)
        self._stop_deadline = time.monotonic() + STOP_WAIT_MS / 1000
        if self._started and self.flow.current != "out_of_service":
            self.flow.shut_down(f"booth stopping ({reason})")  # a clean stop, not a failure: logged as such
        self._stop_when_settled()

    def _stop_when_settled(self) -> None:
        settled = not self._started or (self.flow.current in ("attract", "out_of_service")
                                        and not self.cashier.busy)
        late = self._stop_deadline is not None and time.monotonic() >= self._stop_deadline
        if settled or late:
            if late and not settled:
                _log.warning("stopping with a payout still running: the next start settles it")
            self.quit(0)
            return
        QTimer.singleShot(STOP_POLL_MS, self._stop_when_settled)

    def shutdown(self) -> None:
        """Stop workers and join them; safe to call twice."""
        logging.getLogger("kiosk").removeHandler(self.events)
        self.later.drop()  # what has not run yet never will
        self.session_later.drop()
        if self._fleet is not None:
            self._fleet.stop()
        if self._maintenance is not None:
            self._maintenance.close()  # the lockout file too
        else:
            self.lockout.close()
        self.flow.stop()
        self.studio.stop()
        self.lab.stop()
        for device in [self.submitter, *reversed(self.devices.all())]:
            try:
                device.stop()
            except Exception:
                _log.exception("stopping %s failed", device.name)
        self.devices.sims.close()
        if self._reception is not None:
            self._reception.stop()
        self.storage.stop()
        # whatever still runs on the GUI thread after this (a queued slot, a timer of an object not yet deleted)
        # writes to stand-ins, never to a closed database: the stores are closed with nothing half-written
        stand_in = Ledger(None)
        self.cashier.use_ledger(stand_in)
        if self.hopper_stock is not None:
            self.hopper_stock.use_ledger(stand_in)
        self.stores.close()
        self.audit.close()
        self.storage_lock.release()
        if self._panel is not None:
            self._panel.close()
        self.window.close()

    def _excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Any exception Qt hands back to Python puts the booth out of service (money refunded)."""
        _log.error("unexpected exception: %s", "".join(traceback.format_exception_only(exc_type, exc)).strip())
        with contextlib.suppress(Exception):  # the last line of defence must not raise
            self.flow.fail("unexpected exception")

    # -- for the selftest, the panel and the maintenance menu --------------------------------------------
    def device_rows(self) -> list[tuple[str, str, str]]:
        rows = [(d.name, d.health.state.value, d.health.detail) for d in [*self.devices.all(), self.submitter]]
        return rows

    def status(self) -> dict[str, Any]:
        return {"state": self.flow.current, "devices": self.device_rows(), "outbox": self.outbox.depth()}
