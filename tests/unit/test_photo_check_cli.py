"""`kiosk photo-check`: the JSON line per image and the unreadable file."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from kiosk.photo import check_cli, scenes
from kiosk.photo.checks import CHECK_IDS


def test_json_line_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, hat = tmp_path / "good.png", tmp_path / "hat.png"
    cv2.imwrite(str(good), scenes.scene("good"))
    cv2.imwrite(str(hat), scenes.scene("hat"))
    status = check_cli.main([str(good), str(hat), "--json"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 1 and len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"path", "ok", "failed", "checks"}
    assert first["path"] == str(good) and first["ok"] is True and first["failed"] == []
    assert set(first["checks"]) == set(CHECK_IDS)
    for check in first["checks"].values():
        assert set(check) == {"ok", "value"} and isinstance(check["ok"], bool)
        assert check["value"] is None or isinstance(check["value"], (int, float))
    assert second["ok"] is False and "no_hat" in second["failed"]


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg")
    assert check_cli.main([str(bad), str(tmp_path / "missing.jpg"), "--json"]) == 2
    err = capsys.readouterr().err
    assert "broken.jpg: cannot read" in err and "missing.jpg: cannot read" in err
