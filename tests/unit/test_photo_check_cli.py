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


def test_a_35_45_still_is_judged_as_the_crop_itself_and_a_frame_is_cropped_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np

    from kiosk.photo.checks import assess
    from kiosk.photo.faces import FaceAnalyzer
    from kiosk.photo.official import make_official

    frame = scenes.scene("good")
    official = make_official(frame, assess(frame, FaceAnalyzer().analyse(frame)))
    still = tmp_path / "official.jpg"  # 827x1063: what the booth sends, its geometry as the booth made it
    still.write_bytes(official)
    # the same photo with 3 mm more backdrop above the head, widened back to 35:45: 48 mm of the original in
    # its 45 mm, so the top margin is (4 + 3) x 45 / 48, about 6.6 mm, and the head smaller
    img = cv2.imdecode(np.frombuffer(official, np.uint8), cv2.IMREAD_COLOR)
    taller = cv2.copyMakeBorder(img, round(3 * 1063 / 45), 0, 0, 0, cv2.BORDER_REPLICATE)
    w = round(taller.shape[0] * 35 / 45)
    padded = cv2.copyMakeBorder(taller, 0, 0, (w - 827) // 2, w - 827 - (w - 827) // 2, cv2.BORDER_REPLICATE)
    moved = tmp_path / "moved.png"
    cv2.imwrite(str(moved), padded)
    wide = tmp_path / "frame.png"  # a 16:9 frame: cropped the way the booth crops it
    cv2.imwrite(str(wide), frame)
    check_cli.main([str(still), str(moved), str(wide), "--json"])
    first, second, third = (json.loads(line) for line in capsys.readouterr().out.strip().splitlines())
    for line in (first, third):  # mm of the crop: the booth's target geometry
        assert abs(line["checks"]["face_size"]["value"] - 34.0) < 0.6
        assert abs(line["checks"]["top_margin"]["value"] - 4.0) < 0.6
        assert abs(line["checks"]["chin_margin"]["value"] - 7.0) < 0.6
        assert abs(line["checks"]["face_position"]["value"]) < 0.6
    assert first["ok"] and third["ok"]
    # judged as it is, not re-cropped: the head is smaller in a taller photo and sits lower
    top = second["checks"]["top_margin"]["value"]
    assert 6.0 < top < 8.0 and not second["checks"]["top_margin"]["ok"]
    assert second["checks"]["face_size"]["value"] < first["checks"]["face_size"]["value"]
