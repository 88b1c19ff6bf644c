"""The ccTalk change hopper driver: pays coins in a worker, never dispenses twice, reports what it could not pay.

To share the coin acceptor's port, pass its bus: ``CctalkHopper(port, bus=acceptor.bus)``.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk import log
from kiosk.devices.base import Health, HealthState, Hopper, HopperLevel, PayoutResult
from kiosk.devices.cctalk.protocol import (
    HOPPER_POWER_UP,
    FrameError,
    Header,
    LevelStatus,
    parse_level_status,
)
from kiosk.devices.cctalk.transport import (
    BusDown,
    BusError,
    CctalkBus,
    DeviceIdentity,
    Nak,
    NoReply,
    optional,
    read_identity,
)
from kiosk.workers import WorkerThread

_log = log.get("cctalk")

# A security scheme turns (coin count, the hopper's serial number bytes) into the 167 data bytes.
SecurityScheme = Callable[[int, bytes], bytes]
SECURITY_SCHEMES: Mapping[str, SecurityScheme] = {"none": lambda count, serial: bytes([count])}

FLAG_PAYOUT_TIMEOUT = 0x02  # header 163: the hopper ran empty
FLAG_MOTOR_REVERSED = 0x04
FLAG_OPTO_BLOCKED = 0x20  # jammed
STALL_S = 10.0
GIVE_UP_S = 30.0


@dataclass(frozen=True)
class PayoutStatus:
    counter: int
    remaining: int
    paid: int
    unpaid: int


class CctalkHopper(Hopper):
    """A ccTalk hopper paying coins of one value.

    The level comes from the hopper's low-level sensor where one is fitted (header 217, bit 4), else from the
    ledger's estimate of the coins inside (set_coin_estimate: refills minus payouts): LOW below
    low_level_coins, EMPTY at 0, UNKNOWN while no estimate was given. A payout that came up short marks the
    hopper EMPTY (or jammed) until a refill. A model without header 217 (it NAKs it or stays silent) counts as
    having no sensor, and the idle poll uses a simple poll instead.
    """

    def __init__(
        self,
        port: str,
        address: int = 3,
        *,
        bus: CctalkBus | None = None,
        coin_yen: int = 100,
        security: str = "none",
        low_level_coins: int = 20,
        echo: str = "auto",
        checksum: str = "8bit",
        status_interval_ms: int = 100,
        idle_interval_ms: int = 1000,
        security_schemes: Mapping[str, SecurityScheme] | None = None,
    ) -> None:
        super().__init__("hopper")
        self._owns_bus = bus is None
        self.bus = bus or CctalkBus(port, echo=echo, checksum=checksum)
        self.address = address
        self.coin_yen = coin_yen
        schemes = security_schemes or SECURITY_SCHEMES
        if security not in schemes:
            raise ValueError(f"unknown hopper security scheme {security!r}")
        self._security = schemes[security]
        self.low_level_coins = low_level_coins
        self.status_interval_s = status_interval_ms / 1000
        self.idle_interval_s = idle_interval_ms / 1000
        self._queue: queue.Queue[int] = queue.Queue()
        self._worker = WorkerThread("cctalk-hopper", self._run, join_timeout_s=GIVE_UP_S + 5)
        self._stop = self._worker.stopping
        self._estop = threading.Event()
        self._ready = False
        self._lifetime: int | None = None
        self._level = HopperLevel.UNKNOWN
        self._empty = False
        self._estimate: int | None = None
        self._sensors: LevelStatus | None = None
        self.has_level_sensor: bool | None = None  # None until the hopper was asked (header 217)
        self._level_lock = threading.Lock()
        self._flags: int | None = None
        self._serial = b"\0\0\0"
        self.identity: DeviceIdentity | None = None
        self.busy = False
        self._after: threading.Event | None = None  # wait_for_first()
        self._after_timeout_s = 0.0

    # ---- interface -----------------------------------------------------------------------------------

    def wait_for_first(self, event: threading.Event, timeout_s: float) -> None:
        """On a bus shared with the coin acceptor: the first identification waits for event (the acceptor
        ready), at most timeout_s, so that the bus serves the acceptor's 20-odd transactions (intake) before the
        hopper's (payouts, which no session needs before its fee is in)."""
        self._after, self._after_timeout_s = event, timeout_s

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop(lambda: self._queue.put(0))
        self._relay.close()
        if self._owns_bus:
            self.bus.close()

    @property
    def level(self) -> HopperLevel:
        return self._level

    def lifetime_count(self) -> int | None:
        return self._lifetime

    def pay_out(self, coins: int) -> None:
        if coins <= 0:
            self._emit("payout_finished", PayoutResult(0, 0, 0, self.coin_yen, self._lifetime))
            return
        self.busy = True
        self._queue.put(coins)

    def set_coin_estimate(self, coins: int | None) -> None:
        """The ledger's estimate of the coins inside (refills minus payouts); any thread.

        It decides the level where no level sensor is fitted; a refill (an estimate above 0) ends EMPTY.
        """
        with self._level_lock:
            self._estimate = coins
            if coins is not None and coins > 0:
                self._empty = False
        self._update_level()

    @property
    def coin_estimate(self) -> int | None:
        return self._estimate

    # ---- worker --------------------------------------------------------------------------------------

    def _run(self) -> None:
        if self._after is not None:
            deadline = time.monotonic() + self._after_timeout_s
            while not self._after.is_set() and not self._stop.is_set() and time.monotonic() < deadline:
                self._after.wait(min(0.05, max(0.0, deadline - time.monotonic())))  # a stop ends it within 50 ms
        while not self._stop.is_set():
            try:
                if not self._ready:
                    self._initialise()
                try:
                    coins = self._queue.get(timeout=self.idle_interval_s)
                except queue.Empty:
                    coins = 0
                if self._stop.is_set():
                    if coins > 0:  # never started: nothing left the hopper
                        self._finish(coins, 0, self._lifetime)
                    break
                if coins > 0:
                    self._pay(coins)
                else:
                    self._idle_poll()
            except BusDown as exc:
                self._ready = False
                self._set_health(Health(HealthState.DOWN, str(exc)))
                self._stop.wait(0.2)
            except (BusError, FrameError) as exc:
                self._ready = False
                _log.warning("hopper: %s", exc)
                self._set_health(Health(HealthState.DOWN, "hopper does not answer"))
                self._stop.wait(0.2)
            except Exception:
                _log.exception("hopper worker error")
                self._ready = False
                self._set_health(Health(HealthState.DOWN, "driver error"))
                self._stop.wait(0.5)
        while not self._queue.empty():  # requests that never started still get their answer
            coins = self._queue.get_nowait()
            if coins > 0:
                self._finish(coins, 0, self._lifetime)

    def _status(self) -> PayoutStatus:
        d = self.bus.transact(self.address, Header.REQUEST_PAYOUT_STATUS).data
        if len(d) < 4:
            raise FrameError("short 166 reply")
        return PayoutStatus(d[0], d[1], d[2], d[3])

    def _read_lifetime(self) -> int:
        d = self.bus.transact(self.address, Header.REQUEST_DISPENSE_COUNT).data
        if len(d) < 3:
            raise FrameError("short 168 reply")
        return int.from_bytes(d[:3], "little")

    def _initialise(self) -> None:
        self.identity = read_identity(self.bus, self.address)
        self._serial = self.identity.serial_number.to_bytes(3, "little")
        status = self._status()
        if status.remaining > 0:  # a payout from before a restart is still running: let it finish
            _log.warning("hopper still paying %d coins from before; waiting", status.remaining)
            self._set_health(Health(HealthState.DEGRADED, "finishing an earlier payout"))
            while status.remaining > 0 and not self._stop.is_set():
                self._stop.wait(self.status_interval_s)
                status = self._status()
        self._lifetime = self._read_lifetime()
        flags = self.bus.transact(self.address, Header.TEST_HOPPER).data
        self._flags = flags[0] if flags else None
        if self._flags is not None and self._flags & HOPPER_POWER_UP:
            _log.info("hopper was powered up since its last reset (163 bit 6)")
        level = optional(self.bus, self.address, Header.REQUEST_LEVEL_STATUS)
        sensors = parse_level_status(level) if level is not None else None
        self.has_level_sensor = sensors is not None and (sensors.low_fitted or sensors.high_fitted)
        if level is None:
            _log.info("hopper has no level status (header 217): the level follows the coin estimate")
        self._ready = True
        self._update_level(sensors)
        self._health_from_flags()

    def _idle_poll(self) -> None:
        """Between payouts: the level sensors where the model has header 217, else a simple poll."""
        if not self.has_level_sensor:
            self.bus.transact(self.address, Header.SIMPLE_POLL)
            return
        try:
            self._update_level(parse_level_status(
                self.bus.transact(self.address, Header.REQUEST_LEVEL_STATUS).data))
        except Nak:
            self.has_level_sensor = False
            self._update_level(None)

    def _health_from_flags(self) -> None:
        if self._flags is not None and self._flags & FLAG_OPTO_BLOCKED:
            self._set_health(Health(HealthState.DOWN, "hopper jammed"))
        elif self._empty:
            self._set_health(Health(HealthState.DEGRADED, "hopper empty"))
        elif self._level is HopperLevel.LOW:
            self._set_health(Health(HealthState.DEGRADED, "hopper low"))
        else:
            self._set_health(Health(HealthState.OK, self.identity.product if self.identity else ""))

    def _update_level(self, sensors: LevelStatus | None = None) -> None:
        """Recompute the level from the last sensor reading (new one if given) and the estimate."""
        with self._level_lock:
            if sensors is not None:
                self._sensors = sensors
            s = self._sensors if self.has_level_sensor else None
            if s is not None and s.low_fitted:
                level = HopperLevel.LOW if s.below_low else HopperLevel.OK
                if sensors is not None and not s.below_low:
                    self._empty = False  # a new reading above the low sensor: refilled
            elif self._estimate is None:
                level = HopperLevel.UNKNOWN if self.has_level_sensor is not None else self._level
            elif self._estimate <= 0:
                level = HopperLevel.EMPTY
            elif self._estimate < self.low_level_coins:
                level = HopperLevel.LOW
            else:
                level = HopperLevel.OK
            if s is not None and s.high_fitted and s.above_high and level is HopperLevel.OK:
                level = HopperLevel.HIGH
            if self._empty:
                level = HopperLevel.EMPTY
            changed = level is not self._level
            self._level = level
        if changed:
            self._emit("level_changed", level)
            if self._ready:
                self._health_from_flags()

    def _finish(self, requested: int, paid: int, lifetime: int | None) -> None:
        self.busy = False
        result = PayoutResult(requested, paid, requested - paid, self.coin_yen, lifetime)
        _log.info("payout finished: %d of %d coins paid", paid, requested)
        self._emit("payout_finished", result)

    def _retrying(
        self, call: Callable[[], PayoutStatus | int], deadline_s: float
    ) -> PayoutStatus | int | None:
        """Reads are safe to repeat: keep trying (through a reopen) until the deadline."""
        while not self._stop.is_set():
            try:
                return call()
            except (BusError, FrameError):
                if time.monotonic() > deadline_s:
                    return None
                self._stop.wait(0.1)
        return None

    def _pay(self, requested: int) -> None:
        self._estop.clear()
        try:
            lifetime0 = self._read_lifetime()
            status0 = self._status()
            self.bus.transact(self.address, Header.ENABLE_HOPPER, bytes([0xA5]))
        except (BusError, FrameError) as exc:
            _log.error("payout not started: %s", exc)
            self._finish(requested, 0, self._lifetime)
            raise
        self._lifetime = lifetime0
        data = self._security(requested, self._serial)
        accepted: bool | None = False
        for _ in range(2):  # a second send only once reconciliation proved the first never arrived
            try:
                self.bus.transact(self.address, Header.DISPENSE_COINS, data, retry=False)
                accepted = True
            except Nak:
                _log.error("hopper refused the payout")
                self._flags = self._retrying(
                    lambda: self.bus.transact(self.address, Header.TEST_HOPPER).data[0], time.monotonic() + 1
                )  # type: ignore[assignment]
                self._set_health(Health(HealthState.DEGRADED, "hopper refused the payout"))
                self._finish(requested, 0, lifetime0)
                return
            except (NoReply, BusDown, FrameError):
                _log.warning("dispense reply lost; reconciling with 166 and 168")
                accepted = self._reconcile(status0, lifetime0)
            if accepted is not False:
                break
        if accepted is False:
            self._finish(requested, 0, lifetime0)
            return
        self._follow(requested, lifetime0)

    def _reconcile(self, status0: PayoutStatus, lifetime0: int) -> bool | None:
        """Did the lost dispense command arrive? None when the hopper cannot be asked."""
        deadline = time.monotonic() + 3.0
        status = self._retrying(self._status, deadline)
        lifetime = self._retrying(self._read_lifetime, deadline)
        if not isinstance(status, PayoutStatus) or not isinstance(lifetime, int):
            return None
        return status.counter != status0.counter or lifetime != lifetime0 or status.remaining > 0

    def _follow(self, requested: int, lifetime0: int) -> None:
        last_paid = -1
        last_change_s = time.monotonic()
        deadline = time.monotonic() + GIVE_UP_S
        while True:
            if self._estop.is_set():
                self._estop.clear()
                with contextlib.suppress(BusError, FrameError):
                    self.bus.transact(self.address, Header.EMERGENCY_STOP)
            status = self._retrying(self._status, deadline)
            if not isinstance(status, PayoutStatus):
                break
            deadline = time.monotonic() + GIVE_UP_S
            if status.paid != last_paid:
                last_paid, last_change_s = status.paid, time.monotonic()
                self._emit("payout_progressed", min(status.paid, requested), requested)
            if status.remaining == 0:
                break
            if time.monotonic() - last_change_s > STALL_S:
                self._estop.set()
            self._stop.wait(self.status_interval_s)
        lifetime = self._retrying(self._read_lifetime, time.monotonic() + GIVE_UP_S)
        if not isinstance(lifetime, int):
            _log.error("hopper lost during a payout; reporting what is known")
            self._set_health(Health(HealthState.DOWN, "hopper lost during payout"))
            self._finish(requested, max(0, last_paid), None)
            return
        self._lifetime = lifetime
        paid = max(0, min(requested, lifetime - lifetime0))
        flags = self._retrying(
            lambda: self.bus.transact(self.address, Header.TEST_HOPPER).data[0], time.monotonic() + 1
        )
        self._flags = flags if isinstance(flags, int) else None
        if paid < requested:
            jammed = bool(self._flags and self._flags & FLAG_OPTO_BLOCKED)
            self._empty = not jammed
            _log.error("hopper %s: %d coins unpaid", "jammed" if jammed else "empty", requested - paid)
            self._update_level()
        self._health_from_flags()  # health first: a slot of payout_finished sees the new health
        self._finish(requested, paid, lifetime)
