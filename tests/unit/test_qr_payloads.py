"""The simulator's sample payloads parse the way their labels say."""

from __future__ import annotations

import random

from kiosk.devices.sim.qr_payloads import OFFICIAL_HOST, official_url, random_id, samples
from kiosk.flow.application_id import parse


def test_samples_parse_as_labelled() -> None:
    for seed in range(20):
        for sample in samples(random.Random(seed)):
            result = parse(sample.payload, official_hosts={OFFICIAL_HOST})
            got = "ok" if result.ok else result.rejection.value if result.rejection else "?"
            assert got == sample.expected, sample.label


def test_random_ids_are_valid_and_vary() -> None:
    ids = {random_id(random.Random(seed)) for seed in range(50)}
    assert len(ids) == 50
    for one in ids:
        result = parse(official_url(one))
        assert result.application_id is not None and result.application_id.digits == one
