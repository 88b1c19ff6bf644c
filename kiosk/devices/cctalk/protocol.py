"""ccTalk framing, checksums, event-buffer arithmetic and coin ids: pure, bytes in and messages out."""

from __future__ import annotations

import enum
from dataclasses import dataclass

HOST_ADDRESS = 1
BROADCAST_ADDRESS = 0
MAX_FRAME_BYTES = 260
MIN_FRAME_BYTES = 5
INTER_BYTE_GAP_S = 0.050
EVENT_SLOTS = 5


class Header(enum.IntEnum):
    ACK = 0
    RESET = 1
    COMMS_REVISION = 4
    NAK = 5
    BUSY = 6
    TEST_HOPPER = 163
    ENABLE_HOPPER = 164
    REQUEST_PAYOUT_STATUS = 166
    DISPENSE_COINS = 167
    REQUEST_DISPENSE_COUNT = 168
    EMERGENCY_STOP = 172
    REQUEST_COIN_ID = 184
    REQUEST_BUILD_CODE = 192
    REQUEST_OPTION_FLAGS = 213
    REQUEST_LEVEL_STATUS = 217
    MODIFY_MASTER_INHIBIT = 228
    REQUEST_MASTER_INHIBIT = 227
    READ_BUFFERED_CREDIT = 229
    REQUEST_INHIBIT_STATUS = 230
    MODIFY_INHIBIT_STATUS = 231
    PERFORM_SELF_CHECK = 232
    REQUEST_SOFTWARE_REVISION = 241
    REQUEST_SERIAL_NUMBER = 242
    REQUEST_PRODUCT_CODE = 244
    REQUEST_EQUIPMENT_CATEGORY = 245
    REQUEST_MANUFACTURER = 246
    ADDRESS_POLL = 253
    SIMPLE_POLL = 254


class ChecksumMode(enum.Enum):
    SIMPLE = "8bit"
    CRC16 = "crc16"


class FrameError(ValueError):
    """A byte string that is not one valid ccTalk frame."""


@dataclass(frozen=True)
class Frame:
    destination: int
    source: int  # in CRC-16 mode the source is not on the wire; decode() reports HOST/unknown as 0
    header: int
    data: bytes = b""


def checksum8(data: bytes) -> int:
    """The byte that makes the sum of all bytes 0 mod 256."""
    return (-sum(data)) & 0xFF


