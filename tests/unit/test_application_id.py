"""Unit tests for kiosk.flow.application_id: parsing, masking, grouping and the repeat filter."""

from __future__ import annotations

import pytest

from kiosk.flow.application_id import (
    ApplicationId,
    Rejection,
    grouped,
    parse,
    parse_typed,
)

ID = "12345678901234567898765"


@pytest.mark.parametrize(
    "payload",
    [
        ID,
        f"https://apply.kojinbango-card.example/qr?aid={ID}",
        f"https://apply.kojinbango-card.example/qr?v=2&aid={ID}&lang=ja",
        f"  {ID}\r\n",
        f"\n{ID}",
    ],
)
def test_accepts_one_id(payload: str) -> None:
    result = parse(payload)
    assert result.ok
    assert result.rejection is None
    assert result.application_id is not None and result.application_id.digits == ID


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("https://shop.example.jp/item/4901234567894", Rejection.NOT_APPLICATION),
        (
            "00020101021126590014jp.or.paymentcode0117" + "1" * 23 + "520458125303392",
            Rejection.NOT_APPLICATION,
        ),
        ("220123456789012345", Rejection.NOT_APPLICATION),  # a payment barcode's 18 digits
        ("hello", Rejection.NOT_APPLICATION),
        ("", Rejection.NOT_APPLICATION),
        ("   ", Rejection.NOT_APPLICATION),
        (ID[:-1], Rejection.WRONG_LENGTH),
        (ID + "0", Rejection.WRONG_LENGTH),
        (f"https://apply.kojinbango-card.example/qr?aid={ID}1", Rejection.WRONG_LENGTH),
        (f"{ID} {ID}", Rejection.SEVERAL_IDS),
        (f"https://a.example/?a={ID}&b={ID[::-1]}", Rejection.SEVERAL_IDS),
        (f"{ID}\x00", Rejection.UNREADABLE),
        ("\x89PNG\r\n\x1a\n\x00\x00", Rejection.UNREADABLE),
        (f"{ID}\ufffd", Rejection.UNREADABLE),
        (ID[:10] + "１" + ID[10:], Rejection.WRONG_LENGTH),  # a full-width digit touches the run
        ("x" * 5000 + ID, Rejection.NOT_APPLICATION),
    ],
)
def test_rejects_with_reason(payload: str, reason: Rejection) -> None:
    result = parse(payload)
    assert not result.ok
    assert result.application_id is None
    assert result.rejection is reason


def test_official_hosts_restrict_urls() -> None:
    hosts = {"apply.kojinbango-card.example"}
    assert parse(f"https://APPLY.kojinbango-card.example/qr?aid={ID}", official_hosts=hosts).ok
    assert parse(ID, official_hosts=hosts).ok  # a bare number has no host to check
    shop = parse(f"https://shop.example.jp/?order={ID}", official_hosts=hosts)
    assert shop.rejection is Rejection.NOT_APPLICATION


def test_the_digits_never_show() -> None:
    result = parse(f"https://apply.kojinbango-card.example/qr?aid={ID}")
    app_id = result.application_id
    assert app_id is not None
    for text in (repr(app_id), str(app_id), repr(result), f"{app_id}", app_id.masked()):
        assert ID[:19] not in text
        assert ID[:8] not in text
    rejected = parse(ID + "0")
    assert ID[:8] not in repr(rejected)


def test_masked_and_grouped() -> None:
    app_id = ApplicationId(ID)
    assert app_id.masked() == "*** **** **** **** **** 8765"
    assert grouped(ID) == "123 4567 8901 2345 6789 8765"
    assert grouped("") == ""
    assert grouped("12") == "12"
    assert grouped("1234") == "123 4"
    assert grouped("12345678") == "123 4567 8"
    assert grouped(ID + "99") == "123 4567 8901 2345 6789 8765 99"


@pytest.mark.parametrize("bad", ["", ID[:-1], ID + "1", "１" * 23, "a" * 23, None])
def test_application_id_refuses_bad_digits(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        ApplicationId(bad)  # type: ignore[arg-type]
    assert ID[:8] not in str(info.value)


def test_application_id_equality() -> None:
    assert ApplicationId(ID) == ApplicationId(ID)
    assert ApplicationId(ID) != ApplicationId(ID[::-1])
    assert len({ApplicationId(ID), ApplicationId(ID)}) == 1


def test_parse_typed() -> None:
    assert parse_typed("123 4567 8901 2345 6789 8765").application_id == ApplicationId(ID)
    assert parse_typed("１２３４５６７８９０１２３４５６７８９８７６５").ok
    assert parse_typed("123-4567-8901-2345-6789-8765").ok
    assert parse_typed(ID[:-1]).rejection is Rejection.WRONG_LENGTH
    assert parse_typed(ID[:-1] + "x").rejection is Rejection.NOT_APPLICATION
