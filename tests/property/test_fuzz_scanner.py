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
