"""Property tests for kiosk.flow.application_id.parse."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kiosk.flow.application_id import Rejection, parse

_RUN = re.compile(r"\d+")


def _printable(text: str) -> bool:
    return all(unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn") and ch != "\ufffd" for ch in text)


ids = st.text(alphabet="0123456789", min_size=23, max_size=23)
non_digit_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Nd", "Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufffd"
    ),
    max_size=60,
)


@given(st.text(max_size=80) | st.text(alphabet="0123456789 /?=&a", max_size=80))
def test_accepted_only_with_exactly_one_run(payload: str) -> None:
    result = parse(payload)
    runs = [run for run in _RUN.findall(payload) if len(run) == 23 and run.isascii()]
    if result.ok:
        assert len(runs) == 1
        assert result.application_id is not None and result.application_id.digits == runs[0]
    elif len(runs) == 1 and _printable(payload.strip(" \t\r\n")) and not payload.strip().startswith("000201"):
        raise AssertionError(f"refused {result.rejection}")


@given(non_digit_text, ids, non_digit_text)
def test_an_id_in_non_digit_text_is_accepted(before: str, digits: str, after: str) -> None:
    payload = before + digits + after
    result = parse(payload)
    if payload.strip(" \t\r\n").startswith("000201") and len(payload.strip(" \t\r\n")) > 23:
        assert result.rejection is Rejection.NOT_APPLICATION
        return
    assert result.ok, result.rejection
    assert result.application_id is not None and result.application_id.digits == digits


@given(non_digit_text, st.integers(min_value=1, max_value=40).filter(lambda n: n != 23), non_digit_text)
def test_other_lengths_are_refused(before: str, length: int, after: str) -> None:
    result = parse(before + "7" * length + after)
    assert not result.ok
    expected = Rejection.WRONG_LENGTH if 20 <= length <= 26 else Rejection.NOT_APPLICATION
    assert result.rejection is expected


@given(ids, ids, non_digit_text.filter(lambda s: len(s) > 0))
def test_two_ids_are_refused(first: str, second: str, between: str) -> None:
    result = parse(first + between + second)
    assert result.rejection is Rejection.SEVERAL_IDS


@given(st.binary(min_size=1, max_size=64).filter(lambda b: any(x < 0x20 and x not in b"\t\r\n " for x in b)))
def test_binary_is_unreadable(data: bytes) -> None:
    payload = "12345678901234567890123" + data.decode("utf-8", errors="replace")
    stripped = payload.strip(" \t\r\n")
    result = parse(payload)
    if any(unicodedata.category(ch) == "Cc" or ch == "\ufffd" for ch in stripped):
        assert result.rejection is Rejection.UNREADABLE
