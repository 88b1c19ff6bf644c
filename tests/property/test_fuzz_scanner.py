"""Fuzzing what a scanner or a QR code hands the booth: line framing, payload decoding, the ID parser."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.devices.scanner import LineFramer, decode_payload
from kiosk.devices.sim.qr_payloads import official_url
from kiosk.flow import application_id as aid

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SUFFIXES = st.sampled_from([b"\r", b"\r\n", b"\n"])
ID23 = re.compile(r"(?<![0-9])[0-9]{23}(?![0-9])")
IDS = st.text(alphabet="0123456789", min_size=23, max_size=23)


@FUZZ
@given(
    SUFFIXES,
    st.lists(st.tuples(st.binary(max_size=700), st.floats(0.0, 1.0)), max_size=20),
    st.integers(8, 600),
)
def test_line_framer_never_raises_and_keeps_its_bounds(suffix: bytes, chunks: list, limit: int) -> None:
    framer = LineFramer(suffix, max_line_bytes=limit)
    now = 0.0
    for data, gap in chunks:
        now += gap
        for line in framer.feed(data, now):
            assert line and len(line) <= limit and suffix not in line
        assert framer.pending <= limit + len(suffix)


@FUZZ
@given(st.binary(max_size=600))
def test_binary_junk_never_gives_an_id_without_23_digits(junk: bytes) -> None:
    text = decode_payload(junk)
    result = aid.parse(text)
    assert result.ok != (result.rejection is not None)
    if result.ok:
        assert result.application_id is not None and result.application_id.digits in text
        assert len(ID23.findall(text)) == 1


@FUZZ
@given(st.text(max_size=300))
def test_random_text_parses_to_at_most_the_one_id_it_holds(text: str) -> None:
    result = aid.parse(text)
    if result.ok:
        assert result.application_id is not None
        assert ID23.findall(text) == [result.application_id.digits]
        assert result.application_id.digits not in repr(result)  # never echoed


@FUZZ
@given(st.text(max_size=80))
def test_typed_text_never_raises(text: str) -> None:
    result = aid.parse_typed(text)
    if result.ok:
        assert result.application_id is not None and aid.is_id_digits(result.application_id.digits)


@FUZZ
@given(
    IDS,
    st.text(max_size=20),
    st.text(max_size=20),
    st.sampled_from([b"\r", b"\r\n", b"\n"]),
    st.integers(1, 64),
)
def test_a_qr_payload_around_one_id_survives_framing_in_any_chunking(
    digits: str, before: str, after: str, suffix: bytes, chunk: int
) -> None:
    """An official URL (or mutated text around the ID) split at random points: same result as unsplit."""
    payload = official_url(digits) if not before else before + digits + after
    raw = payload.encode("utf-8")
    if suffix in raw or b"\r" in raw or b"\n" in raw:
        return
    framer = LineFramer(suffix, max_line_bytes=2048)
    lines: list[bytes] = []
    data = raw + suffix
    for i in range(0, len(data), chunk):
        lines += framer.feed(data[i : i + chunk], 0.0)
    assert lines == ([raw] if raw else [])
    if raw:
        assert aid.parse(decode_payload(lines[0])) == aid.parse(payload)


@FUZZ
@given(IDS, st.sampled_from(["", "0", "00", "x", "/"]), st.integers(0, 22))
def test_a_near_miss_id_is_never_accepted(digits: str, junk: str, cut: int) -> None:
    shorter = digits[:cut] + digits[cut + 1 :]
    assert not aid.parse(official_url(shorter)).ok
    longer = digits[:cut] + "7" + digits[cut:]
    assert not aid.parse(longer + junk).ok or ID23.findall(longer + junk)


@FUZZ
@given(IDS, st.integers(0, 22), st.integers(0, 255), SUFFIXES)
def test_a_code_with_one_corrupted_byte_is_refused(digits: str, at: int, byte: int, suffix: bytes) -> None:
    """One digit of the ID replaced by any other byte on the wire: the line arrives, and is refused."""
    raw = bytearray(official_url(digits).encode())
    where = raw.index(digits.encode()) + at
    if byte == raw[where] or bytes([byte]) in b"0123456789" or byte in suffix:
        return  # not a corruption the parser could see (a digit for a digit is the check digit's work)
    raw[where] = byte
    [line] = LineFramer(suffix).feed(bytes(raw) + suffix, 0.0)
    result = aid.parse(decode_payload(line))
    assert not result.ok and result.rejection is not None


@FUZZ
@given(IDS, st.integers(1, 60), SUFFIXES, st.floats(0.51, 5.0))
def test_a_code_cut_by_a_gap_never_arrives_whole(digits: str, cut: int, suffix: bytes, gap: float) -> None:
    """The bytes of one code with a pause over 0.5 s inside: the first part is dropped, the rest is refused."""
    raw = official_url(digits).encode()
    cut = cut % (len(raw) - 1) + 1
    framer = LineFramer(suffix, gap_s=0.5)
    assert framer.feed(raw[:cut], 1.0) == []
    lines = framer.feed(raw[cut:] + suffix, 1.0 + gap)
    assert framer.dropped_partial == 1
    assert lines == [raw[cut:]]
    assert not aid.parse(decode_payload(lines[0])).ok or digits in raw[cut:].decode()


@FUZZ
@given(IDS, st.integers(0, 400), SUFFIXES, st.integers(1, 80))
def test_an_overlong_line_holding_an_id_is_dropped_whole(digits: str, extra: int, suffix: bytes, chunk: int) -> None:
    """A line over the limit (a glitch that lost the suffix, a flood) is never delivered, even in part; the
    next good line arrives intact. A line of exactly the limit is delivered."""
    limit = 120
    long_line = b"x" * (limit + extra - 23) + digits.encode()
    good = official_url(digits[::-1]).encode()
    framer = LineFramer(suffix, max_line_bytes=limit)
    data = long_line + suffix + good + suffix
    lines: list[bytes] = []
    for i in range(0, len(data), chunk):
        lines += framer.feed(data[i : i + chunk], 0.0)
    if extra == 0:
        assert lines == [long_line, good] and framer.dropped_long == 0
    else:
        assert lines == [good] and framer.dropped_long == 1
