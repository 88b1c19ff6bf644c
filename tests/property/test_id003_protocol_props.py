"""Properties of the ID-003 parser: round trips, corrupted frames refused, resynchronisation on any garbage."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.devices.id003 import protocol as p

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CMDS = st.integers(0, 255)
DATA = st.binary(max_size=40)
FRAMES = st.lists(st.tuples(CMDS, DATA), max_size=6)
NO_SYNC = st.binary(max_size=30).map(lambda b: bytes(x for x in b if x != p.SYNC))


def _valid_windows(stream: bytes) -> list[tuple[int, int]]:
    """Every (start, end) of the stream that is itself one valid frame: the oracle of what a reader may deliver."""
    out = []
    for i, byte in enumerate(stream):
        if byte == p.SYNC and i + 1 < len(stream):
            end = i + stream[i + 1]
            if end <= len(stream) and p.frame_valid(stream[i:end]):
                out.append((i, end))
    return out


def _feed_in_chunks(stream: bytes, cuts: list[int]) -> list[p.Frame]:
    reader = p.FrameReader()
    frames: list[p.Frame] = []
    last = 0
    for cut in [*sorted({c % (len(stream) + 1) for c in cuts}), len(stream)]:
        frames += reader.feed(stream[last:cut])
        last = cut
    return frames


@FUZZ
@given(CMDS, DATA)
def test_encode_then_decode_is_the_identity(cmd: int, data: bytes) -> None:
    raw = p.encode(cmd, data)
    assert len(raw) == len(data) + 5 and raw[1] == len(raw)
    assert p.decode(raw) == p.Frame(cmd, data)


@FUZZ
@given(CMDS, DATA, st.data())
def test_any_corruption_of_one_or_two_adjacent_bytes_is_refused(cmd: int, data: bytes, draw: st.DataObject) -> None:
    """CRC-16 catches every burst of up to 16 bits; the sync and length checks catch the rest of the frame."""
    raw = bytearray(p.encode(cmd, data))
    at = draw.draw(st.integers(0, len(raw) - 1))
    flips = draw.draw(st.lists(st.integers(0, 255), min_size=1, max_size=2).filter(lambda f: f[0] != 0))
    for k, flip in enumerate(flips):
        if at + k < len(raw):
            raw[at + k] ^= flip
    assert not p.frame_valid(bytes(raw))
    reader = p.FrameReader()
    assert p.Frame(cmd, data) not in reader.feed(bytes(raw))


@FUZZ
@given(CMDS, DATA, st.integers(0, 400), st.integers(1, 255), st.binary(max_size=30), st.binary(max_size=30))
def test_a_corrupted_frame_among_garbage_is_never_delivered(
    cmd: int, data: bytes, at: int, flip: int, before: bytes, after: bytes
) -> None:
    raw = bytearray(p.encode(cmd, data))
    raw[at % len(raw)] ^= flip
    stream = before + bytes(raw) + after
    frames = p.FrameReader().feed(stream)
    windows = [p.decode(stream[i:j]) for i, j in _valid_windows(stream)]
    for frame in frames:
        assert frame in windows  # only bytes that really form a valid frame come out
    if p.Frame(cmd, data) in frames:  # only if the same frame is also present intact in the garbage
        assert p.encode(cmd, data) in before + after or p.encode(cmd, data) in stream


@FUZZ
@given(FRAMES, st.lists(NO_SYNC, min_size=7, max_size=7), st.lists(st.integers(0, 2000), max_size=8))
def test_frames_separated_by_garbage_without_sync_all_arrive_in_order(
    frames: list[tuple[int, bytes]], garbage: list[bytes], cuts: list[int]
) -> None:
    stream = garbage[0] + b"".join(p.encode(c, d) + g for (c, d), g in zip(frames, garbage[1:], strict=False))
    assert _feed_in_chunks(stream, cuts) == [p.Frame(c, d) for c, d in frames]


@FUZZ
@given(FRAMES, st.lists(st.binary(max_size=12), min_size=7, max_size=7), st.lists(st.integers(0, 2000), max_size=8))
def test_frames_separated_by_any_garbage_all_arrive_in_order(
    frames: list[tuple[int, bytes]], garbage: list[bytes], cuts: list[int]
) -> None:
    """Garbage may contain 0xFC and impossible lengths: every real frame still arrives, in order, whatever the
    chunking, unless the garbage happens to form a valid frame with its neighbours (then the example is skipped)."""
    parts = [garbage[0]]
    spans = []
    for (c, d), g in zip(frames, garbage[1:], strict=False):
        start = sum(map(len, parts))
        parts.append(p.encode(c, d))
        spans.append((start, start + len(parts[-1])))
        parts.append(g)
    stream = b"".join(parts)
    assume(sorted(set(_valid_windows(stream))) == spans)
    assert _feed_in_chunks(stream, cuts) == [p.Frame(c, d) for c, d in frames]


@FUZZ
@given(st.lists(st.binary(max_size=300), max_size=20))
def test_reader_never_raises_and_keeps_its_buffer_bounded(chunks: list[bytes]) -> None:
    reader = p.FrameReader()
    for chunk in chunks:
        for frame in reader.feed(chunk):
            assert p.frame_valid(p.encode(frame.cmd, frame.data))
        assert reader.pending <= reader.max_buffer + p.MAX_FRAME_BYTES


@FUZZ
@given(CMDS, DATA)
def test_status_parsing_gives_a_status_or_a_frame_error(cmd: int, data: bytes) -> None:
    try:
        reply = p.parse_status(p.Frame(cmd, data))
    except p.FrameError:
        return
    assert reply.status == cmd


@FUZZ
@given(st.binary(max_size=60))
def test_currency_assignment_parsing_gives_a_table_or_a_frame_error(data: bytes) -> None:
    try:
        table = p.parse_currency_assign(data)
    except p.FrameError:
        return
    assert table and all(d.value > 0 for d in table.values())


@FUZZ
@given(st.sets(st.integers(0x61, 0x70)))
def test_enable_mask_round_trip(codes: set[int]) -> None:
    assert p.enabled_codes(p.enable_mask(codes)) == codes
