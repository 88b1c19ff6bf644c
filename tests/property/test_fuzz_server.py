"""Fuzzing both ends of the submission: the booth reading the server's answers, the server reading uploads."""

from __future__ import annotations

import contextlib
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.devices.submitter import FINAL_STATUSES, encode_multipart, interpret
from kiosk.server.form import parse_form
from kiosk.server.rules import RequestRefused

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
BODIES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(
        st.sampled_from(["reception_number", "reason", "message_ja", "message_en"]), JSON_VALUES, max_size=4
    ).map(lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(st.integers(-1, 1000), BODIES)
def test_interpret_maps_any_answer_to_one_of_three_kinds(status: int, body: bytes) -> None:
    answer = interpret(status, body)
    assert answer.kind in ("delivered", "rejected", "failed")
    if answer.kind == "delivered":  # a reception number only from a success with a real number in it
        assert status in (200, 201) and answer.reception_number.strip() == answer.reception_number != ""
    if answer.kind == "rejected":  # final only for the API's own refusals
        assert status in FINAL_STATUSES and answer.reason
    if not 200 <= status < 500:
        assert answer.kind == "failed"
    for text in (answer.reason, answer.message_ja, answer.message_en, answer.reception_number):
        assert isinstance(text, str)


HEADER_TEXT = st.text(st.characters(max_codepoint=255), max_size=60)


@FUZZ
@given(HEADER_TEXT, st.binary(max_size=400))
def test_multipart_parser_refuses_or_parses_random_bodies(content_type: str, body: bytes) -> None:
    for ct in (content_type, "multipart/form-data; boundary=" + content_type):
        try:
            parts = parse_form(ct, body)
        except RequestRefused as refused:
            assert 400 <= refused.refusal.status < 500
            continue
        assert all(isinstance(k, str) and all(isinstance(p.content, bytes) for p in v) for k, v in parts.items())


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.text(
                # a backslash would need quoted-string escaping, which the booth's encoder does not do (its names are
                # "application" and "photo"): python-multipart reads name="\" as an escaped quote
                st.characters(blacklist_characters='"\\\r\n', min_codepoint=32, max_codepoint=126),
                min_size=1,
                max_size=10,
            ),
            st.sampled_from(["application/json", "image/jpeg", "text/plain"]),
            st.binary(max_size=200),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda p: p[0],
    ),
    st.integers(0, 500),
    st.binary(max_size=8),
)
def test_multipart_round_trip_and_truncation(parts: list, cut: int, noise: bytes) -> None:
    content_type, body = encode_multipart([(name, name + ".bin", ct, data) for name, ct, data in parts])
    parsed = parse_form(content_type, body)
    assert {k: [p.content for p in v] for k, v in parsed.items()} == {name: [data] for name, _, data in parts}
    mangled = body[: len(body) - cut] + noise if cut else body + noise
    try:
        parse_form(content_type, mangled)
    except RequestRefused as refused:
        assert refused.refusal.status == 400


@FUZZ
@given(st.text(max_size=40), st.binary(max_size=50))
def test_multipart_parser_on_any_unicode_content_type(content_type: str, body: bytes) -> None:
    """Any text as a content type (a str beyond latin-1 included) is refused or parsed, never a crash."""
    with contextlib.suppress(RequestRefused):
        parse_form("multipart/form-data; boundary=" + content_type, body)
