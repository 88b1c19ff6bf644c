"""Unit tests for kiosk.flow.application: the record's JSON by the API contract and its repr."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.flow.application import Application, ApplicationError, PhotoException

APP_ID = "12345678901234567890123"
CAPTURED = dt.datetime(2026, 11, 29, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def make(**changes: object) -> Application:
    fields: dict[str, object] = {
        "application_id": APP_ID,
        "birth_date": dt.date(1990, 4, 1),
        "signature_certificate": True,
        "user_certificate": False,
        "braille": True,
        "booth_id": "booth-0001",
        "captured_at": CAPTURED,
        "photo_exception": None,
    }
    fields.update(changes)
    return Application(**fields)  # type: ignore[arg-type]


def test_json_by_the_contract() -> None:
    data = json.loads(make().to_json())
    assert data == {
        "application_id": APP_ID,
        "birth_date": "1990-04-01",
        "signature_certificate": True,
        "user_certificate": False,
        "braille": True,
        "booth_id": "booth-0001",
        "captured_at": "2026-11-29T09:30:15+09:00",
        "photo_exception": None,
    }
    assert dt.datetime.fromisoformat(data["captured_at"]) == CAPTURED.replace(microsecond=0)


def test_json_with_exception() -> None:
    app = make(photo_exception=PhotoException("religious", ("head_covering", "background")))
    assert json.loads(app.to_json())["photo_exception"] == {
        "kind": "religious",
        "overridden_checks": ["head_covering", "background"],
    }


def test_repr_hides_personal_data() -> None:
    app = make()
    for text in (repr(app), str(app), f"{app}"):
        assert APP_ID not in text and "1990" not in text
        assert "booth-0001" in text


@pytest.mark.parametrize(
    "bad_id",
    [
        "1234567890123456789012",
        "123456789012345678901234",
        "1234567890123456789012a",
        "１２３４５６７８９０１２３４５６７８９０１２３",
    ],
)
def test_rejects_bad_ids_without_echoing_them(bad_id: str) -> None:
    with pytest.raises(ApplicationError) as info:
        make(application_id=bad_id)
    assert bad_id not in str(info.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"birth_date": "1990-04-01"},
        {"birth_date": dt.datetime(1990, 4, 1)},
        {"braille": 1},
        {"booth_id": ""},
        {"captured_at": "2026-11-29"},
    ],
)
def test_rejects_bad_fields(changes: dict[str, object]) -> None:
    with pytest.raises(ApplicationError):
        make(**changes)


def test_exception_kind_is_checked() -> None:
    with pytest.raises(ApplicationError):
        PhotoException("vanity", ())
    assert PhotoException("infant", ["pose"]).overridden_checks == ("pose",)  # type: ignore[arg-type]


def test_naive_capture_time_gets_the_local_offset() -> None:
    text = json.loads(make(captured_at=dt.datetime(2026, 11, 29, 9, 30)).to_json())["captured_at"]
    parsed = dt.datetime.fromisoformat(text)
    assert parsed.utcoffset() is not None
    assert parsed.replace(tzinfo=None) == dt.datetime(2026, 11, 29, 9, 30)
