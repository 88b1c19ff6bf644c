"""Unit tests for the pure line framing of kiosk.devices.scanner."""

from __future__ import annotations

import pytest

from kiosk.devices.scanner import LineFramer, RepeatFilter, decode_payload


@pytest.mark.parametrize("suffix", [b"\r", b"\r\n", b"\n"])
def test_lines_split_across_feeds(suffix: bytes) -> None:
    framer = LineFramer(suffix)
    data = b"hello" + suffix + b"world" + suffix
    lines: list[bytes] = []
    for i, byte in enumerate(data):
        lines += framer.feed(bytes([byte]), now_s=i * 0.001)
    assert lines == [b"hello", b"world"]
    assert framer.pending == 0


def test_gap_drops_a_partial_line() -> None:
    framer = LineFramer(b"\r", gap_s=0.5)
    assert framer.feed(b"1234", now_s=0.0) == []
    assert framer.feed(b"5678\r", now_s=0.6) == [b"5678"]
    assert framer.dropped_partial == 1
    assert framer.feed(b"ab", now_s=1.0) == []
    assert framer.feed(b"cd\r", now_s=1.4) == [b"abcd"]


def test_over_long_line_is_dropped_whole() -> None:
    framer = LineFramer(b"\r\n", max_line_bytes=8)
    assert framer.feed(b"0123456789", now_s=0.0) == []
    assert framer.feed(b"tail\r\nok\r\n", now_s=0.01) == [b"ok"]
    assert framer.dropped_long == 1
    assert framer.feed(b"12345678\r\n", now_s=0.02) == [b"12345678"]  # exactly the limit passes
    assert framer.feed(b"123456789\r\n", now_s=0.03) == []


def test_crlf_split_between_feeds() -> None:
    framer = LineFramer(b"\r\n", max_line_bytes=4)
    assert framer.feed(b"abcd\r", now_s=0.0) == []
    assert framer.feed(b"\n", now_s=0.001) == [b"abcd"]


def test_discard_current_skips_the_rest_of_the_line() -> None:
    framer = LineFramer(b"\r")
    framer.feed(b"first half", now_s=0.0)
    framer.discard_current()
    assert framer.feed(b" second half\rnext\r", now_s=0.01) == [b"next"]
    framer.discard_current()  # nothing in progress: the next line passes
    assert framer.feed(b"again\r", now_s=0.02) == [b"again"]


def test_empty_lines_are_ignored() -> None:
    assert LineFramer(b"\r").feed(b"\r\r\rx\r", now_s=0.0) == [b"x"]


def test_decode_replaces_invalid_bytes() -> None:
    assert decode_payload(b"ab\xff\xfe") == "ab\ufffd\ufffd"
    assert decode_payload("申請".encode()) == "申請"


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


def test_repeat_filter_drops_a_held_code() -> None:
    clock = FakeClock()
    repeat = RepeatFilter(2.0, clock=clock)
    assert repeat.passes("A")
    for _ in range(5):  # held under the reader: seen every second, never passes again
        clock.now_s += 1.0
        assert not repeat.passes("A")
    clock.now_s += 2.5  # taken away for longer than the hold
    assert repeat.passes("A")
    assert repeat.passes("B")  # a different code passes at once
    assert repeat.passes("A")
    repeat.reset()
    assert repeat.passes("A")
