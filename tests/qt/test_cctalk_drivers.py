"""The ccTalk drivers against the pty simulator, with its faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.devices.base import HealthState, HopperLevel, PayoutResult
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.cctalk.protocol import HOPPER_POWER_UP, Header
from kiosk.devices.sim.cctalk_device import SimCctalkBus


@pytest.fixture
def sim() -> Iterator[SimCctalkBus]:
    bus = SimCctalkBus(coin_interval_s=0.02)
    yield bus
    bus.close()


@pytest.fixture
def acceptor(qtbot, sim: SimCctalkBus) -> Iterator[CctalkCoinAcceptor]:  # type: ignore[no-untyped-def]
    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    with qtbot.waitSignal(acc.health_changed, timeout=5000):
        acc.start()
    yield acc
    acc.stop()


@pytest.fixture
def hopper(qtbot, sim: SimCctalkBus, acceptor: CctalkCoinAcceptor) -> Iterator[CctalkHopper]:  # type: ignore[no-untyped-def]
    hop = CctalkHopper(sim.port_path, bus=acceptor.bus)
    hop.start()
    qtbot.waitUntil(lambda: hop.has_level_sensor is not None, timeout=5000)
    yield hop
    hop.stop()


def _open(qtbot, sim: SimCctalkBus, acc: CctalkCoinAcceptor, values: set[int]) -> None:  # type: ignore[no-untyped-def]
    acc.set_accepted(frozenset(values))
    qtbot.waitUntil(lambda: sim.master_inhibit_open == bool(values), timeout=2000)


def test_identity_coin_table_and_shut_intake(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    assert (acceptor.name, hopper.name) == ("coin_acceptor", "hopper")  # the names health and metrics go by
    assert acceptor.identity is not None and acceptor.identity.category == "Coin Acceptor"
    assert acceptor.coin_values() == frozenset({10, 50, 100, 500})
    assert not sim.master_inhibit_open
    with qtbot.waitSignal(acceptor.coin_rejected, timeout=2000) as blocker:
        assert not sim.insert_coin(100)
    assert blocker.args == ["inhibited"]


def test_accepted_denominations_follow_the_mask(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {500})
    credited: list[int] = []
    rejected: list[str] = []
    acceptor.coin_credited.connect(lambda v, c: credited.append(v))
    acceptor.coin_rejected.connect(rejected.append)
    assert sim.insert_coin(500) and sim.insert_coin(500, old_500=True)
    assert not sim.insert_coin(100)
    qtbot.waitUntil(lambda: len(credited) == 2 and rejected == ["inhibited"], timeout=2000)
    assert credited == [500, 500]


def test_dropped_and_corrupted_replies_credit_exactly_once(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {100})
    credited: list[tuple[int, int]] = []
    acceptor.coin_credited.connect(lambda v, c: credited.append((v, c)))
    sim.drop_replies(2)
    sim.corrupt_replies(2)
    sim.insert_coin(100)
    qtbot.waitUntil(lambda: len(credited) == 1, timeout=3000)
    sim.insert_coin(100)
    qtbot.waitUntil(lambda: len(credited) == 2, timeout=3000)
    assert [c for _, c in credited] == [1, 2]
    assert acceptor.health.state is HealthState.OK


def test_power_cycle_reinitialises_inhibits(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {100})
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000):
        sim.insert_coin(100)
    with qtbot.waitSignal(acceptor.device_reset, timeout=3000):
        sim.power_cycle()
    qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=2000)
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000) as blocker:
        sim.insert_coin(100)
    assert blocker.args == [100, 1]


def test_return_lever_and_blocking_fault(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(acceptor.coin_rejected, timeout=2000) as blocker:
        sim.pull_return_lever()
    assert blocker.args == ["return_lever"]
    with qtbot.waitSignal(acceptor.fault_raised, timeout=2000) as blocker:
        sim.raise_event(14)
    assert blocker.args == [14, True]
    assert acceptor.health.state is HealthState.DEGRADED
    with qtbot.waitSignal(acceptor.fault_cleared, timeout=2000):
        sim.clear_blocking_fault()


def test_more_than_five_coins_between_polls_reports_lost_events(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {10})
    credited: list[int] = []
    acceptor.coin_credited.connect(lambda v, c: credited.append(v))
    with qtbot.waitSignal(acceptor.events_lost, timeout=2000) as blocker:
        assert sim.insert_coins([10] * 7) == 7
    assert blocker.args == [2]
    qtbot.waitUntil(lambda: len(credited) == 5, timeout=2000)


def test_unplug_and_replug_recover_without_restart(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {100})
    qtbot.waitUntil(lambda: acceptor.health.state is HealthState.OK, timeout=2000)
    sim.unplug()
    qtbot.waitUntil(lambda: acceptor.health.state is HealthState.DOWN, timeout=3000)
    sim.replug()
    qtbot.waitUntil(lambda: acceptor.health.state is HealthState.OK, timeout=5000)
    qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=2000)
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000):
        sim.insert_coin(100)


def test_coin_accepted_while_the_booth_was_dead_is_credited_on_resume(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {100})
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000) as blocker:
        sim.insert_coin(100)
    resume = blocker.args[1]
    acceptor.stop()  # the booth dies; the device accepts one more coin before inhibiting itself
    assert sim.insert_coin(100)
    second = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50, resume_counter=resume)
    try:
        with qtbot.waitSignal(second.coin_credited, timeout=3000) as blocker:
            second.start()
        assert blocker.args == [100, resume + 1]
    finally:
        second.stop()


def test_local_echo_is_detected(qtbot) -> None:  # type: ignore[no-untyped-def]
    sim = SimCctalkBus(echo=True)
    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    try:
        with qtbot.waitSignal(acc.health_changed, timeout=5000):
            acc.start()
        assert acc.bus.echo is True
        assert acc.health.state is HealthState.OK
    finally:
        acc.stop()
        sim.close()


def _pay(qtbot, hopper: CctalkHopper, coins: int) -> PayoutResult:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(hopper.payout_finished, timeout=10000) as blocker:
        hopper.pay_out(coins)
    result = blocker.args[0]
    assert isinstance(result, PayoutResult)
    return result


def test_payout_on_the_shared_bus(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    before = sim.lifetime
    progress: list[int] = []
    hopper.payout_progressed.connect(lambda paid, req: progress.append(paid))
    result = _pay(qtbot, hopper, 3)
    assert (result.paid, result.unpaid, result.lifetime_count) == (3, 0, before + 3)
    assert sim.lifetime == before + 3 and progress[-1] == 3
    assert hopper.lifetime_count() == before + 3


@pytest.mark.parametrize("fault", ["reply_lost", "request_lost"])
def test_lost_dispense_is_reconciled_never_paid_twice(qtbot, sim, acceptor, hopper, fault) -> None:  # type: ignore[no-untyped-def]
    before = sim.lifetime
    if fault == "reply_lost":
        sim.drop_replies(1, header=167)
    else:
        sim.ignore_requests(1, header=167)
    result = _pay(qtbot, hopper, 4)
    assert (result.paid, result.unpaid) == (4, 0)
    assert sim.lifetime == before + 4


def test_hopper_empty_reports_unpaid(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    sim.hopper_coins = 2
    result = _pay(qtbot, hopper, 5)
    assert (result.paid, result.unpaid, result.unpaid_yen) == (2, 3, 300)
    assert hopper.level is HopperLevel.EMPTY
    assert hopper.health.state is HealthState.DEGRADED


def test_hopper_jammed_reports_unpaid_and_down(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    sim.set_hopper_fault("jammed", after_coins=1)
    result = _pay(qtbot, hopper, 3)
    assert (result.paid, result.unpaid) == (1, 2)
    assert hopper.health.state is HealthState.DOWN


def test_blocking_fault_names_the_self_check_fault_code(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(acceptor.fault_raised, timeout=2000):
        sim.raise_event(14)
    qtbot.waitUntil(lambda: "fault on credit sensor (code 3)" in acceptor.health.detail, timeout=3000)
    with qtbot.waitSignal(acceptor.fault_cleared, timeout=2000):
        sim.clear_blocking_fault()
    assert acceptor.health.state is HealthState.OK


# ---- models that lack headers: some NAK what they do not know, some stay silent ---------------------

MODES = ["silent", "nak"]


@pytest.mark.parametrize("mode", MODES)
def test_acceptor_without_build_code_and_comms_revision(qtbot, mode: str) -> None:  # type: ignore[no-untyped-def]
    sim = SimCctalkBus(unknown_header=mode, unsupported={2: {192, 4}})
    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    try:
        acc.start()
        qtbot.waitUntil(lambda: acc.health.state is HealthState.OK, timeout=5000)
        assert acc.identity is not None and (acc.identity.build_code, acc.identity.comms_revision) == ("?", "?")
        _open(qtbot, sim, acc, {100})
        with qtbot.waitSignal(acc.coin_credited, timeout=2000) as blocker:
            sim.insert_coin(100)
        assert blocker.args[0] == 100
    finally:
        acc.stop()
        sim.close()


@pytest.fixture(params=[("silent", "no_217"), ("nak", "no_217"), ("silent", "no_plate")])
def bare_hopper(request, qtbot):  # type: ignore[no-untyped-def]
    """A hopper without level sensors: a model without header 217 (silent or NAK), or one without the plate."""
    mode, kind = request.param
    sim = SimCctalkBus(unknown_header=mode, coin_interval_s=0.02, unsupported={3: {217}} if kind == "no_217" else None,
                       hopper_level_sensor=kind != "no_plate")
    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    hop = CctalkHopper(sim.port_path, bus=acc.bus, low_level_coins=20, idle_interval_ms=100)
    acc.start()
    hop.start()
    qtbot.waitUntil(lambda: hop.has_level_sensor is not None and acc.health.state is HealthState.OK, timeout=8000)
    yield sim, acc, hop
    hop.stop()
    acc.stop()
    sim.close()


def test_hopper_without_level_sensor_follows_the_estimate(qtbot, bare_hopper) -> None:  # type: ignore[no-untyped-def]
    sim, acc, hop = bare_hopper
    assert hop.has_level_sensor is False
    assert hop.level is HopperLevel.UNKNOWN  # nothing recorded yet: the booth cannot know
    with qtbot.waitSignal(hop.level_changed, timeout=2000) as blocker:
        hop.set_coin_estimate(150)
    assert blocker.args == [HopperLevel.OK]
    with qtbot.waitSignal(hop.level_changed, timeout=2000) as blocker:
        hop.set_coin_estimate(19)
    assert blocker.args == [HopperLevel.LOW] and hop.health.state is HealthState.DEGRADED
    with qtbot.waitSignal(hop.level_changed, timeout=2000) as blocker:
        hop.set_coin_estimate(0)
    assert blocker.args == [HopperLevel.EMPTY]
    hop.set_coin_estimate(150)
    result = _pay(qtbot, hop, 2)  # payouts work; the idle poll between them uses a simple poll
    assert (result.paid, result.unpaid) == (2, 0)
    polls = sim.requests
    qtbot.waitUntil(lambda: sim.requests >= polls + 3, timeout=3000)
    assert hop.health.state is HealthState.OK and acc.health.state is HealthState.OK


def test_a_level_sensor_decides_over_the_estimate(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    assert hopper.has_level_sensor is True and hopper.level is HopperLevel.OK  # the sensor: 200 coins inside
    hopper.set_coin_estimate(3)  # the estimate is off (a refill not recorded): the sensor still says OK
    assert hopper.level is HopperLevel.OK
    sim.hopper_coins = 5
    qtbot.waitUntil(lambda: hopper.level is HopperLevel.LOW, timeout=3000)


@pytest.mark.parametrize("mode", MODES)
def test_probe_of_models_without_optional_headers(mode: str) -> None:
    from kiosk.devices.cctalk.probe import probe

    sim = SimCctalkBus(unknown_header=mode, unsupported={2: {192, 4}, 3: {217, 192}})
    try:
        acc = probe(sim.port_path, 2, echo="off")
        hop = probe(sim.port_path, 3, echo="off")
    finally:
        sim.close()
    assert "error" not in acc and acc["identity"]["build_code"] == "?"
    assert "error" not in hop and hop["level_status"] is None


def test_an_acceptor_that_never_answers_is_down_and_its_worker_lives_on(qtbot, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    """Nothing at the configured address from the very start: down with a reason, and the worker keeps trying."""
    acc = CctalkCoinAcceptor(sim.port_path, address=9, poll_interval_ms=50)
    acc.start()
    try:
        qtbot.waitUntil(lambda: acc.health.detail == "coin acceptor does not answer", timeout=10000)
        assert acc.health.state is HealthState.DOWN and acc._worker.alive
    finally:
        acc.stop()


def test_an_unspecified_alarm_is_raised_as_a_fault_and_a_rejection(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    """Event code 255 (an alarm the device does not name) is a non-blocking fault, not only a rejection."""
    faults: list[tuple[int, bool]] = []
    acceptor.fault_raised.connect(lambda code, blocking: faults.append((code, blocking)))
    with qtbot.waitSignal(acceptor.coin_rejected, timeout=3000):
        sim.raise_event(255)
    assert faults == [(255, False)]


def test_the_event_counter_is_read_before_the_identification(qtbot, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    """Money recovery waits only for the counter: it comes first, not after the 20-odd transactions of the
    identity and the coin table."""
    from kiosk.devices.cctalk.transport import Header

    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    before_counter: list[int] = []
    real = acc.bus.transact

    def transact(address: int, header: int, *args: object, **kwargs: object) -> object:
        if acc.last_counter is None:
            before_counter.append(int(header))
        return real(address, header, *args, **kwargs)  # type: ignore[arg-type]

    acc.bus.transact = transact  # type: ignore[method-assign]
    try:
        with qtbot.waitSignal(acc.health_changed, timeout=5000):
            acc.start()
        assert acc.health.ok and acc.identity is not None and acc.coin_values() == frozenset({10, 50, 100, 500})
        assert before_counter == [int(Header.READ_BUFFERED_CREDIT)]
    finally:
        acc.stop()


def test_a_hopper_that_stops_answering_is_down_then_initialised_again(qtbot, sim, acceptor, hopper) -> None:  # type: ignore[no-untyped-def]
    """The hopper alone misses its idle polls (every try of them): down with the reason; once it answers again the
    driver identifies it afresh (it may have been swapped or power-cycled meanwhile) and it is up again."""
    qtbot.waitUntil(lambda: hopper.health.state is HealthState.OK, timeout=5000)
    sim.power_cycle()  # while it is silent it loses power: the registers hold the power-up bit again
    sim.ignore_requests(acceptor.bus.tries, header=Header.REQUEST_LEVEL_STATUS)
    qtbot.waitUntil(lambda: hopper.health.detail == "hopper does not answer", timeout=10000)
    assert hopper.health.state is HealthState.DOWN
    qtbot.waitUntil(lambda: hopper.health.state is HealthState.OK, timeout=10000)
    assert hopper._flags is not None and hopper._flags & HOPPER_POWER_UP  # read again by the new initialisation


def _first_transactions(acc: CctalkCoinAcceptor, then: object = None) -> list[int]:
    """The headers the acceptor sent before its event counter was known; `then` runs once, right after."""
    before_counter: list[int] = []
    real = acc.bus.transact
    done = {"then": False}

    def transact(address: int, header: int, *args: object, **kwargs: object) -> object:
        if acc.last_counter is None:
            before_counter.append(int(header))
        elif not done["then"] and callable(then):
            done["then"] = True
            then()
        return real(address, header, *args, **kwargs)  # type: ignore[arg-type]

    acc.bus.transact = transact  # type: ignore[method-assign]
    return before_counter


def test_a_restart_with_nothing_counted_since_reads_the_counter_first(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    """A restart (a resumed counter) whose device counted nothing since: the recovery waits for one transaction
    (counter_read), not for the identity and the coin table; a coin taken during the identification (an intake
    left open by the last run) is still credited, by the coin table, once."""
    from kiosk.devices.cctalk.transport import Header

    _open(qtbot, sim, acceptor, {100})
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000) as blocker:
        sim.insert_coin(100)
    resume = blocker.args[1]
    acceptor.stop()  # the booth stops with intake open; nothing happens until it is back
    second = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50, resume_counter=resume)
    taken: list[bool] = []
    before_counter = _first_transactions(second, lambda: taken.append(sim.insert_coin(100)))
    order: list[str] = []
    credited: list[list[object]] = []
    second.counter_read.connect(lambda: order.append("counter_read"))
    second.coin_credited.connect(lambda v, c: (order.append("credited"), credited.append([v, c])))
    try:
        with qtbot.waitSignal(second.counter_read, timeout=3000):
            second.start()
        assert before_counter == [int(Header.READ_BUFFERED_CREDIT)]  # before the identity and the coin table
        qtbot.waitUntil(lambda: second.health.ok, timeout=5000)
        assert taken == [True]
        qtbot.waitUntil(lambda: credited != [], timeout=3000)
        qtbot.wait(200)  # more polls: credited once
        assert credited == [[100, resume + 1]] and order == ["counter_read", "credited"]
    finally:
        second.stop()


def test_a_restart_after_coins_taken_while_down_announces_the_counter_after_their_credits(qtbot, sim, acceptor) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, sim, acceptor, {100})
    with qtbot.waitSignal(acceptor.coin_credited, timeout=2000) as blocker:
        sim.insert_coin(100)
    resume = blocker.args[1]
    acceptor.stop()
    assert sim.insert_coin(100)  # taken while the booth was down
    second = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50, resume_counter=resume)
    order: list[str] = []
    second.counter_read.connect(lambda: order.append("counter_read"))
    second.coin_credited.connect(lambda v, c: order.append(f"credited {v} {c}"))
    try:
        with qtbot.waitSignal(second.counter_read, timeout=5000):
            second.start()
        assert second.identity is not None and order == [f"credited 100 {resume + 1}", "counter_read"]
    finally:
        second.stop()


def test_on_a_shared_bus_the_hopper_identifies_itself_after_the_acceptor(qtbot, sim) -> None:  # type: ignore[no-untyped-def]
    """Intake first: the acceptor's identification has the bus to itself; the hopper's follows its report."""
    acc = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    hop = CctalkHopper(sim.port_path, bus=acc.bus)
    hop.wait_for_first(acc.reported, 5.0)
    seen: list[tuple[int, bool]] = []
    real = acc.bus.transact

    def transact(address: int, header: int, *args: object, **kwargs: object) -> object:
        seen.append((address, acc.health.ok))
        return real(address, header, *args, **kwargs)  # type: ignore[arg-type]

    acc.bus.transact = transact  # type: ignore[method-assign]
    try:
        hop.start()
        acc.start()
        qtbot.waitUntil(lambda: acc.health.ok and hop.health.ok, timeout=8000)
        hopper_calls = [ok for address, ok in seen if address == hop.address]
        assert hopper_calls and all(hopper_calls)  # none before the acceptor was up
    finally:
        hop.stop()
        acc.stop()
