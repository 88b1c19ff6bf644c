"""Fuzzing the config loader: random tables and random TOML text give a Config or a ConfigError, nothing else."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
KEYS = [key for key, *_ in config.describe()]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "simulator",
            "cctalk",
            "none",
            "serial",
            "camera",
            "opencv",
            "8bit",
            "crc16",
            "CR",
            "http://127.0.0.1:1",
            "https://x",
            "INFO",
            "auto",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _nest(pairs: dict[str, Any]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for dotted, value in pairs.items():
        node = root
        *parents, leaf = dotted.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[leaf] = value
    return root


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), VALUES, max_size=8))
def test_from_dict_gives_a_config_or_a_config_error(pairs: dict[str, Any]) -> None:
    try:
        cfg = config.from_dict(_nest(pairs))
    except config.ConfigError as exc:
        assert str(exc)
        return
    assert isinstance(cfg, config.Config) and cfg.booth.fee_yen % 10 == 0


@FUZZ
@given(st.dictionaries(st.text(max_size=8), VALUES, max_size=4) | st.lists(SCALARS, max_size=3) | SCALARS)
def test_from_dict_on_any_shape_at_the_top_or_in_a_section(data: Any) -> None:
    for candidate in (data, {"booth": data}, {"devices": {"camera": data}}, {"photo": {"thresholds": data}}):
        if not isinstance(candidate, dict):
            continue
        with contextlib.suppress(config.ConfigError):
            config.from_dict(candidate)


TOML_PIECES = st.sampled_from(
    [
        "[booth]\n",
        "[devices.camera]\n",
        "[photo.thresholds]\n",
        "[timeouts]\n",
        "fee_yen = 800\n",
        "id = 'x'\n",
        "fee_yen = 805\n",
        "fee_yen = 'a'\n",
        "width = 1e400\n",
        "simulate = true\n",
        "[[booth]]\n",
        "x = [1, 'a']\n",
        "driver = 'cctalk'\n",
        "url = 'ftp://x'\n",
        "sharpness = inf\n",
        "= \n",
        "[\n",
        '"""\n',
        "\x00",
        "\ufeff",
        "a.b.c = 1\n",
        "booth = 3\n",
        "menu = -1\n",
        "thresholds = { a = 1 }\n",
        "source = 0\n",
    ]
)


@FUZZ
@given(st.lists(TOML_PIECES | st.text(max_size=15), max_size=12), st.booleans())
def test_load_on_random_toml_text_gives_a_config_or_a_config_error(pieces: list[str], as_bytes: bool) -> None:
    text = "".join(pieces)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kiosk.toml"
        if as_bytes:
            path.write_bytes(text.encode("utf-8", "surrogatepass") + b"\xff")
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            cfg = config.load(path)
        except config.ConfigError as exc:
            assert str(exc)
            return
    assert isinstance(cfg, config.Config)
