"""The spec and the server agree, as schemathesis judges it: every check, against the real server on loopback.

Examples, coverage (which also sends every undeclared method and expects 405) and fuzzing phases, with a fixed
seed, derandomized and a bounded number of examples, so the run is the same each time and takes seconds.
Two things a schema cannot say are given to the generator here:
- the photo: a schema-valid "image/jpeg" is any bytes, but the server decodes the file, so positive cases
  carry real photos of the official size (the strategy below); negative cases still send junk;
- "not in the future" for the birth date: the pattern states the lower bound (1868-10-23), the upper bound
  moves every day, so positive dates are drawn up to today.
Positive cases whose parts schemathesis filled with "" get real content: the examples phase has no photo
example (an empty string is schema-valid for the photo, but no photo), and its coverage case "Multipart body
with custom encoding" fills every required part without a media-type strategy with "" and still calls the
request positive, though "" is not an Application (schemathesis 4.32,
specs/openapi/coverage/_operation.py, _generate_multipart_body_from_custom_strategies): that case gets the
spec's own example application.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import strategies as st

from kiosk.server.reception import ReceptionServer, sample_jpeg
from kiosk.server.rules import EARLIEST_BIRTH_DATE

SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
EXAMPLE = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]["Application"]["example"]
PHOTOS = [sample_jpeg(seed=1), sample_jpeg(480, 617, seed=2, quality=60), sample_jpeg(960, 1234, seed=3)]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261129,
        "generation": {"max-examples": 200, "deterministic": True, "database": "none"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},  # the API has no links between operations
        },
        # every check; a valid request must be accepted (2xx), not merely answered 409 or 404
        "checks": {"enabled": True, "positive_data_acceptance": {"expected-statuses": ["2xx"]}},
    }
)
SEEN: Counter[str] = Counter()
KEYS: set[str] = set()

schemathesis.openapi.media_type("image/jpeg", st.sampled_from(PHOTOS))
schemathesis.openapi.format(
    "date", st.dates(EARLIEST_BIRTH_DATE, dt.date.today() - dt.timedelta(days=1)).map(dt.date.isoformat)
)


@pytest.fixture(scope="module")
def reception(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReceptionServer]:
    server = ReceptionServer("127.0.0.1", 0, tmp_path_factory.mktemp("store"), count_enabled=True)
    server.start()
    yield server
    server.stop()
    print("\nschemathesis cases by operation and answer:", dict(sorted(SEEN.items())))


# loaded here rather than with schemathesis.pytest.from_fixture, whose lazy loading fails on pytest 9.2
schema = schemathesis.openapi.from_path(SPEC, config=CONFIG)


@schema.parametrize()
def test_the_server_answers_as_the_spec_says(case: schemathesis.Case, reception: ReceptionServer) -> None:
    if case.meta is not None and case.meta.generation.mode.is_positive and isinstance(case.body, dict):
        if case.body.get("application") == "":
            case.body["application"] = dict(EXAMPLE)
        if case.body.get("photo") in ("", b""):  # the examples phase: the spec has no photo example
            case.body["photo"] = PHOTOS[0]
        key = str((case.headers or {}).get("Idempotency-Key", "")).lower()
        if key in KEYS:  # generated keys repeat; a valid request under a used key is rightly 409
            case.headers["Idempotency-Key"] = str(uuid.UUID(int=len(KEYS)))  # type: ignore[index]
        KEYS.add(str(case.headers["Idempotency-Key"]).lower())  # type: ignore[index]
    response = case.call_and_validate(base_url=reception.url, timeout=30)
    SEEN[f"{case.method} {case.path} {response.status_code}"] += 1
