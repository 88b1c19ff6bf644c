"""ID-003 framing, CRC, statuses, commands, settings and the currency assignment: pure, bytes in and messages out.

A frame is SYNC (0xFC), LNG (the length of the whole frame, SYNC to CRC), CMD, DATA..., CRC-16 low byte first.
The CRC is CRC-16/KERMIT (poly 0x1021 reflected, init 0, no final xor) over SYNC..last data byte. The standard
library has no KERMIT CRC (binascii.crc_hqx is the unreflected XMODEM one), and this ten-line function is smaller
than a dependency; it is checked against the catalogue check value and three published frames in the tests.
Where the facts come from, and where public sources disagree: docs/devices.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

SYNC = 0xFC
MIN_FRAME_BYTES = 5  # SYNC, LNG, CMD, CRC low, CRC high
MAX_FRAME_BYTES = 255  # LNG is one byte
MAX_DATA_BYTES = MAX_FRAME_BYTES - MIN_FRAME_BYTES
BITS_PER_BYTE = 11  # 8E1 on the wire: start, 8 data, parity, stop
BAUD = 9600
FIRST_ESCROW_CODE = 0x61  # bit 0 of the enable mask


class Command(enum.IntEnum):
    """Host to validator."""

    STATUS_REQUEST = 0x11
    RESET = 0x40
    STACK_1 = 0x41  # VEND VALID once the note passes the stacker's lever
    STACK_2 = 0x42  # VEND VALID once the note is wholly in the stacker
    RETURN = 0x43
    HOLD = 0x44
    WAIT = 0x45
    ACK = 0x50  # the host's answer to VEND VALID; the validator does not reply to it
    SET_ENABLE = 0xC0  # 2 bytes, bit set = denomination disabled
    SET_SECURITY = 0xC1  # 2 bytes
    SET_COMMUNICATION_MODE = 0xC2  # 1 byte, 0 = polling
    SET_INHIBIT = 0xC3  # 1 byte, 0 = accept, 1 = inhibit
    SET_DIRECTION = 0xC4  # 1 byte, bit set = direction refused
    SET_OPTIONAL_FUNCTION = 0xC5  # 2 bytes
    GET_ENABLE = 0x80
    GET_SECURITY = 0x81
    GET_COMMUNICATION_MODE = 0x82
    GET_INHIBIT = 0x83
    GET_DIRECTION = 0x84
    GET_OPTIONAL_FUNCTION = 0x85
    GET_VERSION = 0x88
    GET_BOOT_VERSION = 0x89
    GET_CURRENCY_ASSIGN = 0x8A


OPERATION_COMMANDS = frozenset(
    {Command.RESET, Command.STACK_1, Command.STACK_2, Command.RETURN, Command.HOLD, Command.WAIT}
)
# each setting command, its data length, and the request that reads it back
SETTINGS: dict[Command, tuple[int, Command]] = {
    Command.SET_ENABLE: (2, Command.GET_ENABLE),
    Command.SET_SECURITY: (2, Command.GET_SECURITY),
    Command.SET_COMMUNICATION_MODE: (1, Command.GET_COMMUNICATION_MODE),
    Command.SET_INHIBIT: (1, Command.GET_INHIBIT),
    Command.SET_DIRECTION: (1, Command.GET_DIRECTION),
    Command.SET_OPTIONAL_FUNCTION: (2, Command.GET_OPTIONAL_FUNCTION),
}


class Status(enum.IntEnum):
    """Validator to host, the first byte of a reply to STATUS_REQUEST (some carry one data byte)."""

    IDLING = 0x11  # enabled, waiting for a note
    ACCEPTING = 0x12
    ESCROW = 0x13  # + escrow (denomination) code
    STACKING = 0x14
    VEND_VALID = 0x15  # repeated until the host ACKs; some firmwares add the escrow code
    STACKED = 0x16
    REJECTING = 0x17  # + reject reason
    RETURNING = 0x18
    HOLDING = 0x19
    DISABLED = 0x1A  # inhibited
    INITIALIZE = 0x1B
    POWER_UP = 0x40
    POWER_UP_NOTE_IN_ACCEPTOR = 0x41
    POWER_UP_NOTE_IN_STACKER = 0x42
    STACKER_FULL = 0x43
    STACKER_OPEN = 0x44
    ACCEPTOR_JAM = 0x45
    STACKER_JAM = 0x46
    PAUSE = 0x47
    CHEATED = 0x48
    FAILURE = 0x49  # + failure code
    COMMUNICATION_ERROR = 0x4A
    INVALID_COMMAND = 0x4B


ACK_REPLY = 0x50  # the validator's answer to an operation command

POWER_UP_STATUSES = frozenset({Status.POWER_UP, Status.POWER_UP_NOTE_IN_ACCEPTOR, Status.POWER_UP_NOTE_IN_STACKER})
ERROR_STATUSES = frozenset(
    {
        Status.STACKER_FULL,
        Status.STACKER_OPEN,
        Status.ACCEPTOR_JAM,
        Status.STACKER_JAM,
        Status.PAUSE,
        Status.CHEATED,
        Status.FAILURE,
        Status.COMMUNICATION_ERROR,
    }
)
# statuses that carry one data byte
_STATUS_DATA = {Status.ESCROW: 1, Status.REJECTING: 1, Status.FAILURE: 1}

REJECT_REASONS: dict[int, str] = {
    0x71: "insertion",  # crooked insertion
    0x72: "magnetic_pattern",
    0x73: "sensor",  # a sensor other than the entrance saw something while idle
    0x74: "data_amplitude",
    0x75: "feed",
    0x76: "denomination_assessing",
    0x77: "photo_pattern",
    0x78: "photo_level",
    0x79: "inhibited",  # denomination disabled, inhibit or direction (also an escrow time-out on some firmwares)
    0x7A: "unknown",
    0x7B: "operation",
    0x7C: "note_in_transport",  # a note in the transport at the wrong time
    0x7D: "length",
    0x7E: "colour_pattern",
    0x7F: "true_note",
}

FAILURE_CODES: dict[int, str] = {
    0xA2: "stacker motor failure",
    0xA5: "transport motor speed failure",
    0xA6: "transport motor failure",
    0xA7: "aligning motor failure",
    0xA8: "solenoid failure",
    0xA9: "PB unit failure",
    0xAB: "cash box not ready",
    0xAC: "optical sensor failure",
    0xAD: "magnetic sensor failure",
    0xAF: "validator head removed",
    0xB0: "boot ROM failure",
    0xB1: "external ROM failure",
    0xB2: "RAM failure",
    0xB3: "external ROM writing failure",
}


class FrameError(ValueError):
    """A byte string that is not one valid ID-003 frame, or a frame whose content is malformed."""


@dataclass(frozen=True)
class Frame:
    cmd: int
    data: bytes = b""


def crc16_kermit(data: bytes) -> int:
    """CRC-16/KERMIT: poly 0x1021 reflected (0x8408), init 0, no final xor."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def encode(cmd: int, data: bytes = b"") -> bytes:
    """One frame: SYNC, LNG, CMD, DATA, CRC (low byte first)."""
    if not 0 <= cmd <= 0xFF:
        raise FrameError("command out of range")
    if len(data) > MAX_DATA_BYTES:
        raise FrameError("data too long for one frame")
    body = bytes([SYNC, len(data) + MIN_FRAME_BYTES, cmd]) + bytes(data)
    crc = crc16_kermit(body)
    return body + bytes([crc & 0xFF, crc >> 8])


