"""Money rules: accepted coins, change and receipt codes."""

from __future__ import annotations

from kiosk.flow.payment import RECEIPT_ALPHABET, acceptable_coins, receipt_code

COINS = (10, 50, 100, 500)


def test_with_change_only_coins_the_hopper_can_pay_back_whole() -> None:
    # a 100 yen hopper: the credit must stay refundable in 100s, and so must the change
    assert acceptable_coins(0, 800, COINS, 100, True) == frozenset({100, 500})
    assert acceptable_coins(700, 800, COINS, 100, True) == frozenset({100, 500})
    assert acceptable_coins(600, 800, COINS, 100, True) == frozenset({100, 500})
    assert acceptable_coins(800, 800, COINS, 100, True) == frozenset()
    # a 10 yen hopper can pay back anything
    assert acceptable_coins(750, 800, COINS, 10, True) == frozenset(COINS)


def test_without_change_only_what_is_still_due() -> None:
    assert acceptable_coins(0, 800, COINS, 100, False) == frozenset({10, 50, 100, 500})
    assert acceptable_coins(500, 800, COINS, 100, False) == frozenset({10, 50, 100})
    assert acceptable_coins(750, 800, COINS, None, False) == frozenset({10, 50})
    assert acceptable_coins(790, 800, COINS, None, True) == frozenset({10})


def test_receipt_codes() -> None:
    code = receipt_code()
    assert len(code) == 8 and set(code) <= set(RECEIPT_ALPHABET)
    assert "0" not in RECEIPT_ALPHABET and "O" not in RECEIPT_ALPHABET and "I" not in RECEIPT_ALPHABET
