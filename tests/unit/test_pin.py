"""The maintenance PIN: hashing, verification, the lockout gate and `kiosk hash-pin`."""

from __future__ import annotations

import io

import pytest

from kiosk.ui import pin
from kiosk.ui.pin import PinGate, PinOutcome, hash_pin, verify_pin

FAST_N = 2**8  # keep tests quick; the format carries n, so verify follows it


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


def test_hash_is_self_describing_salted_and_verifies() -> None:
    encoded = hash_pin("246810", n=FAST_N)
    scheme, n, r, p, salt, key = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(FAST_N), "8", "1")
    assert salt and key
    assert "246810" not in encoded
    assert verify_pin("246810", encoded)
    assert not verify_pin("246811", encoded)
    assert hash_pin("246810", n=FAST_N) != encoded  # fresh salt each time


def test_default_cost_verifies() -> None:
    assert verify_pin("1234", hash_pin("1234"))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "scrypt$x$8$1$AA==$AA==",
        "bcrypt$16$8$1$AA==$AA==",
        "scrypt$16384$8$1$!!$AA==",
        "scrypt$3$8$1$AAAA$AAAA",
    ],
)
def test_malformed_hash_never_matches(bad: str) -> None:
    assert not verify_pin("1234", bad)


@pytest.mark.parametrize("bad_pin", ["123", "1234567890123", "12a4", "１２３４"])
def test_pin_format_is_checked(bad_pin: str) -> None:
    with pytest.raises(pin.PinFormatError) as info:
        hash_pin(bad_pin, n=FAST_N)
    assert bad_pin not in str(info.value)


def test_gate_locks_after_five_wrong_tries_and_unlocks_after_the_while() -> None:
    clock = FakeClock()
    gate = PinGate(hash_pin("1357", n=FAST_N), max_tries=5, lockout_s=300, clock=clock)
    for _ in range(4):
        assert gate.try_pin("0000") is PinOutcome.REJECTED
    assert gate.try_pin("0000") is PinOutcome.LOCKED
    assert gate.try_pin("1357") is PinOutcome.LOCKED  # even the right PIN while locked
    clock.now_s += 299
    assert gate.locked_remaining_s() == pytest.approx(1)
    assert gate.try_pin("1357") is PinOutcome.LOCKED
    clock.now_s += 2
    assert gate.locked_remaining_s() == 0
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED


def test_success_resets_the_count() -> None:
    gate = PinGate(hash_pin("1357", n=FAST_N), clock=FakeClock())
    for _ in range(4):
        gate.try_pin("9999")
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED
    assert gate.failures == 0
    for _ in range(4):
        assert gate.try_pin("9999") is PinOutcome.REJECTED


def test_empty_hash_locks_the_menu_and_simulator_uses_000000() -> None:
    gate = PinGate("", clock=FakeClock())
    assert not gate.enabled
    assert gate.try_pin("000000") is PinOutcome.REJECTED
    assert pin.effective_pin_hash("", simulate=False) == ""
    assert verify_pin("000000", pin.effective_pin_hash("", simulate=True))
    assert pin.effective_pin_hash("scrypt$x", simulate=True) == "scrypt$x"


def test_hash_pin_command_from_stdin() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert pin.main([], stdin=io.StringIO("4321\n4321\n"), stdout=out, stderr=err) == 0
    encoded = out.getvalue().strip()
    assert pin.is_valid_hash(encoded)
    assert verify_pin("4321", encoded)
    assert "4321" not in err.getvalue()


def test_hash_pin_command_rejects_mismatch_and_bad_pin() -> None:
    err = io.StringIO()
    assert pin.main([], stdin=io.StringIO("4321\n4322\n"), stdout=io.StringIO(), stderr=err) == 1
    assert "differ" in err.getvalue()
    assert pin.main([], stdin=io.StringIO("12\n"), stdout=io.StringIO(), stderr=io.StringIO()) == 2


def test_hash_pin_command_prompts_on_a_tty() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return "8642"

    out = io.StringIO()
    assert pin.main([], stdin=Tty(), stdout=out, stderr=io.StringIO(), prompt=prompt) == 0
    assert len(prompts) == 2
    assert verify_pin("8642", out.getvalue().strip())


# -- the lockout survives a restart ------------------------------------------------------------------------
def _gate(path, clock, **kw):  # type: ignore[no-untyped-def]
    from kiosk.store.lockout import LockoutFile

    state = LockoutFile(path)
    return PinGate(hash_pin("1357", n=FAST_N), max_tries=5, lockout_s=300, clock=clock, state=state, **kw), state


def test_wrong_tries_count_across_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    for _ in range(4):
        assert gate.try_pin("0000") is PinOutcome.REJECTED
    state.close()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)  # the booth restarted
    assert gate.failures == 4
    assert gate.try_pin("0000") is PinOutcome.LOCKED
    state.close()


def test_a_lock_survives_a_restart_and_ends_on_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    for _ in range(5):
        gate.try_pin("0000")
    assert gate.locked_remaining_s() == pytest.approx(300)
    state.close()
    clock.now_s += 100
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    assert gate.locked_remaining_s() == pytest.approx(200)
    assert gate.try_pin("1357") is PinOutcome.LOCKED
    state.close()
    clock.now_s += 201
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    assert gate.locked_remaining_s() == 0 and gate.failures == 0
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED
    state.close()


def test_a_right_pin_resets_the_saved_count(tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    for _ in range(3):
        gate.try_pin("0000")
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED
    state.close()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    assert gate.failures == 0
    state.close()


def test_a_clock_set_back_never_lengthens_the_lock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    for _ in range(5):
        gate.try_pin("0000")
    state.close()
    clock.now_s -= 86400  # a day back
    gate, state = _gate(tmp_path / "pin_lockout.db", clock)
    assert gate.locked_remaining_s() == pytest.approx(300)
    clock.now_s += 301
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED
    state.close()


def test_an_unreadable_state_locks_the_gate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pin_lockout.db"
    path.write_bytes(b"not a database at all, but long enough to be looked at " * 100)
    clock = FakeClock()
    gate, state = _gate(path, clock)
    assert gate.try_pin("1357") is PinOutcome.LOCKED
    clock.now_s += 301
    assert gate.try_pin("1357") is PinOutcome.ACCEPTED  # not locked forever
    state.close()


def test_a_state_that_cannot_be_saved_still_counts_in_memory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    class Full:
        def load(self) -> tuple[int, float | None]:
            return 0, None

        def save(self, failures: int, locked_until_s: float | None) -> None:
            raise OSError("disk full")

    gate = PinGate(hash_pin("1357", n=FAST_N), clock=FakeClock(), state=Full())
    for _ in range(4):
        assert gate.try_pin("0000") is PinOutcome.REJECTED
    assert gate.try_pin("0000") is PinOutcome.LOCKED
