"""ID-003 framing, CRC and message parsing against published frames and hand-made replies."""

from __future__ import annotations

import pytest

from kiosk.devices.id003 import protocol as p

# the three frames docs/devices.md quotes from public host implementations
STATUS_REQUEST = bytes.fromhex("FC 05 11 27 56")
RESET = bytes.fromhex("FC 05 40 2B 15")
ACK = bytes.fromhex("FC 05 50 AA 05")


def test_crc_is_kermit() -> None:
    assert p.crc16_kermit(b"123456789") == 0x2189  # the CRC catalogue's check value of CRC-16/KERMIT
    assert p.crc16_kermit(b"") == 0


@pytest.mark.parametrize(("cmd", "raw"), [(0x11, STATUS_REQUEST), (0x40, RESET), (0x50, ACK)])
def test_encode_gives_the_published_frames(cmd: int, raw: bytes) -> None:
    assert p.encode(cmd) == raw
    assert p.decode(raw) == p.Frame(cmd)
    assert p.frame_valid(raw)


def test_a_frame_with_data_carries_its_whole_length() -> None:
    raw = p.encode(p.Command.SET_ENABLE, b"\xfe\xff")
    assert raw[:5] == bytes([0xFC, 7, 0xC0, 0xFE, 0xFF]) and len(raw) == 7
    crc = p.crc16_kermit(raw[:-2])
    assert raw[-2:] == bytes([crc & 0xFF, crc >> 8])  # low byte first


@pytest.mark.parametrize(
    "raw",
    [
        bytes.fromhex("FC 05 11 27 57"),  # CRC high byte wrong
        bytes.fromhex("FC 05 11 26 56"),  # CRC low byte wrong (low byte first on the wire)
        bytes.fromhex("FC 05 11 56 27"),  # CRC bytes swapped (high byte first is wrong)
        bytes.fromhex("FD 05 11 27 56"),  # no sync
        bytes.fromhex("FC 06 11 27 56"),  # length says 6
        bytes.fromhex("FC 05 11 27"),  # short
        bytes.fromhex("FC 05 12 27 56"),  # another command under the status request's CRC
    ],
)
def test_decode_refuses_what_is_not_one_valid_frame(raw: bytes) -> None:
    assert not p.frame_valid(raw)
    with pytest.raises(p.FrameError):
        p.decode(raw)


def test_encode_refuses_what_cannot_be_one_frame() -> None:
    with pytest.raises(p.FrameError):
        p.encode(0x100)
    with pytest.raises(p.FrameError):
        p.encode(0x11, bytes(251))
    assert len(p.encode(0x11, bytes(250))) == 255


def test_reader_skips_garbage_and_a_corrupted_frame() -> None:
    reader = p.FrameReader()
    corrupted = bytearray(p.encode(0x13, b"\x61"))
    corrupted[3] ^= 0x01
    frames = reader.feed(b"\x00\xfc\x01" + bytes(corrupted) + b"\x55" + STATUS_REQUEST + p.encode(0x13, b"\x62"))
    assert frames == [p.Frame(0x11), p.Frame(0x13, b"\x62")]
    assert reader.refused_frames == 1 and reader.dropped_bytes == 3 + len(corrupted) + 1


def test_reader_waits_for_the_rest_of_a_frame() -> None:
    reader = p.FrameReader()
    raw = p.encode(0x8A, bytes(range(12)))
    assert reader.feed(raw[:1]) == [] and reader.feed(raw[1:7]) == []
    assert reader.feed(raw[7:]) == [p.Frame(0x8A, bytes(range(12)))]
    assert reader.pending == 0


def test_reader_is_not_held_up_by_a_sync_byte_with_a_long_length() -> None:
    """FC FA (a frame of 250 bytes that never comes) before a real frame: the real frame is delivered at once."""
    reader = p.FrameReader()
    assert reader.feed(b"\xfc\xfa\x00" + STATUS_REQUEST) == [p.Frame(0x11)]


def test_status_parsing() -> None:
    assert p.parse_status(p.Frame(0x13, b"\x61")).escrow_code == 0x61
    assert p.parse_status(p.Frame(0x15)).escrow_code is None
    assert p.parse_status(p.Frame(0x15, b"\x63")).escrow_code == 0x63  # firmwares that add the code
    assert p.parse_status(p.Frame(0x17, b"\x77")).reject_reason == "photo_pattern"
    assert p.parse_status(p.Frame(0x17, b"\x70")).reject_reason == "code_70"
    assert p.parse_status(p.Frame(0x49, b"\xa2")).failure == "stacker motor failure"
    assert p.parse_status(p.Frame(0x11)).status is p.Status.IDLING
    for bad in (p.Frame(0x13), p.Frame(0x11, b"\x00"), p.Frame(0x15, b"\x61\x62"), p.Frame(0x3F), p.Frame(0x49)):
        with pytest.raises(p.FrameError):
            p.parse_status(bad)


def test_status_frame_of_idling_is_the_status_request_itself() -> None:
    """The reply IDLING and the request STATUS REQUEST are the same bytes (both command 0x11, no data)."""
    assert p.status_frame(p.Status.IDLING) == STATUS_REQUEST


def test_currency_assignment() -> None:
    data = bytes.fromhex("61 0A 01 03  62 0A 02 03  63 0A 05 03  64 0A 01 04  65 00 00 00  12 34")
    table = p.parse_currency_assign(data)
    assert {c: d.value for c, d in table.items()} == {0x61: 1000, 0x62: 2000, 0x63: 5000, 0x64: 10000}
    assert table[0x61].country_code == 0x0A
    assert p.parse_currency_assign(p.encode_currency_assign(list(table.values()))) == table
    for bad in (b"", bytes.fromhex("61 00 00 00"), bytes.fromhex("61 0A 01 03 61 0A 02 03"),
                bytes.fromhex("61 0A 01 0A")):
        with pytest.raises(p.FrameError):
            p.parse_currency_assign(bad)


def test_enable_mask_sets_the_bits_of_disabled_denominations() -> None:
    assert p.enable_mask({0x61}) == bytes([0xFE, 0xFF])
    assert p.enable_mask({0x61, 0x63}) == bytes([0xFA, 0xFF])
    assert p.enable_mask(set()) == bytes([0xFF, 0xFF])
    assert p.enable_mask({0x70}) == bytes([0xFF, 0x7F])
    assert p.enabled_codes(p.enable_mask({0x62, 0x69})) == {0x62, 0x69}
    with pytest.raises(p.FrameError):
        p.enable_mask({0x60})
    with pytest.raises(p.FrameError):
        p.enabled_codes(b"\x00")


def test_echo_and_wire_time() -> None:
    assert p.is_echo(0xC3, b"\x01", p.Frame(0xC3, b"\x01"))
    assert not p.is_echo(0xC3, b"\x01", p.Frame(0xC3, b"\x00"))
    assert not p.is_echo(0xC3, b"\x01", p.Frame(0x4B))
    # one status poll: 5 bytes out, 5 back (idling) at 9600 baud 8E1, 11 bits a byte
    assert p.wire_seconds(10) == pytest.approx(0.011458, abs=1e-6)
