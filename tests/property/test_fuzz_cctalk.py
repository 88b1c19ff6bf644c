"""Fuzzing the ccTalk parsers: random bytes into FrameReader, random 229 replies into the event decoder."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.devices.cctalk import protocol as p

# FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/property/test_fuzz_*.py  runs the long campaign
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MODES = st.sampled_from(["8bit", "crc16"])
CHUNKS = st.lists(st.tuples(st.binary(max_size=300), st.floats(0.0, 0.2)), max_size=30)


@FUZZ
@given(MODES, CHUNKS)
def test_frame_reader_never_raises_and_every_frame_it_returns_is_valid(mode: str, chunks: list) -> None:
    reader = p.FrameReader(mode)
    now = 0.0
    for data, gap in chunks:
        now += gap
        for frame in reader.feed(data, now):
            raw = p.encode(frame.destination, frame.header, frame.data, frame.source, mode)
            assert p.frame_valid(raw, mode)
            assert len(frame.data) <= 255
    assert reader.dropped_bytes >= 0


@FUZZ
@given(
    MODES,
    st.integers(0, 255),
    st.integers(0, 255),
    st.binary(max_size=40),
    st.integers(0, 255),
    st.integers(1, 255),
    st.data(),
    st.binary(max_size=40),
    st.binary(max_size=40),
)
def test_a_corrupted_frame_is_refused_and_the_next_frame_still_arrives(
    mode: str, dest: int, header: int, data: bytes, source: int, flip: int, draw: st.DataObject,
    before: bytes, after: bytes,
) -> None:
    """One byte of a frame corrupted (any byte, any flip), with garbage around it: the checksum refuses it,
    the reader never delivers its content, anything it does deliver is a valid frame really present in the
    stream, and after the 50 ms gap the next good frame arrives intact."""
    good = p.encode(dest, header, data, source, mode)
    raw = bytearray(good)
    raw[draw.draw(st.integers(0, len(raw) - 1))] ^= flip
    assert not p.frame_valid(bytes(raw), mode)
    with pytest.raises(p.FrameError):
        p.decode(bytes(raw), mode)
    content = (dest, header, data)
    alone = p.FrameReader(mode).feed(bytes(raw), 1.0)  # only a shorter window could be valid: never the same frame
    assert content not in [(f.destination, f.header, f.data) for f in alone]
    stream = before + bytes(raw) + after
    reader = p.FrameReader(mode)
    for frame in reader.feed(stream, 1.0):
        again = p.encode(frame.destination, frame.header, frame.data, frame.source, mode)
        assert again in stream  # bytes that really form a valid frame (garbage may hold one by chance)
    nxt = p.encode(1, 229, bytes([7]) + data[:10], 2, mode)
    got = reader.feed(nxt, 1.0 + 0.051 + p.INTER_BYTE_GAP_S)
    assert [(f.destination, f.header, f.data) for f in got] == [(1, 229, bytes([7]) + data[:10])]


@FUZZ
@given(MODES, st.binary(max_size=60), st.integers(0, 255), st.binary(max_size=30), st.binary(max_size=60))
def test_a_valid_frame_inside_garbage_is_found_once_a_gap_passes(
    mode: str, garbage: bytes, header: int, data: bytes, tail: bytes
) -> None:
    reader = p.FrameReader(mode)
    reader.feed(garbage, 0.0)  # garbage, then the line is quiet for longer than the inter-byte gap
    raw = p.encode(1, header, data, 2, mode)
    frames = reader.feed(raw, 1.0)
    assert [(f.destination, f.header, f.data) for f in frames][:1] == [(1, header, data)]


@FUZZ
@given(st.binary(max_size=20), st.integers(0, 255))
def test_229_replies_of_random_content_decode_to_at_most_five_events(data: bytes, last: int) -> None:
    try:
        reading = p.parse_buffer(data)
    except p.FrameError:
        assert len(data) != 11
        return
    batch = p.events_since(last, reading)
    assert len(batch.events) <= 5 and batch.lost >= 0
    assert batch.lost + len(batch.events) == p.new_event_count(last, reading.counter)
    if reading.counter == last:  # an unchanged counter brings no event: no credit from a repeated reply
        assert batch.events == () and batch.lost == 0


@FUZZ
@given(st.one_of(st.binary(max_size=12), st.text(max_size=12)))
def test_coin_ids_of_random_content_parse_or_are_none(text: bytes | str) -> None:
    coin = p.parse_coin_id(text)
    if coin is not None:
        assert coin.value >= 0 and len(coin.raw) == 6


@pytest.fixture(scope="module")
def sim():  # type: ignore[no-untyped-def]
    """One simulator for the campaign (no timing: its request handling only)."""
    from kiosk.devices.sim.cctalk_device import SimCctalkBus

    bus = SimCctalkBus(timing=False, unknown_header="nak")
    yield bus
    bus.close()


@FUZZ
@given(address=st.sampled_from([2, 3]), source=st.integers(2, 255), header=st.integers(0, 255),
       data=st.binary(max_size=8))
def test_simulator_answers_any_request_to_its_source_with_ack_nak_or_silence(
    sim, address: int, source: int, header: int, data: bytes  # type: ignore[no-untyped-def]
) -> None:
    with sim._lock:
        out = sim._addressed(p.Frame(address, source, header, data))
    if out is None:
        return
    reply = p.decode(out)
    assert reply.destination == source and reply.source == address
    assert reply.header in (p.Header.ACK, p.Header.NAK, p.Header.BUSY)
