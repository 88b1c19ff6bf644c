"""Money rules of a session, pure: which coins to accept, how much change, receipt codes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
RECEIPT_LENGTH = 8


def change_payable(change_yen: int, coin_yen: int | None) -> bool:
    return change_yen == 0 or (coin_yen is not None and coin_yen > 0 and change_yen % coin_yen == 0)


def acceptable_coins(
    credit_yen: int,
    fee_yen: int,
    coin_values: Iterable[int],
    change_coin_yen: int | None,
    change_available: bool,
) -> frozenset[int]:
    """The denominations to accept now.

    With a usable hopper a coin is accepted only if the whole credit it makes can still be paid back by the
    hopper (a cancel must never leave money the booth cannot return), and so can the change it would cause.
    Without a usable hopper only coins up to what is still due are accepted (no change is given; the screen
    says so). Nothing is accepted once the fee is reached.
    """
    if credit_yen >= fee_yen:
        return frozenset()
    accepted = set()
    for coin in coin_values:
        total = credit_yen + coin
        if change_available and change_coin_yen:
            if change_payable(total, change_coin_yen) and change_payable(max(0, total - fee_yen), change_coin_yen):
                accepted.add(coin)
        elif total <= fee_yen:
            accepted.add(coin)
    return frozenset(accepted)


def note_refusal(
    credit_yen: int,
    fee_yen: int,
    note_yen: int,
    change_coin_yen: int | None,
    change_available: bool,
    hopper_coins: int | None,
) -> str:
    """Why a note waiting in escrow must go back ("" when the booth may keep it).

    A note is kept only while the fee is not yet reached and the change it makes (credit + note above the fee)
    can be paid whole by the hopper's coin from the coins the ledger estimates inside: "fee_reached",
    "change_short" (no usable hopper, a change its coin cannot make, or fewer coins than the change).
    """
    if credit_yen >= fee_yen:
        return "fee_reached"
    change = max(0, credit_yen + note_yen - fee_yen)
    if change == 0:
        return ""
    if not change_available or not change_coin_yen or change % change_coin_yen:
        return "change_short"
    if hopper_coins is None or change // change_coin_yen > hopper_coins:
        return "change_short"
    return ""


def notes_taken(
    credit_yen: int,
    fee_yen: int,
    note_values: Iterable[int],
    change_coin_yen: int | None,
    change_available: bool,
    hopper_coins: int | None,
) -> frozenset[int]:
    """The denominations a note may be of now (note_refusal says "" for each)."""
    return frozenset(v for v in note_values
                     if not note_refusal(credit_yen, fee_yen, v, change_coin_yen, change_available, hopper_coins))


def receipt_code(length: int = RECEIPT_LENGTH) -> str:
    """A short random code a citizen shows to be paid what the booth owes (unambiguous characters)."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(length))
