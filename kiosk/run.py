"""`kiosk run`: the booth's event loop, from start-up recovery to a clean shutdown."""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk import log
from kiosk.app import Booth, Options
from kiosk.config import Config
from kiosk.watchdog import Watchdog, notify_ready, notify_status, notify_stopping

_log = log.get("app")


def run_booth(cfg: Config, *, lang: str = "ja", size: tuple[int, int] | None = None, show_panel: bool = True) -> int:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    booth = Booth(cfg, app, Options(lang=lang, size=size, show_panel=show_panel))
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    keep_python_awake = QTimer()  # lets Python's signal handlers run while Qt's loop waits
    keep_python_awake.start(250)
    keep_python_awake.timeout.connect(lambda: None)
    watchdog = Watchdog()  # keep-alives from the GUI thread: a frozen screen gets the booth restarted
    booth.ready.connect(lambda: (notify_ready(), watchdog.start()))
    booth.flow.state_entered.connect(lambda state: notify_status(f"screen {state}"))  # `systemctl status kiosk`
    booth.start()
    code = app.exec()
    _log.info("shutting down")
    notify_stopping()
    watchdog.stop()
    booth.shutdown()
    return int(booth.exit_code or code)