def frame_valid(raw: bytes) -> bool:
    return (
        MIN_FRAME_BYTES <= len(raw) <= MAX_FRAME_BYTES
        and raw[0] == SYNC
        and raw[1] == len(raw)
        and crc16_kermit(raw[:-2]) == (raw[-2] | raw[-1] << 8)
    )


def decode(raw: bytes) -> Frame:
    """The frame in raw (exactly one frame); FrameError when the sync, the length or the CRC is wrong."""
    if len(raw) < MIN_FRAME_BYTES or len(raw) > MAX_FRAME_BYTES:
        raise FrameError(f"frame of {len(raw)} bytes")
    if raw[0] != SYNC:
        raise FrameError("no sync byte")
    if raw[1] != len(raw):
        raise FrameError(f"length byte {raw[1]} for a frame of {len(raw)} bytes")
    if crc16_kermit(raw[:-2]) != (raw[-2] | raw[-1] << 8):
        raise FrameError("CRC mismatch")
    return Frame(raw[2], bytes(raw[3:-2]))


def wire_seconds(n_bytes: int, baud: int = BAUD) -> float:
    """How long n bytes take on the wire at 8E1."""
    return n_bytes * BITS_PER_BYTE / baud


class FrameReader:
    """Splits a byte stream into valid frames; resynchronises on garbage and refuses corrupted frames.

    No clock: a host that talks half duplex starts a new reader (or calls clear()) before each request. A SYNC byte
    whose length is impossible, or whose frame fails the CRC, is skipped and the search resumes at the next byte,
    so garbage that contains 0xFC cannot swallow the real frame behind it. While the frame at the head is still
    incomplete, a complete valid frame starting later wins (the head was garbage).
    """

    max_buffer = 4 * MAX_FRAME_BYTES

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped_bytes = 0  # garbage skipped
        self.refused_frames = 0  # frames with a plausible length whose CRC failed

    def clear(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def _drop(self, n: int) -> None:
        del self._buf[:n]
        self.dropped_bytes += n

    def _complete_at(self, i: int) -> bytes | None:
        """The valid frame starting at i, if complete and valid."""
        buf = self._buf
        if i + 1 >= len(buf):
            return None
        lng = buf[i + 1]
        if lng < MIN_FRAME_BYTES or i + lng > len(buf):
            return None
        raw = bytes(buf[i : i + lng])
        return raw if frame_valid(raw) else None

    def feed(self, data: bytes) -> list[Frame]:
        self._buf += data
        frames: list[Frame] = []
        while self._buf:
            start = self._buf.find(SYNC)
            if start < 0:
                self._drop(len(self._buf))
                break
            if start:
                self._drop(start)
            if len(self._buf) < 2:
                break
            lng = self._buf[1]
            if lng < MIN_FRAME_BYTES:
                self._drop(1)
                continue
            if lng <= len(self._buf):
                raw = bytes(self._buf[:lng])
                if frame_valid(raw):
                    del self._buf[:lng]
                    frames.append(Frame(raw[2], raw[3:-2]))
                else:
                    self.refused_frames += 1
                    self._drop(1)
                continue
            # the head is incomplete: a complete valid frame further on means the head was garbage
            later = next(
                (j for j in range(1, len(self._buf)) if self._buf[j] == SYNC and self._complete_at(j) is not None),
                None,
            )
            if later is None:
                if len(self._buf) > self.max_buffer:
                    self._drop(1)
                    continue
                break
            self._drop(later)
        return frames


# ---- statuses -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusReply:
    status: Status
    data: bytes = b""

    @property
    def escrow_code(self) -> int | None:
        """The escrow code of ESCROW (and of VEND VALID on firmwares that send it)."""
        if self.status in (Status.ESCROW, Status.VEND_VALID) and self.data:
            return self.data[0]
        return None

    @property
    def reject_reason(self) -> str:
        if self.status is Status.REJECTING and self.data:
            return REJECT_REASONS.get(self.data[0], f"code_{self.data[0]:02x}")
        return ""

    @property
    def failure(self) -> str:
        if self.status is Status.FAILURE and self.data:
            return FAILURE_CODES.get(self.data[0], f"failure code {self.data[0]:02X}")
        return ""


def parse_status(frame: Frame) -> StatusReply:
    """A reply to STATUS_REQUEST; FrameError for an unknown status or a data length the status cannot have."""
    try:
        status = Status(frame.cmd)
    except ValueError:
        raise FrameError(f"unknown status {frame.cmd:02X}") from None
    want = _STATUS_DATA.get(status, 0)
    if status is Status.VEND_VALID:
        if len(frame.data) > 1:
            raise FrameError("VEND VALID with more than one data byte")
    elif len(frame.data) != want:
        raise FrameError(f"status {status.name} with {len(frame.data)} data bytes")
    return StatusReply(status, frame.data)


def status_frame(status: Status, data: bytes = b"") -> bytes:
    """The validator's reply to STATUS_REQUEST (for the simulator and tests)."""
    return encode(int(status), data)


# ---- settings and the currency assignment -------------------------------------------------------------


@dataclass(frozen=True)
class Denomination:
    escrow_code: int
    country_code: int
    value: int  # in the currency's unit (yen)


def parse_currency_assign(data: bytes) -> dict[int, Denomination]:
    """The reply data of GET_CURRENCY_ASSIGN: 4 bytes a slot (escrow code, country code, value, power of ten).

    A slot with value 0 is empty. A trailing remainder shorter than a slot is ignored (one public host says some
    firmwares append two bytes). FrameError when no slot is usable or an escrow code repeats.
    """
    table: dict[int, Denomination] = {}
    for i in range(0, len(data) - len(data) % 4, 4):
        code, country, mantissa, power = data[i : i + 4]
        if mantissa == 0:
            continue
        if power > 9:
            raise FrameError(f"escrow code {code:02X}: power of ten {power}")
        if code in table:
            raise FrameError(f"escrow code {code:02X} twice in the currency assignment")
        table[code] = Denomination(code, country, mantissa * 10**power)
    if not table:
        raise FrameError("currency assignment without a denomination")
    return table


def encode_currency_assign(table: list[Denomination | tuple[int, int, int, int]]) -> bytes:
    """The reply data for a table of (escrow code, country, mantissa, power) slots (for the simulator)."""
    out = bytearray()
    for slot in table:
        if isinstance(slot, Denomination):
            mantissa, power = slot.value, 0
            while mantissa and mantissa % 10 == 0:
                mantissa //= 10
                power += 1
            if mantissa > 255:
                raise FrameError(f"value {slot.value} cannot be written as one byte and a power of ten")
            out += bytes([slot.escrow_code, slot.country_code, mantissa, power])
        else:
            out += bytes(slot)
    return bytes(out)


def enable_mask(enabled_codes: set[int] | frozenset[int]) -> bytes:
    """SET_ENABLE data: bit n of the 16 bits (first byte low) is escrow code 0x61 + n; a set bit disables it."""
    mask = 0xFFFF
    for code in enabled_codes:
        bit = code - FIRST_ESCROW_CODE
        if not 0 <= bit < 16:
            raise FrameError(f"escrow code {code:02X} has no bit in the enable mask")
        mask &= ~(1 << bit)
    return bytes([mask & 0xFF, mask >> 8])


def enabled_codes(mask: bytes) -> frozenset[int]:
    """The escrow codes SET_ENABLE data leaves enabled (inverse of enable_mask)."""
    if len(mask) != 2:
        raise FrameError("an enable mask has two bytes")
    bits = mask[0] | mask[1] << 8
    return frozenset(FIRST_ESCROW_CODE + n for n in range(16) if not bits & (1 << n))


def is_echo(request_cmd: int, request_data: bytes, reply: Frame) -> bool:
    """A setting command is answered by its own command and data."""
    return reply.cmd == request_cmd and reply.data == request_data
