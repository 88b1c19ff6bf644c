"""The ccTalk coin acceptor driver: identifies the device, polls its event buffer in a worker, credits coins.

Sharing one port with the hopper: the acceptor creates the CctalkBus (or takes one), and the hopper is given
the same object: ``hopper = CctalkHopper(port, bus=acceptor.bus)``.
"""

from __future__ import annotations

import threading
import time

from kiosk import log
from kiosk.devices.base import CoinAcceptor, Health, HealthState
from kiosk.devices.cctalk.protocol import (
    CoinId,
    FrameError,
    Header,
    event_is_blocking,
    event_is_fraud,
    event_name,
    events_since,
    fault_text,
    inhibit_mask,
    parse_buffer,
    parse_coin_id,
    reject_reason,
)
from kiosk.devices.cctalk.transport import BusDown, BusError, CctalkBus, DeviceIdentity, read_identity
from kiosk.workers import WorkerThread

_log = log.get("cctalk")

FAILURES_BEFORE_DOWN = 3


class CctalkCoinAcceptor(CoinAcceptor):
    """A ccTalk coin acceptor; intake starts shut."""

    def __init__(
        self,
        port: str,
        address: int = 2,
        *,
        bus: CctalkBus | None = None,
        echo: str = "auto",
        checksum: str = "8bit",
        poll_interval_ms: int = 200,
        resume_counter: int | None = None,
    ) -> None:
        super().__init__("coin_acceptor")
        self._owns_bus = bus is None
        self.bus = bus or CctalkBus(port, echo=echo, checksum=checksum)
        self.address = address
        self.poll_interval_s = poll_interval_ms / 1000
        self._resume_counter = resume_counter
        self._last_counter: int | None = None
        self._identifying = False  # a first identification with no resumed counter is under way
        self._positions: dict[int, CoinId] = {}
        self._accepted: frozenset[int] = frozenset()
        self._state_lock = threading.Lock()
        self._inhibits_dirty = True
        self._ready = False
        self._blocked_code = 0
        self.self_check: bytes | None = None  # the last 232 reply while blocked
        self._failures = 0
        self._worker = WorkerThread("cctalk-acceptor", self._run)
        self._stop = self._worker.stopping
        self._wake = threading.Event()
        self.identity: DeviceIdentity | None = None
        self.polls = 0
        self._counter_announced = False
        self.reported = threading.Event()  # its first report (ready or down): a hopper on its bus waits for it

    # ---- interface -----------------------------------------------------------------------------------

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop(self._wake.set)
        self._relay.close()
        if self._owns_bus:
            self.bus.close()

    def coin_values(self) -> frozenset[int]:
        return frozenset(c.value for c in self._positions.values() if c.country == "JP")

    def set_accepted(self, values_yen: frozenset[int]) -> None:
        with self._state_lock:
            self._accepted = frozenset(values_yen)
            self._inhibits_dirty = True
        self._wake.set()

    @property
    def last_counter(self) -> int | None:
        return self._last_counter

    # ---- worker --------------------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self._step()
                self._failures = 0
            except BusDown as exc:
                self._ready = False
                self._set_health(Health(HealthState.DOWN, str(exc)))
                self.reported.set()
            except (BusError, FrameError) as exc:
                self._failures += 1
                _log.warning("coin acceptor: %s", exc)
                if self._failures >= FAILURES_BEFORE_DOWN:
                    self._ready = False
                    self._set_health(Health(HealthState.DOWN, "coin acceptor does not answer"))
                    self.reported.set()
            except Exception:  # a driver bug must not kill the worker silently
                _log.exception("coin acceptor worker error")
                self._ready = False
                self._set_health(Health(HealthState.DOWN, "driver error"))
                self.reported.set()
            delay_s = self.poll_interval_s - (time.monotonic() - started)
            if not self._ready:
                delay_s = max(delay_s, 0.2)
            self._wake.wait(max(0.0, delay_s))
            self._wake.clear()

    def _step(self) -> None:
        if not self._ready:
            self._initialise()
            self._ready = True
            self._set_health(Health(HealthState.OK, self.identity.product if self.identity else ""))
            self.reported.set()
        if self._blocked_code:
            reply = self.bus.transact(self.address, Header.PERFORM_SELF_CHECK).data
            if reply and reply[0] == 0:
                _log.info("coin acceptor fault %d cleared", self._blocked_code)
                self._blocked_code = 0
                self.self_check = reply
                self._set_health(Health(HealthState.OK, "fault cleared"))
                self._emit("fault_cleared")
            elif reply and reply != self.self_check:
                self.self_check = reply
                text = fault_text(reply[0], reply[1:2])
                _log.warning("coin acceptor self-check: %s", text)
                self._set_health(Health(HealthState.DEGRADED, f"fault {event_name(self._blocked_code)}: {text}"))
            return
        if self._inhibits_dirty:
            self._apply_inhibits()
        self._poll()

    def _initialise(self) -> None:
        """The event counter first (one transaction), so that the money recovery, which waits for it, does not wait
        for the identity and the coin table (20-odd transactions).

        With a new ledger (no resumed counter): the counter, then the coin table and the identity, then the counter
        again. With a resumed counter (a restart), the counter too: when the device counted nothing since the
        ledger's last counter (the usual restart), nothing was taken while the booth was down and the recovery goes
        on at once; the coin table, the identity, then a poll from that reading follow (a coin taken meanwhile, by
        an intake left open by the last run, is credited by the coin table). When it counted something, as before:
        the identity, the coin table, then the poll from the resumed counter that credits what it took while the
        booth was down (the recovery waits for it), the regular polls right after it."""
        fresh = self._resume_counter is None and (self._last_counter is None or self._identifying)
        if fresh:  # a new ledger: no coin before this reading belongs to a session
            self._identifying = True
            reading = parse_buffer(self.bus.transact(self.address, Header.READ_BUFFERED_CREDIT).data)
            self._last_counter = reading.counter
            self._announce_counter()
        else:  # an intake left open by the last run may take coins: nothing between this poll and the next
            if self._last_counter is None and self._resume_counter is not None:
                reading = parse_buffer(self.bus.transact(self.address, Header.READ_BUFFERED_CREDIT).data)
                batch = events_since(self._resume_counter, reading)
                if not batch.events and not batch.lost and not batch.reset:  # nothing since the last run
                    self._last_counter = reading.counter
                    self._announce_counter()
            self.identity = read_identity(self.bus, self.address)
        positions: dict[int, CoinId] = {}
        for position in range(1, 17):
            coin = parse_coin_id(
                self.bus.transact(self.address, Header.REQUEST_COIN_ID, bytes([position])).data
            )
            if coin is not None:
                positions[position] = coin
        self._positions = positions
        if not fresh and self._last_counter is None:
            self._poll(start=self._resume_counter)  # credits coins taken while the booth was down
            self._announce_counter()  # after the coins it credited (posted in order)
        elif not fresh:
            self._poll()  # after an unplug (the device kept its buffer), or after a restart's first reading
        if fresh:
            self.identity = read_identity(self.bus, self.address)
        assert self.identity is not None
        _log.info(
            "coin acceptor %s ready, coins %s",
            self.identity.product,
            ",".join(c.raw for c in positions.values()),
        )
        if fresh:  # what it counted meanwhile (refusals; with a new ledger no coin belongs to a session yet) is not
            # "events lost": the baseline is read again
            reading = parse_buffer(self.bus.transact(self.address, Header.READ_BUFFERED_CREDIT).data)
            self._last_counter = reading.counter
            self._identifying = False
        with self._state_lock:
            self._inhibits_dirty = True
        self._apply_inhibits()

    def _announce_counter(self) -> None:
        if not self._counter_announced:
            self._counter_announced = True
            self._emit("counter_read")

    def _apply_inhibits(self) -> None:
        with self._state_lock:
            accepted = self._accepted
            self._inhibits_dirty = False
        positions = {p for p, c in self._positions.items() if c.value in accepted}
        try:
            self.bus.transact(self.address, Header.MODIFY_INHIBIT_STATUS, inhibit_mask(positions))
            self.bus.transact(self.address, Header.MODIFY_MASTER_INHIBIT, bytes([1 if positions else 0]))
        except BusError:
            with self._state_lock:
                self._inhibits_dirty = True
            raise

    def _poll(self, start: int | None = None) -> None:
        reply = self.bus.transact(self.address, Header.READ_BUFFERED_CREDIT)
        reading = parse_buffer(reply.data)
        self.polls += 1
        last = start if start is not None else (self._last_counter or 0)
        batch = events_since(last, reading)
        if batch.reset:
            _log.warning("coin acceptor reset itself (counter %d -> 0)", last)
            self._last_counter = 0
            self._emit("device_reset")
            with self._state_lock:
                self._inhibits_dirty = True
            self._apply_inhibits()
            return
        if batch.lost:
            _log.error("coin acceptor: %d events lost between two polls", batch.lost)
            self._emit("events_lost", batch.lost)
        for event in batch.events:
            self._last_counter = event.counter
            if event.is_credit:
                coin = self._positions.get(event.result_a)
                if coin is None:
                    _log.error("credit for unknown coin position %d", event.result_a)
                    self._emit("coin_rejected", "unknown_coin")
                    continue
                _log.info("coin credited: %d yen (counter %d)", coin.value, event.counter)
                self._emit("coin_credited", coin.value, event.counter)
            elif event.result_b == 0:
                continue
            elif event_is_blocking(event.result_b):
                _log.warning("coin acceptor blocking fault %s", event_name(event.result_b))
                self._blocked_code = event.result_b
                self.self_check = None
                self._set_health(Health(HealthState.DEGRADED, f"fault {event_name(event.result_b)}"))
                self._emit("fault_raised", event.result_b, True)
            else:
                if event_is_fraud(event.result_b) or event.result_b == 255:
                    self._emit("fault_raised", event.result_b, False)
                self._emit("coin_rejected", reject_reason(event.result_b))
        self._last_counter = reading.counter