def crc16_xmodem(data: bytes) -> int:
    """CRC-16/XMODEM (poly 0x1021, init 0)."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _mode(mode: str | ChecksumMode) -> ChecksumMode:
    return mode if isinstance(mode, ChecksumMode) else ChecksumMode(mode)


def encode(
    destination: int,
    header: int,
    data: bytes = b"",
    source: int = HOST_ADDRESS,
    mode: str | ChecksumMode = ChecksumMode.SIMPLE,
) -> bytes:
    """One frame ready for the wire."""
    if len(data) > 255:
        raise FrameError("more than 255 data bytes")
    if _mode(mode) is ChecksumMode.SIMPLE:
        body = bytes([destination, len(data), source, header]) + bytes(data)
        return body + bytes([checksum8(body)])
    crc = crc16_xmodem(bytes([destination, len(data), header]) + bytes(data))
    return bytes([destination, len(data), crc & 0xFF, header]) + bytes(data) + bytes([crc >> 8])


def frame_valid(raw: bytes, mode: str | ChecksumMode = ChecksumMode.SIMPLE) -> bool:
    if len(raw) < MIN_FRAME_BYTES or len(raw) != raw[1] + MIN_FRAME_BYTES:
        return False
    if _mode(mode) is ChecksumMode.SIMPLE:
        return sum(raw) & 0xFF == 0
    crc = crc16_xmodem(bytes([raw[0], raw[1], raw[3]]) + raw[4:-1])
    return raw[2] == crc & 0xFF and raw[-1] == crc >> 8


def decode(raw: bytes, mode: str | ChecksumMode = ChecksumMode.SIMPLE) -> Frame:
    """Parse one complete frame; FrameError if its length or checksum is wrong."""
    if not frame_valid(bytes(raw), mode):
        raise FrameError("bad length or checksum")
    source = raw[2] if _mode(mode) is ChecksumMode.SIMPLE else 0
    return Frame(destination=raw[0], source=source, header=raw[3], data=bytes(raw[4:-1]))


class FrameReader:
    """Turns a byte stream into frames; garbage and bad frames are dropped, a gap over 50 ms resets."""

    def __init__(
        self, mode: str | ChecksumMode = ChecksumMode.SIMPLE, gap_s: float = INTER_BYTE_GAP_S
    ) -> None:
        self._mode = _mode(mode)
        self._gap_s = gap_s
        self._buf = bytearray()
        self._last_s: float | None = None
        self.dropped_bytes = 0

    def reset(self) -> None:
        self.dropped_bytes += len(self._buf)
        self._buf.clear()

    def feed(self, data: bytes, now_s: float) -> list[Frame]:
        """Add bytes received at now_s (monotonic seconds); returns the complete valid frames."""
        if self._last_s is not None and now_s - self._last_s > self._gap_s:
            self.reset()
        if data:
            self._last_s = now_s
        self._buf.extend(data)
        frames: list[Frame] = []
        while len(self._buf) >= 2:
            length = self._buf[1] + MIN_FRAME_BYTES
            if len(self._buf) >= length:
                raw = bytes(self._buf[:length])
                if frame_valid(raw, self._mode):
                    frames.append(decode(raw, self._mode))
                    del self._buf[:length]
                else:  # resynchronise one byte further on
                    del self._buf[0]
                    self.dropped_bytes += 1
                continue
            # incomplete at the start (perhaps garbage claiming a long length): a complete valid frame
            # further on wins, else wait for more bytes (or the gap that resets)
            start = self._valid_frame_after_start()
            if start is None:
                break
            del self._buf[:start]
            self.dropped_bytes += start
        return frames

    def _valid_frame_after_start(self) -> int | None:
        buf = self._buf
        for start in range(1, len(buf) - MIN_FRAME_BYTES + 1):
            end = start + buf[start + 1] + MIN_FRAME_BYTES
            if end <= len(buf) and frame_valid(bytes(buf[start:end]), self._mode):
                return start
        return None


# ---- header 229: the event buffer -------------------------------------------------------------------


class EventCode(enum.IntEnum):
    NULL = 0
    REJECT_COIN = 1
    INHIBITED_COIN = 2
    SECOND_COIN_TOO_CLOSE = 8
    VALIDATION_SENSOR_NOT_READY = 13
    CREDIT_SENSOR_BLOCKED = 14
    SORTER_OPTO_BLOCKED = 15
    COIN_GOING_BACKWARDS = 17
    COIN_TOO_FAST = 18
    COIN_TOO_SLOW = 19
    COIN_ON_STRING = 20
    COIN_RETURN_OPEN = 254
    UNSPECIFIED_ALARM = 255


BLOCKING_EVENTS = frozenset({13, 14, 15})
FRAUD_EVENTS = frozenset({17, 18, 19, 20})


def event_name(code: int) -> str:
    try:
        return EventCode(code).name.lower()
    except ValueError:
        return f"event_{code}"


def event_is_blocking(code: int) -> bool:
    return code in BLOCKING_EVENTS


def event_is_fraud(code: int) -> bool:
    return code in FRAUD_EVENTS


def reject_reason(code: int) -> str:
    """The coin_rejected reason of an event code."""
    if code == EventCode.INHIBITED_COIN:
        return "inhibited"
    if code == EventCode.COIN_RETURN_OPEN:
        return "return_lever"
    if code in FRAUD_EVENTS:
        return "fraud"
    if code in (EventCode.REJECT_COIN, EventCode.SECOND_COIN_TOO_CLOSE):
        return "rejected"
    return event_name(code)


@dataclass(frozen=True)
class BufferReading:
    counter: int
    results: tuple[tuple[int, int], ...]  # 5 (A, B) pairs, newest first


@dataclass(frozen=True)
class Event:
    counter: int  # the event counter value this event brought the device to
    result_a: int  # 1..16 credit for a coin position, 0 = event code in result_b
    result_b: int

    @property
    def is_credit(self) -> bool:
        return 1 <= self.result_a <= 16


@dataclass(frozen=True)
class EventBatch:
    events: tuple[Event, ...]  # oldest first
    lost: int  # events that fell out of the 5-slot buffer
    reset: bool  # the counter went back to 0: the device reset


def parse_buffer(data: bytes) -> BufferReading:
    if len(data) != 1 + 2 * EVENT_SLOTS:
        raise FrameError(f"229 reply has {len(data)} bytes, expected 11")
    pairs = tuple((data[1 + 2 * i], data[2 + 2 * i]) for i in range(EVENT_SLOTS))
    return BufferReading(counter=data[0], results=pairs)


def next_counter(counter: int, steps: int = 1) -> int:
    """The counter after this many events (1..255 cycle; 0 only after reset)."""
    if steps <= 0:
        return counter
    return (counter - 1 + steps) % 255 + 1 if counter else (steps - 1) % 255 + 1


def new_event_count(last: int, new: int) -> int:
    """How many events happened between two counter readings (0 when new is 0)."""
    if new == 0:
        return 0
    if last == 0:
        return new
    return (new - last) % 255


def events_since(last: int, reading: BufferReading) -> EventBatch:
    """The new events of a 229 reading, oldest first, with the lost count and reset detection."""
    if reading.counter == 0:
        return EventBatch((), 0, last != 0)
    n = new_event_count(last, reading.counter)
    kept = min(n, EVENT_SLOTS)
    events = []
    for i in range(kept - 1, -1, -1):  # results[0] is the newest
        a, b = reading.results[i]
        counter = (reading.counter - 1 - i) % 255 + 1
        events.append(Event(counter, a, b))
    return EventBatch(tuple(events), n - kept, False)


# ---- coin ids --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoinId:
    country: str
    value: int  # in the country's unit (yen)
    issue: str
    raw: str


def parse_coin_id(text: str | bytes) -> CoinId | None:
    """Parse a 6-character coin id CCVVVI ("JP100A"); None for an empty slot or anything unreadable."""
    s = text.decode("ascii", "replace") if isinstance(text, bytes) else text
    if len(s) != 6 or s == "......" or not s[:2].isalpha():
        return None
    code = s[2:5]
    value: float
    if code.isdigit():
        value = int(code)
    else:
        mult = {"m": 0.001, "K": 1000, "M": 1_000_000}
        for letter, factor in mult.items():
            if code.count(letter) == 1:
                whole, _, frac = code.partition(letter)
                if (whole + frac).isdigit():
                    value = float(f"{whole or 0}.{frac or 0}") * factor
                    break
        else:
            return None
    if value <= 0 or value != int(value):
        return None
    return CoinId(country=s[:2], value=int(value), issue=s[5], raw=s)


def inhibit_mask(positions: set[int] | frozenset[int]) -> bytes:
    """The 2 mask bytes of header 231 (bit set = position enabled)."""
    mask = 0
    for p in positions:
        if 1 <= p <= 16:
            mask |= 1 << (p - 1)
    return bytes([mask & 0xFF, mask >> 8])


# ---- header 232: the fault-code table (ccTalk Generic Specification, table 3) ----------------------

FAULT_CODES: dict[int, str] = {
    0: "OK",
    1: "EEPROM checksum corrupted",
    2: "fault on inductive coils",
    3: "fault on credit sensor",
    4: "fault on piezo sensor",
    5: "fault on reflective sensor",
    6: "fault on diameter sensor",
    7: "fault on wake-up sensor",
    8: "fault on sorter exit sensors",
    9: "NVRAM checksum corrupted",
    10: "coin dispensing error",
    11: "low level sensor error",
    12: "high level sensor error",
    13: "coin counting error",
    14: "keypad error",
    15: "button error",
    16: "display error",
    17: "coin auditing error",
    18: "fault on reject sensor",
    19: "fault on coin return mechanism",
    20: "fault on C.O.S. mechanism",
    21: "fault on rim sensor",
    22: "fault on thermistor",
    23: "payout motor fault",
    24: "payout timeout",
    25: "payout jammed",
    26: "payout sensor fault",
    27: "level sensor error",
    28: "personality module not fitted",
    29: "personality checksum corrupted",
    30: "ROM checksum mismatch",
    31: "missing slave device",
    32: "internal comms bad",
    33: "supply voltage outside operating limits",
    34: "temperature outside operating limits",
    35: "D.C.E. fault",
    36: "fault on bill validation sensor",
    37: "fault on bill transport motor",
    38: "fault on stacker",
    39: "bill jammed",
    40: "RAM test fail",
    41: "fault on string sensor",
    42: "accept gate failed open",
    43: "accept gate failed closed",
    44: "stacker missing",
    45: "stacker full",
    46: "flash memory erase fail",
    47: "flash memory write fail",
    48: "slave device not responding",
    49: "fault on opto sensor",
    50: "battery fault",
    51: "door open",
    52: "microswitch fault",
    53: "RTC fault",
    54: "firmware error",
    55: "initialisation error",
    56: "supply current outside operating limits",
    57: "forced bootloader mode",
    255: "unspecified fault code",
}


class FaultCode(enum.IntEnum):
    """The fault codes the drivers and the simulator name (the whole table is FAULT_CODES)."""

    OK = 0
    INDUCTIVE_COILS = 2
    CREDIT_SENSOR = 3
    SORTER_EXIT_SENSORS = 8
    COIN_RETURN_MECHANISM = 19
    UNSPECIFIED = 255


def fault_text(code: int, extra: bytes = b"") -> str:
    """A 232 reply in words: "fault on credit sensor (code 3)"; manufacturer codes are named as such."""
    text = FAULT_CODES.get(code, "manufacturer-specific fault")
    if code == 0:
        return text
    more = f", extra {extra[0]}" if extra else ""
    return f"{text} (code {code}{more})"


# ---- header 163: the hopper's status registers -----------------------------------------------------

HOPPER_FLAG_NAMES: tuple[tuple[str, ...], ...] = (
    (  # register 1
        "absolute maximum current exceeded",
        "payout timeout occurred",
        "motor reversed during last payout to clear a jam",
        "opto fraud attempt, path blocked during idle",
        "opto fraud attempt, short-circuit during idle",
        "opto blocked permanently during payout",
        "power-up detected",
        "payout disabled",
    ),
    (  # register 2 (not every hopper sends it; some models use bits 2-5 for their own checksum flags)
        "opto fraud attempt, short-circuit during payout",
        "single coin payout mode",
        "use other hopper for change",
        "opto fraud attempt",
        "motor reverse limit reached",
        "inductive coil fault",
        "power fail during NV memory write",
        "PIN number mechanism enabled",
    ),
    (  # register 3
        "power down during payout",
        "unknown coin type paid",
        "PIN number incorrect",
        "incorrect cipher key",
        "encryption enabled",
        "reserved",
        "reserved",
        "reserved",
    ),
)
HOPPER_POWER_UP = 0x40  # register 1 bit 6: set at power-up, cleared by a reset (header 1)
HOPPER_DISABLED = 0x80  # register 1 bit 7: payouts disabled until header 164 with 0xA5


def decode_hopper_flags(data: bytes) -> list[tuple[int, int, str, bool]]:
    """Every bit of the 163 registers received: (register 1.., bit 0..7, meaning, set)."""
    out: list[tuple[int, int, str, bool]] = []
    for reg, value in enumerate(data[: len(HOPPER_FLAG_NAMES)]):
        for bit, name in enumerate(HOPPER_FLAG_NAMES[reg]):
            out.append((reg + 1, bit, name, bool(value >> bit & 1)))
    return out


# ---- header 217: the hopper's level sensors --------------------------------------------------------


@dataclass(frozen=True)
class LevelStatus:
    low_fitted: bool
    high_fitted: bool
    below_low: bool  # only meaningful when the low sensor is fitted
    above_high: bool  # only meaningful when the high sensor is fitted


def parse_level_status(data: bytes) -> LevelStatus:
    """Header 217: bit 0 below the low level, bit 1 above the high level, bits 4/5 sensors fitted."""
    s = data[0] if data else 0
    return LevelStatus(bool(s & 0x10), bool(s & 0x20), bool(s & 0x01), bool(s & 0x02))
