"""Logging: one named logger per subsystem, plain or JSON lines, and a filter that drops personal data.

Code never logs personal data in the first place (a session is named by its random transaction id); the
filter is the second line of defence: any run of 8 or more digits (an application ID, a birth date written
without separators, a number) and any date is masked before a record is written.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import re
import sys
import time
from typing import Any

SUBSYSTEMS = ("flow", "money", "cctalk", "scanner", "camera", "photo", "submit", "store", "ui", "server", "app")

_DIGITS = re.compile(r"\d{8,}")
_DATE = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b")


def redact(text: str) -> str:
    """Mask anything that could be an application ID or a birth date."""
    return _DATE.sub("<date>", _DIGITS.sub("<digits>", text))


def get(subsystem: str) -> logging.Logger:
    """The logger of one subsystem, e.g. get("money")."""
    return logging.getLogger(f"kiosk.{subsystem}")


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return getattr(record, "journal_prefix", "") + json.dumps(entry, ensure_ascii=False)


# syslog priorities, as journald reads them from a "<N>" prefix on a line written to its stream
_PRIORITY = {"DEBUG": 7, "INFO": 6, "WARNING": 4, "ERROR": 3, "CRITICAL": 2}


class JournalPriority(logging.Filter):
    """Under systemd (JOURNAL_STREAM set) each line starts with <N>, so `journalctl -p warning` works."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.journal_prefix = f"<{_PRIORITY.get(record.levelname, 6)}>"
        return True


def setup(level: str = "INFO", as_json: bool = False, stream: Any = None) -> logging.Handler:
    """Configure the kiosk loggers once, at start-up, from the composition root."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter())
    prefix = ""
    if os.environ.get("JOURNAL_STREAM") and stream is None:
        handler.addFilter(JournalPriority())
        prefix = "%(journal_prefix)s"
    if as_json:
        handler.setFormatter(JsonFormatter(prefix + "%(message)s"))
    else:
        handler.setFormatter(logging.Formatter(prefix + "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("kiosk")
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    return handler


class RingHandler(logging.Handler):
    """Keeps the newest log lines in memory (redacted) for the maintenance menu's event page."""

    def __init__(self, capacity: int = 500) -> None:
        super().__init__(logging.INFO)
        self.lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self.addFilter(RedactingFilter())
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%m-%d %H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a log line must never take the booth down
            self.handleError(record)

    def recent(self, limit: int) -> list[str]:
        return list(self.lines)[-limit:]
