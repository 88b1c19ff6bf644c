"""[booth] id: it names the booth in every application, metric label and TLS certificate, so it is checked."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, from_dict
from kiosk.devices.submitter import encode_multipart


@pytest.mark.parametrize("good", ["booth-0001", "a", "Shibuya.3_b", "x" * 64])
def test_a_booth_id_of_letters_digits_dots_underscores_and_dashes(good: str) -> None:
    assert from_dict({"booth": {"id": good}}).booth.id == good


@pytest.mark.parametrize("bad", ["", "-booth", "booth 1", "booth\n1", 'booth"1', "渋谷1", "x" * 65, "a/b", "a{b}"])
def test_anything_else_is_refused_with_the_key_named(bad: str) -> None:
    with pytest.raises(ConfigError, match=r"booth\.id: .* is not a booth id"):
        from_dict({"booth": {"id": bad}})


@pytest.mark.parametrize("bad", ['app"lication', "photo\r\nX-Injected: 1", "写真", "a\\b"])
def test_multipart_header_values_that_would_need_escaping_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be sent"):
        encode_multipart([(bad, "", "application/json", b"{}")])
    with pytest.raises(ValueError, match="cannot be sent"):
        encode_multipart([("photo", bad, "image/jpeg", b"\xff\xd8")])
