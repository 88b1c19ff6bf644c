"""Property tests: counter arithmetic and the frame reader on random input."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.devices.cctalk import protocol as p


@given(st.integers(0, 255), st.integers(0, 600))
@example(0, 510)  # twice round from power-up: reads 255, as 255 events would (the old expectation said 0)
@example(0, 255)
@example(7, 255)
def test_counter_after_n_events_gives_back_n(start: int, n: int) -> None:
    end = p.next_counter(start, n)
    assert 1 <= end <= 255 or (n == 0 and end == start)
    if n > 0:
        # the counter runs 1..255 and skips 0: from power-up (0) the reading is the count itself, 1..255, so more
        # than 255 events read as their count modulo 255 in 1..255; from a reading, modulo 255 in 0..254
        assert p.new_event_count(start, end) == ((n - 1) % 255 + 1 if start == 0 else n % 255)


@given(
    st.integers(1, 255),
    st.integers(0, 5),
    st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=5, max_size=5),
)
def test_events_since_returns_exactly_the_new_ones(last: int, n: int, pairs: list[tuple[int, int]]) -> None:
    new = p.next_counter(last, n)
    reading = p.parse_buffer(bytes([new, *[x for pair in pairs for x in pair]]))
    batch = p.events_since(last, reading)
    assert len(batch.events) == n and batch.lost == 0 and not batch.reset
    assert [e.counter for e in batch.events] == [p.next_counter(last, i + 1) for i in range(n)]
    if n:
        assert (batch.events[-1].result_a, batch.events[-1].result_b) == pairs[0]


@given(st.lists(st.binary(max_size=40), max_size=20), st.lists(st.floats(0, 0.2), min_size=20, max_size=20))
def test_reader_never_crashes_and_only_yields_valid_frames(chunks: list[bytes], gaps: list[float]) -> None:
    reader = p.FrameReader()
    now = 0.0
    for chunk, gap in zip(chunks, gaps, strict=False):
        now += gap
        for frame in reader.feed(chunk, now):
            raw = p.encode(frame.destination, frame.header, frame.data, frame.source)
            assert p.frame_valid(raw)


@given(st.binary(max_size=300))
def test_random_bytes_with_broken_checksums_never_credit(data: bytes) -> None:
    # flip every would-be checksum: no frame survives, so nothing can ever reach the credit path
    reader = p.FrameReader()
    frames = reader.feed(data, 0.0)
    for frame in frames:
        # whatever frame random bytes form, a credit needs a 229 reply of exactly 11 bytes from the device
        if frame.header == 0 and frame.destination == 1 and len(frame.data) == 11:
            batch = p.events_since(frame.data[0], p.parse_buffer(frame.data))
            assert batch.events == ()  # same counter as the last one: nothing new


@given(st.binary(min_size=5, max_size=30))
def test_decode_is_total(data: bytes) -> None:
    try:
        frame = p.decode(data)
    except p.FrameError:
        assert not p.frame_valid(data)
        return
    assert p.encode(frame.destination, frame.header, frame.data, frame.source) == data
