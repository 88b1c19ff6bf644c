"""The crash campaign in short: the booth SIGKILLed at random moments recovers money and outbox every time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.crash import campaign, summary

TRIALS = int(os.environ.get("STRESS_CRASH_TRIALS", "5"))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_short_crash_campaign_recovers_every_invariant(tmp_path: Path) -> None:
    seed = int(os.environ.get("STRESS_SEED", "20261129"))
    result = campaign(TRIALS, seed, workdir=tmp_path)
    assert not result.failures, summary(result, seed)
    assert result.trials == TRIALS
    assert sum(result.kills.values()) == TRIALS and result.last["inserted"] > 0
