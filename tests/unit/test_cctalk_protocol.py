"""ccTalk protocol: hand-checked vectors, the frame reader, the event-buffer arithmetic and coin ids."""

from __future__ import annotations

import pytest

from kiosk.devices.cctalk import protocol as p


def test_simple_poll_vector() -> None:
    assert p.encode(2, p.Header.SIMPLE_POLL) == bytes.fromhex("020001FEFF")
    assert p.encode(1, p.Header.ACK, source=2) == bytes.fromhex("01000200FD")
    assert p.decode(bytes.fromhex("01000200FD")) == p.Frame(1, 2, 0, b"")


def test_read_buffered_credit_vector_is_24_not_the_spec_misprint() -> None:
    assert p.encode(2, p.Header.READ_BUFFERED_CREDIT) == bytes.fromhex("020001E518")


def test_checksum_of_a_frame_summing_to_a_multiple_of_256_is_zero_not_256() -> None:
    # 2 + 1 + 1 + 252 + 0 = 256: the checksum byte must be 0 (256 - sum % 256 would give 256)
    frame = p.encode(2, 252, b"\x00")
    assert frame[-1] == 0
    assert sum(frame) % 256 == 0
    assert p.decode(frame).data == b"\x00"


def test_bad_checksum_and_length_are_rejected() -> None:
    with pytest.raises(p.FrameError):
        p.decode(bytes.fromhex("020001FEFE"))
    with pytest.raises(p.FrameError):
        p.decode(bytes.fromhex("020101FEFF"))


def test_crc16_mode_round_trip() -> None:
    assert p.crc16_xmodem(b"123456789") == 0x31C3
    frame = p.encode(2, p.Header.SIMPLE_POLL, mode="crc16")
    crc = p.crc16_xmodem(bytes([2, 0, 254]))
    assert frame == bytes([2, 0, crc & 0xFF, 254, crc >> 8])
    assert p.decode(frame, "crc16").header == 254
    assert not p.frame_valid(frame, "8bit") or sum(frame) % 256 == 0


def test_reader_resyncs_over_garbage_and_bad_frames() -> None:
    reader = p.FrameReader()
    good = p.encode(1, 0, b"\x05\x06", source=2)
    bad = good[:-1] + bytes([good[-1] ^ 1])
    frames = reader.feed(b"\xff\x00" + bad + good, 0.0)
    assert frames == [p.Frame(1, 2, 0, b"\x05\x06")]


def test_reader_gap_over_50_ms_resets_a_partial_frame() -> None:
    reader = p.FrameReader()
    good = p.encode(1, 0, b"", source=2)
    assert reader.feed(good[:3], 0.0) == []
    assert reader.feed(good[3:], 0.060) == []  # the tail alone is not a frame
    assert reader.feed(good[:3], 0.100) == []
    assert reader.feed(good[3:], 0.120) == [p.Frame(1, 2, 0, b"")]


def test_counter_arithmetic_wraps_255_to_1() -> None:
    assert p.next_counter(255) == 1
    assert p.next_counter(0) == 1
    assert p.new_event_count(255, 1) == 1
    assert p.new_event_count(254, 2) == 3
    assert p.new_event_count(7, 7) == 0
    assert p.new_event_count(0, 3) == 3
    assert p.new_event_count(9, 0) == 0


def _reading(counter: int, *pairs: tuple[int, int]) -> p.BufferReading:
    slots = list(pairs) + [(0, 0)] * (5 - len(pairs))
    return p.parse_buffer(bytes([counter, *[x for pair in slots for x in pair]]))


def test_events_oldest_first_across_the_wrap() -> None:
    batch = p.events_since(254, _reading(2, (3, 1), (0, 2), (4, 1)))  # newest first: 2, 1, 255
    assert [(e.counter, e.result_a, e.result_b) for e in batch.events] == [(255, 4, 1), (1, 0, 2), (2, 3, 1)]
    assert batch.lost == 0 and not batch.reset
    assert [e.is_credit for e in batch.events] == [True, False, True]


def test_more_than_five_new_events_are_reported_lost() -> None:
    batch = p.events_since(10, _reading(17, *[(1, 1)] * 5))
    assert len(batch.events) == 5 and batch.lost == 2


def test_counter_zero_after_nonzero_is_a_reset() -> None:
    assert p.events_since(42, _reading(0)).reset
    assert not p.events_since(0, _reading(0)).reset
    with pytest.raises(p.FrameError):
        p.parse_buffer(b"\x01\x02")


def test_coin_ids() -> None:
    assert p.parse_coin_id("JP100A") == p.CoinId("JP", 100, "A", "JP100A")
    assert p.parse_coin_id(b"JP500A").value == 500  # type: ignore[union-attr]
    assert p.parse_coin_id("JP500B").issue == "B"  # type: ignore[union-attr]
    assert p.parse_coin_id("JP010A").value == 10  # type: ignore[union-attr]
    assert p.parse_coin_id("EU5K0A").value == 5000  # type: ignore[union-attr]
    assert p.parse_coin_id("......") is None
    assert p.parse_coin_id("JP1") is None


def test_event_codes() -> None:
    assert p.event_is_blocking(14) and not p.event_is_blocking(1)
    assert p.event_is_fraud(17) and p.reject_reason(17) == "fraud"
    assert p.reject_reason(254) == "return_lever" and p.reject_reason(2) == "inhibited"
    assert p.event_name(14) == "credit_sensor_blocked"
    assert p.inhibit_mask({1, 3, 16}) == bytes([0b101, 0x80])
