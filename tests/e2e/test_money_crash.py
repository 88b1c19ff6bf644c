"""The money path survives SIGKILL at random moments: no coin lost, none paid back twice."""

from __future__ import annotations

import os

import pytest

from tests.e2e.money_crash import campaign


@pytest.mark.slow
def test_sigkill_during_payment_and_payout_loses_nothing_and_pays_nothing_twice() -> None:
    trials = int(os.environ.get("MONEY_CRASH_TRIALS", "10"))
    results = campaign(trials, kills=1, seed=int(os.environ.get("MONEY_CRASH_SEED", "7")))
    assert len(results) == trials
    assert sum(r["inserted"] for r in results) > 0  # the campaign really moved money
