"""The derived photo set: its truths are what was drawn (checked on the astronaut, always there), its folds keep
people apart, and the small fold's held-out figures meet the issue's targets (with ../shared only)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from kiosk.photo.checks import assess, mouth_shows
from kiosk.photo.faces import FaceAnalyzer
from scripts import photo_set as ps


@pytest.fixture(scope="module")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


@pytest.fixture(scope="module")
def astronaut(analyzer: FaceAnalyzer) -> ps.Person:
    return ps.astronaut(analyzer)


def test_a_placement_is_drawn_where_asked(astronaut: ps.Person) -> None:
    for cc, top, off in ((32.5, 5.5, -1.0), (34.0, 4.0, 0.0), (35.5, 2.5, 1.2)):
        bg, _ = ps.background(ps.STILL_W, ps.STILL_H, np.random.default_rng(1))
        _img, alpha, lm = ps.compose(astronaut, bg, ps.Placement(cc * ps.PX_MM, top * ps.PX_MM,
                                                                  (17.5 + off) * ps.PX_MM))
        t = ps._geometry_truth(alpha, lm, ps.PX_MM, (0.0, 0.0))
        assert t["crown_chin_mm"] == pytest.approx(cc, abs=0.06)
        assert t["top_mm"] == pytest.approx(top, abs=0.06)
        assert t["chin_mm"] == pytest.approx(45 - cc - top, abs=0.06)
        assert t["offset_mm"] == pytest.approx(off, abs=0.1)


def test_the_shadow_truth_is_the_darkening_drawn(astronaut: ps.Person) -> None:
    bg, light = ps.background(ps.STILL_W, ps.STILL_H, np.random.default_rng(2), ramp=0.0)
    _img, alpha, lm = ps.compose(astronaut, bg, ps.Placement(34 * ps.PX_MM, 4 * ps.PX_MM, 17.5 * ps.PX_MM))
    box = (0, 0, ps.STILL_W, ps.STILL_H)
    chin_y = float(lm[152, 1])
    assert ps.darkening(light, alpha, box, chin_y) == pytest.approx(0.0, abs=1e-6)
    fw = float(lm[454, 0] - lm[234, 0])
    shadow = ps.drop_shadow(alpha, (0.4 * fw, 0.0), 2.0, 0.4)  # well beside the head: fully visible
    assert ps.darkening(light * shadow, alpha, box, chin_y) == pytest.approx(0.4, abs=0.02)
    assert ps.darkening(ps.side_light(ps.STILL_W, ps.STILL_H, 0.3, 1), alpha, box, chin_y) > 0.25


def test_the_closed_mouth_shows_no_teeth_and_passes(analyzer: FaceAnalyzer, astronaut: ps.Person) -> None:
    assert astronaut.teeth is not None and astronaut.teeth_landmarks is not None
    before, _ = mouth_shows(astronaut.teeth, astronaut.teeth_landmarks)
    after, _ = mouth_shows(astronaut.image, astronaut.landmarks)
    assert before.sum() > 5 * max(1, after.sum())  # what showed between the lips is (nearly all) gone
    rng = np.random.default_rng(4)
    builder = ps.Builder([astronaut])
    for teeth in (False, True):
        img, *_ = builder.still(astronaut, "good", 34.0, 4.0, 0.0, rng=rng, teeth=teeth)
        assert assess(img, analyzer.analyse(img)).results["mouth_closed"].ok is (not teeth)


def test_every_sample_kind_of_a_person_is_made_with_its_truth(astronaut: ps.Person) -> None:
    samples = list(ps.Builder([astronaut]).stills(astronaut))
    kinds = {s.kind for s in samples}
    assert {"good", "geometry", "sweep", "shadow", "gradient", "yaw", "yawsweep", "roll", "blur", "shake", "dark",
            "bright", "hat", "sunglasses", "teeth", "clutter"} <= kinds
    for s in samples:
        assert s.image.shape == (ps.STILL_H, ps.STILL_W, 3) and s.person == astronaut.name
        if s.kind == "yaw":
            assert "frontal" in s.defects and abs(s.truth["yaw_total"]) >= ps.YAW_BAD_MIN
        if s.kind == "good" and not s.band:  # good, unless the light it was given blew its face white
            assert not s.defects or (s.defects == {"exposure"} and s.truth["clipped"] >= ps.BRIGHT_CLIPPED_MIN)
        if s.kind == "shadow" and "background_no_shadow" in s.defects:
            assert s.truth["darkening"] >= ps.SHADOW_BAD_MIN
    assert any(s.band for s in samples) and any(not s.band and not s.defects for s in samples)


def test_the_folds_keep_people_apart_and_spread_the_japanese_faces() -> None:
    frontal = [n for n in ps.FOLDS if not n.startswith(("glassesdet", "addhat", "hatbeard", "fr_two", "fr_obama_and",
                                                       "deepface_couple", "ea_nasa_hoshide_2020"))]
    assert len(frontal) == 13 and set(ps.FOLDS.values()) == set(range(ps.N_FOLDS))
    japanese_folds = [ps.FOLDS[n] for n in frontal if n in ps.JAPANESE]
    assert len(set(japanese_folds)) == len(japanese_folds) == 3
    # the same person in a real photo is in the same fold as their frontal source
    assert ps.FOLDS["ea_nasa_hoshide_2020_tilt"] == ps.FOLDS["ea_nasa_hoshide_2004"]
    assert ps.FOLDS["fr_obama_and_biden"] == ps.FOLDS["fr_obama"] == ps.FOLDS["fr_biden2"]
    assert ps.FOLDS["deepface_couple"] == ps.FOLDS["deepface_img11"]


@pytest.mark.timeout(360)  # a hang guard: about 40 s idle, over 120 s once on a 2-core machine at load 8
def test_the_small_fold_meets_the_targets_on_people_it_was_not_tuned_on(
    shared_photos: Path, analyzer: FaceAnalyzer
) -> None:
    from scripts import evaluate_photos as ev

    records, folds, _elapsed = ev.evaluate(shared_photos, quick=True, analyzer=analyzer)
    (fold,) = folds
    held_out = {o.record.person for o in fold.outcomes} - {"nobody"}
    trained = {r.person for r in records if r.fold != fold.fold and r.fold >= 0}
    assert held_out and trained and not held_out & trained  # person-disjoint
    rows = ev.summary_rows(fold.outcomes)
    scored = [o for o in fold.outcomes if not o.record.band]
    good = [o for o in scored if not o.record.defects]
    assert sum(o.correct for o in scored) >= 0.95 * len(scored), rows
    assert sum(not o.failed for o in good) >= 0.97 * len(good), rows
    for label in ("hat", "sunglasses", "turned (yaw)", "second face", "missing face"):
        assert rows[f"{label} accepted"].startswith("0 of "), (label, rows)
    japanese = [o for o in scored if o.record.japanese]
    assert japanese and sum(o.correct for o in japanese) >= 0.95 * len(japanese)


def _first(samples, names: set[str]) -> dict[str, ps.Sample]:
    found: dict[str, ps.Sample] = {}
    for s in samples:  # the builder makes its samples one by one: stop at the last one asked for
        if s.name in names:
            found[s.name] = s
            if len(found) == len(names):
                break
    return found


def test_a_dark_fringe_over_the_forehead_is_not_taken_for_a_hat(shared_photos: Path, analyzer: FaceAnalyzer) -> None:
    # ea_nasa_yamazaki wears a dark fringe down to the brows: its colour is as far from her cheeks as a hat's
    # (a good photo of her was refused for no_hat in the held-out evaluation)
    (p,) = ps.load_people(shared_photos, analyzer, ["ea_nasa_yamazaki"])
    names = {f"{p.name}/good-{i}" for i in range(6)}
    for s in _first(ps.Builder([p]).stills(p), names).values():
        r = assess(s.image, analyzer.analyse(s.image)).results["no_hat"]
        assert r.ok, (s.name, r.details)


def test_a_light_cap_over_short_hair_is_a_hat(shared_photos: Path, analyzer: FaceAnalyzer) -> None:
    # the hair beside the temples is only hair: the backdrop beside short hair is not, and its mix with dark
    # hair reads a grey like this cap's (it was accepted in the held-out evaluation as bangs of the hair's colour)
    (p,) = ps.load_people(shared_photos, analyzer, ["deepface_img24"])
    (s,) = _first(ps.Builder([p]).frames(p), {f"{p.name}/frame-hat-8"}).values()
    r = assess(s.image, analyzer.analyse(s.image)).results["no_hat"]
    assert not r.ok, r.details


def test_a_wrong_decision_is_explained_with_the_checks_that_made_it() -> None:
    from kiosk.photo.checks import Thresholds
    from scripts import evaluate_photos as ev

    t = Thresholds()
    values = {"no_hat": 66.06, "sharp": 0.2, "face_size": None}
    details = {"no_hat": {"forehead_distance": 66.06, "hair_distance": 48.0, "head_height": 0.41,
                          "fringe_strands": 0.3}}
    good = ev.Record("someone/good-5", "someone", "good", "still", 2, True, False, frozenset(), {}, values,
                     details, None)
    (line,) = ev.wrong_decisions([ev.FoldResult(2, t, [ev.Outcome(good, frozenset({"no_hat"}))])])
    assert line.startswith("someone/good-5 (fold 2, still, label good): refused: no_hat")
    assert "no_hat failed: value 66.06 (forehead_distance 66.06, fringe_strands 0.3" in line
    assert "hat_forehead_distance_hard 66," in line and "sharp" not in line
    hat = ev.Record("other/frame-hat-8", "other", "frame", "frame", 2, False, False, frozenset({"no_hat"}), {},
                    values, details, None)
    right = ev.Outcome(hat, frozenset({"no_hat"}))
    (line,) = ev.wrong_decisions([ev.FoldResult(2, t, [ev.Outcome(hat, frozenset()), right])])
    assert "accepted" in line and "no_hat passed although labelled: value 66.06" in line
    banded = dataclasses.replace(good, band=True)
    assert ev.wrong_decisions([ev.FoldResult(2, t, [ev.Outcome(banded, frozenset({"no_hat"}))])]) == []


def test_a_threshold_is_not_cut_in_a_gap_that_is_only_interpolation() -> None:
    from scripts import evaluate_photos as ev

    # background_edge_max as fitted for fold 2 with 18 good stills a person: nearly every good photo reads 0,
    # and two of the 14 busy backgrounds read 0 and 0.0004 (their objects hidden by or joined to the person)
    busy = [0.0, 0.0004, 0.0025, 0.0035, 0.0054, 0.0055, 0.0092, 0.0129, 0.0131, 0.024, 0.026, 0.0286, 0.0348,
            0.0957]
    good = [0.0] * 160 + [0.0001] * 3 + [0.0002] * 3 + [0.0008]
    t = ev.cut(busy, good, "max")
    assert t is not None and 0.002 < t < 0.003  # a quarter of the way on to the busy ones' median, past the good
    # a real gap is still cut in its middle
    assert ev.cut([0.30, 0.32, 0.35, 0.40], [0.01, 0.02, 0.03, 0.10], "max") == pytest.approx(0.2, abs=0.01)
    assert ev.cut([0.05, 0.08], [0.30, 0.31, 0.33], "min") == pytest.approx(0.19, abs=0.01)


def test_a_rolled_head_is_labelled_off_centre_only_beyond_the_guard_band(shared_photos: Path,
                                                                        analyzer: FaceAnalyzer) -> None:
    # a roll moves the face: ea_nasa_yamazaki/roll came out 1.51 mm off the middle (0.01 mm past the tolerance)
    # and was labelled face_position, which no measurement can tell from 1.49
    (p,) = ps.load_people(shared_photos, analyzer, ["ea_nasa_yamazaki"])
    (s,) = _first(ps.Builder([p]).stills(p), {f"{p.name}/roll"}).values()
    assert abs(s.truth["offset_mm"]) - 1.5 < ps.GUARD_MM
    assert s.defects == {"frontal"}
    far = {"crown_chin_mm": 34.0, "top_mm": 4.0, "chin_mm": 7.0, "offset_mm": -2.1}
    assert ps._clear_geometry_defects(far) == {"face_position"}
    assert ps._clear_geometry_defects({**far, "offset_mm": -1.9}) == frozenset()
