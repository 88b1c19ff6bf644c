"""The maintenance PIN: salted scrypt hashes, constant-time checks, and a gate that locks after wrong tries."""

from __future__ import annotations

import base64
import enum
import getpass
import hashlib
import hmac
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

from kiosk import log

SCHEME = "scrypt"
DEFAULT_N = 2**14  # 16 MiB of memory with r=8: about 50 ms on a booth's CPU
DEFAULT_R = 8
DEFAULT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_DIGITS = 4
MAX_DIGITS = 12
SIMULATOR_PIN = "000000"
_MAX_N = 2**20  # refuse hashes that would cost more than 1 GiB
_MAXMEM_BYTES = 1 << 30
_log = log.get("ui")


class PinFormatError(ValueError):
    """The PIN is not 4 to 12 digits (the message never contains the PIN)."""


def check_pin_format(pin: str) -> None:
    """Raise PinFormatError unless the PIN is 4 to 12 ASCII digits."""
    if not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not all("0" <= c <= "9" for c in pin):
        raise PinFormatError(f"a PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAXMEM_BYTES)


def hash_pin(
    pin: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P, salt: bytes | None = None
) -> str:
    """Hash a PIN as "scrypt$n$r$p$salt_b64$hash_b64" with a fresh random salt."""
    check_pin_format(pin)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = _derive(pin, salt, n, r, p, KEY_BYTES)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(key)}"


def verify_pin(pin: str, encoded: str) -> bool:
    """True when pin matches the encoded hash; a malformed or empty hash never matches."""
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and salt and expected):
        return False
    try:
        key = _derive(pin, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(key, expected)


def is_valid_hash(encoded: str) -> bool:
    """True when encoded has the scheme's shape (used by `kiosk selftest` to flag a broken pin_hash)."""
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        int(parts[1]), int(parts[2]), int(parts[3])
        base64.b64decode(parts[4], validate=True)
        base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    return True


def effective_pin_hash(configured: str, simulate: bool) -> str:
    """The hash the gate checks: the configured one; in simulator mode an empty one means PIN 000000.

    An empty result locks the menu (a real booth without a configured PIN has no maintenance menu).
    """
    if configured:
        return configured
    return hash_pin(SIMULATOR_PIN, n=2**10) if simulate else ""


class PinOutcome(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LOCKED = "locked"  # too many wrong tries: nothing is checked until the lock ends


class LockoutState(Protocol):
    """Where the gate keeps its count and lock across restarts (kiosk.store.lockout.LockoutFile)."""

    def load(self) -> tuple[int, float | None]: ...

    def save(self, failures: int, locked_until_s: float | None) -> None: ...


class PinGate:
    """Checks PINs; max_tries wrong tries in a row lock it for lockout_s; a right PIN resets the count.

    With a state, the count and the lock are saved after every change and read back at start, so restarting
    the booth neither resets the count nor ends a lock. The clock is wall time (a lock ends at a moment, also
    after a reboot); a lock never lasts longer than lockout_s from now, whatever the clock did meanwhile. A
    state that cannot be read locks the gate for lockout_s (fail closed); one that cannot be written leaves the
    gate working from memory (a booth with a full disk must still let its technician in).
    """

    def __init__(
        self,
        pin_hash: str,
        *,
        max_tries: int = 5,
        lockout_s: float = 300.0,
        clock: Callable[[], float] = time.time,
        state: LockoutState | None = None,
    ) -> None:
        self._pin_hash = pin_hash
        self._max_tries = max_tries
        self._lockout_s = lockout_s
        self._clock = clock
        self._state = state
        self._failures = 0
        self._locked_until: float | None = None
        if state is not None:
            try:
                failures, locked_until = state.load()
                self._failures = max(0, int(failures))
                self._locked_until = locked_until
            except Exception as exc:  # unreadable: fail closed
                _log.error("PIN lockout state unreadable (%s): locked for %.0f s", type(exc).__name__, lockout_s)
                self._failures = max_tries
                self._locked_until = clock() + lockout_s
        self.locked_remaining_s()  # a lock that ended while the booth was off is over; one too long is cut

    @property
    def enabled(self) -> bool:
        """False when no PIN is configured: every try is rejected."""
        return bool(self._pin_hash)

    @property
    def failures(self) -> int:
        return self._failures

    def _save(self) -> None:
        if self._state is None:
            return
        try:
            self._state.save(self._failures, self._locked_until)
        except Exception as exc:
            _log.error("PIN lockout state not saved (%s)", type(exc).__name__)

    def locked_remaining_s(self) -> float:
        """Seconds until tries are accepted again (0 when not locked)."""
        if self._locked_until is None:
            return 0.0
        now = self._clock()
        remaining = self._locked_until - now
        if remaining <= 0:
            self._locked_until = None
            self._failures = 0
            self._save()
            return 0.0
        if remaining > self._lockout_s:  # the clock went back: never longer than one lockout from now
            self._locked_until, remaining = now + self._lockout_s, self._lockout_s
            self._save()
        return remaining

    def try_pin(self, pin: str) -> PinOutcome:
        """Check one try. While locked, the PIN is not even looked at."""
        if self.locked_remaining_s() > 0:
            return PinOutcome.LOCKED
        if self._pin_hash and verify_pin(pin, self._pin_hash):
            if self._failures:
                self._failures = 0
                self._save()
            return PinOutcome.ACCEPTED
        self._failures += 1
        if self._failures >= self._max_tries:
            self._locked_until = self._clock() + self._lockout_s
            self._save()
            return PinOutcome.LOCKED
        self._save()
        return PinOutcome.REJECTED


def _read_pins(stdin: TextIO, prompt: Callable[[str], str]) -> tuple[str, str]:
    if stdin.isatty():
        return prompt("New maintenance PIN: "), prompt("Repeat the PIN: ")
    lines = stdin.read().splitlines()
    first = lines[0].strip() if lines else ""
    second = lines[1].strip() if len(lines) > 1 else first
    return first, second


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
) -> int:
    """`kiosk hash-pin`: read the PIN twice (no echo on a terminal; from stdin otherwise), print its hash."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    if argv and any(a in ("-h", "--help") for a in argv):
        print(
            "usage: kiosk hash-pin   (reads the PIN twice; prints the line for [maintenance] pin_hash)",
            file=stdout,
        )
        return 0
    try:
        first, second = _read_pins(stdin, prompt)
    except (EOFError, KeyboardInterrupt):
        print("hash-pin: no PIN read", file=stderr)
        return 1
    if not hmac.compare_digest(first.encode(), second.encode()):
        print("hash-pin: the two PINs differ", file=stderr)
        return 1
    try:
        encoded = hash_pin(first)
    except PinFormatError as exc:
        print(f"hash-pin: {exc}", file=stderr)
        return 2
    print(encoded, file=stdout)
    return 0
