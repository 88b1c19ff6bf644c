"""Logging: redaction of anything that could be personal, JSON lines, journald priorities, the event ring."""

from __future__ import annotations

import io
import json
import logging

import pytest

from kiosk import log


@pytest.fixture
def captured(monkeypatch):  # type: ignore[no-untyped-def]
    def make(as_json: bool = False, journal: bool = False) -> io.StringIO:
        if journal:
            monkeypatch.setenv("JOURNAL_STREAM", "8:1234")
        else:
            monkeypatch.delenv("JOURNAL_STREAM", raising=False)
        stream = io.StringIO()
        handler = log.setup("INFO", as_json)
        handler.setStream(stream)
        return stream

    yield make
    root = logging.getLogger("kiosk")
    for h in list(root.handlers):
        root.removeHandler(h)
    root.propagate = True


def test_application_ids_and_dates_are_masked(captured) -> None:  # type: ignore[no-untyped-def]
    stream = captured()
    log.get("flow").info("id %s born %s", "12345678901234567890123", "1985-04-12")
    text = stream.getvalue()
    assert "12345678901234567890123" not in text and "1985-04-12" not in text
    assert "<digits>" in text and "<date>" in text


def test_exceptions_are_masked_too(captured) -> None:  # type: ignore[no-untyped-def]
    stream = captured()
    try:
        raise ValueError("bad id 98765432109876543210987")
    except ValueError:
        log.get("app").exception("failed")
    assert "98765432109876543210987" not in stream.getvalue()


def test_json_lines_carry_a_journald_priority(captured) -> None:  # type: ignore[no-untyped-def]
    stream = captured(as_json=True, journal=True)
    log.get("money").warning("hopper low")
    line = stream.getvalue().strip()
    assert line.startswith("<4>")
    assert json.loads(line[3:])["message"] == "hopper low"


def test_the_ring_keeps_the_newest_redacted_lines() -> None:
    ring = log.RingHandler(capacity=3)
    logger = log.get("test-ring")
    logger.addHandler(ring)
    logger.setLevel(logging.INFO)
    try:
        for i in range(5):
            logger.info("line %d id 12345678901234567890123", i)
    finally:
        logger.removeHandler(ring)
    lines = ring.recent(10)
    assert len(lines) == 3 and "line 4" in lines[-1]
    assert all("12345678901234567890123" not in line for line in lines)
