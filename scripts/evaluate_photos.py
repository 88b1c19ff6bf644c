"""Score the photo checks against a labelled set built from ../shared/data/photos/source; write docs/photo.md."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.photo.checks import CHECK_IDS, Thresholds, assess  # noqa: E402
from kiosk.photo.faces import FaceAnalyzer  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "photos" / "source"
DOC = ROOT / "docs" / "photo.md"
BEGIN, END = "<!-- evaluation:begin -->", "<!-- evaluation:end -->"
FRAME_W, FRAME_H = 1280, 720
# booth framings: crown-to-chin as a fraction of the frame height, crown's distance from the top, x shift
FRAMINGS = ((0.50, 0.12, 0.0), (0.44, 0.16, 0.04), (0.58, 0.10, -0.03))


@dataclass
class Sample:
    name: str
    image: np.ndarray
    defects: frozenset[str]  # the check ids that must fail; empty for a good photo


@dataclass
class Person:
    name: str
    image: np.ndarray
    mask: np.ndarray  # float 0..1
    ann: dict[str, list[float]]


def _load_people(src: Path, ann: dict) -> list[Person]:
    people = []
    for name, a in ann.items():
        if name.startswith("_") or a.get("role") != "frontal" or not a.get("mask"):
            continue
        img = cv2.imread(str(src / name))
        mask = cv2.imread(str(src / a["mask"]), cv2.IMREAD_GRAYSCALE)
        if img is None or mask is None:
            continue
        people.append(Person(name.rsplit(".", 1)[0], img, mask.astype(np.float32) / 255, a["faces"][0]))
    return people


def _matrix(
    p: Person, cc_frac: float, top_frac: float, shift: float, extra_roll_deg: float = 0.0
) -> np.ndarray:
    a = p.ann
    el, er = np.array(a["eye_left"]), np.array(a["eye_right"])
    roll = math.degrees(math.atan2(er[1] - el[1], er[0] - el[0]))
    crown, chin = np.array(a["crown"]), np.array(a["chin"])
    cc = float(np.linalg.norm(chin - crown))
    s = cc_frac * FRAME_H / cc
    centre = (np.array(a["face_left"]) + np.array(a["face_right"])) / 2
    m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), roll + extra_roll_deg, s)
    # put the face centre at the frame centre (plus shift), and the crown at top_frac
    target_cx = FRAME_W * (0.5 + shift)
    target_crown_y = FRAME_H * top_frac
    c2 = m[:, :2] @ centre + m[:, 2]
    crown2 = m[:, :2] @ crown + m[:, 2]
    m[0, 2] += target_cx - c2[0]
    m[1, 2] += target_crown_y - crown2[1] + (c2[1] - crown2[1]) * 0  # keep crown at the target
    return m


def _compose(p: Person, background: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    fg = cv2.warpAffine(
        p.image, m, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    alpha = cv2.warpAffine(
        p.mask, m, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    alpha = cv2.GaussianBlur(alpha, (3, 3), 0)[..., None]
    out = fg.astype(np.float32) * alpha + background.astype(np.float32) * (1 - alpha)
    return np.clip(out, 0, 255).astype(np.uint8), alpha[..., 0]


def _plain(rng: np.random.Generator) -> np.ndarray:
    base = np.array([rng.uniform(215, 240), rng.uniform(215, 238), rng.uniform(210, 235)], np.float32)
    bg = np.ones((FRAME_H, FRAME_W, 3), np.float32) * base
    # a gentle vertical light fall-off, as a booth's lamp gives
    ramp = np.linspace(1.0, 0.94, FRAME_H, dtype=np.float32)[:, None, None]
    return np.clip(bg * ramp + rng.normal(0, 1.5, bg.shape), 0, 255).astype(np.uint8)


def _pts(p: Person, m: np.ndarray, key: str) -> np.ndarray:
    return m[:, :2] @ np.array(p.ann[key]) + m[:, 2]


def _draw_hat(img: np.ndarray, p: Person, m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = img.copy()
    fl, fr = _pts(p, m, "face_left"), _pts(p, m, "face_right")
    forehead, crown, chin = _pts(p, m, "forehead"), _pts(p, m, "crown"), _pts(p, m, "chin")
    fw = fr[0] - fl[0]
    base_y = forehead[1] + (chin[1] - forehead[1]) * 0.08
    top_y = crown[1] - (chin[1] - crown[1]) * rng.uniform(-0.02, 0.3)
    colour = tuple(int(c) for c in rng.choice([(40, 40, 160), (30, 30, 30), (150, 90, 40), (60, 120, 60)]))
    cx = (fl[0] + fr[0]) / 2
    body = np.array(
        [
            [cx - fw * 0.55, base_y],
            [cx - fw * 0.45, top_y],
            [cx + fw * 0.45, top_y],
            [cx + fw * 0.55, base_y],
        ],
        np.int32,
    )
    cv2.fillPoly(out, [body], colour, cv2.LINE_AA)
    cv2.ellipse(
        out,
        (int(cx), int(base_y)),
        (int(fw * rng.uniform(0.7, 0.9)), int(fw * 0.08)),
        0,
        0,
        360,
        colour,
        -1,
        cv2.LINE_AA,
    )
    # knit, felt or fur: give the hat a texture so that the check cannot just look for a flat area
    mask = np.zeros(out.shape[:2], np.uint8)
    cv2.fillPoly(mask, [body], 255)
    yy, xx = np.mgrid[0 : out.shape[0], 0 : out.shape[1]]
    pattern = 14 * np.sin(xx * rng.uniform(0.3, 0.9)) * np.sin(yy * rng.uniform(0.3, 0.9)) + rng.normal(
        0, rng.uniform(4, 14), out.shape[:2]
    )
    textured = np.clip(out.astype(np.float32) + pattern[..., None], 0, 255).astype(np.uint8)
    out[mask > 0] = textured[mask > 0]
    return out


def _draw_sunglasses(img: np.ndarray, p: Person, m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = img.copy()
    el, er = _pts(p, m, "eye_left"), _pts(p, m, "eye_right")
    iod = float(np.linalg.norm(er - el))
    shade = int(rng.uniform(10, 40))
    for e in (el, er):
        cv2.ellipse(
            out,
            (int(e[0]), int(e[1])),
            (int(iod * 0.36), int(iod * 0.26)),
            0,
            0,
            360,
            (shade,) * 3,
            -1,
            cv2.LINE_AA,
        )
    cv2.line(
        out,
        (int(el[0] + iod * 0.3), int(el[1])),
        (int(er[0] - iod * 0.3), int(er[1])),
        (shade,) * 3,
        max(2, int(iod * 0.05)),
        cv2.LINE_AA,
    )
    return out


def _shadow(
    img: np.ndarray, alpha: np.ndarray, p: Person, m: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    chin, crown = _pts(p, m, "chin"), _pts(p, m, "crown")
    side = rng.choice([-1, 1])
    cc = chin[1] - crown[1]
    blob = np.zeros((FRAME_H, FRAME_W), np.float32)
    centre = (int(crown[0] + side * cc * 0.45), int((crown[1] + chin[1]) / 2))
    cv2.ellipse(blob, centre, (int(cc * 0.45), int(cc * 0.6)), 0, 0, 360, 1.0, -1)
    blob = cv2.GaussianBlur(blob, (0, 0), cc * 0.08)
    factor = 1 - blob * rng.uniform(0.4, 0.55) * (1 - alpha)
    return np.clip(img.astype(np.float32) * factor[..., None], 0, 255).astype(np.uint8)


def _clutter(rng: np.random.Generator, textures: list[np.ndarray], i: int) -> np.ndarray:
    if textures and i % 2 == 0:
        t = textures[i // 2 % len(textures)]
        return cv2.resize(t, (FRAME_W, FRAME_H), interpolation=cv2.INTER_LINEAR)
    bg = _plain(rng)
    for _ in range(25):  # a room: shelves, frames, a chair
        x, y = int(rng.uniform(0, FRAME_W)), int(rng.uniform(0, FRAME_H))
        w, h = int(rng.uniform(30, 250)), int(rng.uniform(20, 200))
        colour = tuple(int(c) for c in rng.uniform(20, 200, 3))
        cv2.rectangle(bg, (x, y), (x + w, y + h), colour, int(rng.choice([-1, 3, 6])))
    return bg


def _paste_head(img: np.ndarray, other: Person, rng: np.random.Generator, side: int) -> np.ndarray:
    """A second person's head and shoulders at one side of the frame."""
    m = _matrix(other, 0.42, 0.18, side * 0.33)
    fg = cv2.warpAffine(other.image, m, (FRAME_W, FRAME_H), borderMode=cv2.BORDER_REPLICATE)
    a = cv2.warpAffine(other.mask, m, (FRAME_W, FRAME_H), borderMode=cv2.BORDER_CONSTANT)
    keep = np.zeros((FRAME_H, FRAME_W), np.float32)
    if side < 0:
        keep[:, : FRAME_W // 2 - 190] = 1
    else:
        keep[:, FRAME_W // 2 + 190 :] = 1
    a = (a * keep)[..., None]
    return np.clip(fg * a + img * (1 - a), 0, 255).astype(np.uint8)


def build_set(src: Path, seed: int = 7) -> Iterator[Sample]:
    """The labelled set: good booth framings of the frontal photos, synthetic defects, the real NG photos."""
    ann = json.loads((src / "annotations.json").read_text(encoding="utf-8"))
    rng = np.random.default_rng(seed)
    people = _load_people(src, ann)
    textures = [
        cv2.imread(str(src / n)) for n in ("skimage_brick.png", "skimage_grass.png", "skimage_gravel.png")
    ]
    textures = [cv2.cvtColor(t, cv2.COLOR_GRAY2BGR) if t.ndim == 2 else t for t in textures if t is not None]
    for i, p in enumerate(people):
        for j, (cc, top, shift) in enumerate(FRAMINGS):
            m = _matrix(p, cc, top, shift)
            img, _ = _compose(p, _plain(rng), m)
            yield Sample(f"{p.name}/good{j}", img, frozenset())
        m = _matrix(p, *FRAMINGS[0])
        good, alpha = _compose(p, _plain(rng), m)
        mt = _matrix(p, *FRAMINGS[0], extra_roll_deg=float(rng.choice([-1, 1]) * rng.uniform(13, 18)))
        yield Sample(f"{p.name}/tilt", _compose(p, _plain(rng), mt)[0], frozenset({"frontal"}))
        sigma = rng.uniform(3.0, 4.5)
        yield Sample(f"{p.name}/blur", cv2.GaussianBlur(good, (0, 0), sigma), frozenset({"sharp"}))
        k = np.zeros((17, 17), np.float32)
        k[8, :] = 1 / 17
        yield Sample(f"{p.name}/shake", cv2.filter2D(good, -1, k), frozenset({"sharp"}))
        dark = np.clip(good.astype(np.float32) * rng.uniform(0.18, 0.26), 0, 255).astype(np.uint8)
        yield Sample(f"{p.name}/dark", dark, frozenset({"exposure"}))
        yield Sample(
            f"{p.name}/clutter",
            _compose(p, _clutter(rng, textures, i), m)[0],
            frozenset({"background_plain"}),
        )
        yield Sample(f"{p.name}/shadow", _shadow(good, alpha, p, m, rng), frozenset({"background_no_shadow"}))
        yield Sample(f"{p.name}/hat", _draw_hat(good, p, m, rng), frozenset({"no_hat"}))
        yield Sample(f"{p.name}/sunglasses", _draw_sunglasses(good, p, m, rng), frozenset({"no_sunglasses"}))
        other = people[(i + 3) % len(people)]
        yield Sample(
            f"{p.name}/second_face",
            _paste_head(good, other, rng, 1 if i % 2 else -1),
            frozenset({"single_face"}),
        )
        if i % 3 == 0:
            yield Sample(
                f"{p.name}/too_small",
                _compose(p, _plain(rng), _matrix(p, 0.25, 0.3, 0.0))[0],
                frozenset({"face_size"}),
            )
        if i % 3 == 1:
            yield Sample(
                f"{p.name}/off_centre",
                _compose(p, _plain(rng), _matrix(p, 0.55, 0.12, -0.40 if i % 2 else 0.40))[0],
                frozenset({"face_position"}),
            )
        if i % 3 == 2:
            yield Sample(
                f"{p.name}/too_low",
                _compose(p, _plain(rng), _matrix(p, 0.55, 0.45, 0.0))[0],
                frozenset({"face_position"}),
            )
    yield Sample("nobody/plain", _plain(rng), frozenset({"single_face"}))
    yield Sample("nobody/clutter", _clutter(rng, textures, 0), frozenset({"single_face"}))
    for name, a in ann.items():
        if name.startswith("_") or a.get("role") not in ("real_ng", "real_multi"):
            continue
        img = cv2.imread(str(src / name))
        if img is None:
            continue
        if a.get("crop_bottom"):
            img = img[: img.shape[0] - int(a["crop_bottom"])]
        yield Sample(f"real/{name.rsplit('.', 1)[0]}", img, frozenset(a.get("reasons", [])))


@dataclass
class Outcome:
    name: str
    defects: frozenset[str]
    failed: frozenset[str]
    values: dict[str, float | None]

    @property
    def correct(self) -> bool:
        return bool(self.failed) == bool(self.defects)


def evaluate(src: Path, thresholds: Thresholds | None = None) -> tuple[list[Outcome], float]:
    analyzer = FaceAnalyzer()
    outcomes = []
    t0 = time.perf_counter()
    for s in build_set(src):
        a = assess(s.image, analyzer.analyse(s.image), thresholds)
        outcomes.append(
            Outcome(
                s.name,
                s.defects,
                frozenset(a.failed),
                {
                    **{k: r.value for k, r in a.results.items()},
                    **{f"{k}.{d}": round(v, 3) for k, r in a.results.items() for d, v in r.details.items()},
                },
            )
        )
    return outcomes, time.perf_counter() - t0


def table(outcomes: list[Outcome]) -> str:
    good = [o for o in outcomes if not o.defects]
    bad = [o for o in outcomes if o.defects]
    lines = [
        f"Labelled set: {len(outcomes)} images ({len(good)} good, {len(bad)} with defects), built by "
        "`scripts/evaluate_photos.py` from ../shared/data/photos/source.",
        "",
        f"- image-level accuracy: {sum(o.correct for o in outcomes)}/{len(outcomes)} = "
        f"{100 * sum(o.correct for o in outcomes) / len(outcomes):.1f}%",
        f"- good photos accepted: {sum(not o.failed for o in good)}/{len(good)} = "
        f"{100 * sum(not o.failed for o in good) / max(1, len(good)):.1f}%",
        f"- defective photos rejected: {sum(bool(o.failed) for o in bad)}/{len(bad)}",
    ]
    for d in ("no_hat", "no_sunglasses", "frontal", "single_face"):
        n = [o for o in bad if d in o.defects]
        lines.append(f"- with a `{d}` defect and accepted: {sum(not o.failed for o in n)} of {len(n)}")
    lines += [
        "",
        "Precision counts a flag as right when the image has some labelled defect; the strict column only when",
        "the flagged check is the labelled one (a hat also raises the crown, a busy background hides it, so",
        "several checks fire at once).",
        "",
        "| check | labelled defects | caught (recall) | flagged | right when flagged (precision) | strict |",
        "|---|---|---|---|---|---|",
    ]
    for cid in CHECK_IDS:
        pos = [o for o in outcomes if cid in o.defects]
        flagged = [o for o in outcomes if cid in o.failed]
        tp = sum(cid in o.failed for o in pos)
        # a flag on an image that is rejected for another labelled defect is not a false alarm on a good photo
        right = sum(bool(o.defects) for o in flagged)
        rec = f"{tp}/{len(pos)} = {100 * tp / len(pos):.0f}%" if pos else "-"
        prec = f"{right}/{len(flagged)} = {100 * right / len(flagged):.0f}%" if flagged else "-"
        strict = sum(cid in o.defects for o in flagged)
        sprec = f"{100 * strict / len(flagged):.0f}%" if flagged else "-"
        lines.append(f"| {cid} | {len(pos)} | {rec} | {len(flagged)} | {prec} | {sprec} |")
    wrong = [o for o in outcomes if not o.correct]
    if wrong:
        lines += [
            "",
            "Wrong decisions: "
            + "; ".join(
                f"{o.name} ({'accepted' if not o.failed else 'rejected: ' + ', '.join(sorted(o.failed))})"
                for o in wrong
            ),
        ]
    missed = [o for o in outcomes if o.defects and o.failed and not (o.defects & o.failed)]
    if missed:
        lines += [
            "",
            "Rejected, but for another reason than the labelled one: "
            + "; ".join(
                f"{o.name} (label {', '.join(sorted(o.defects))}; failed {', '.join(sorted(o.failed))})"
                for o in missed
            ),
        ]
    return "\n".join(lines)


def write_doc(text: str, doc: Path = DOC) -> None:
    block = f"{BEGIN}\n{text}\n{END}"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# The photo\n\n## Evaluation\n\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/photo.md alone")
    ap.add_argument("--values", action="store_true", help="print every image's measured values")
    args = ap.parse_args(argv)
    if not (args.source / "annotations.json").exists():
        print(f"{args.source}: no annotations.json (the shared photos are absent)", file=sys.stderr)
        return 2
    outcomes, elapsed_s = evaluate(args.source)
    if args.values:
        for o in outcomes:
            vals = " ".join(f"{k}={v}" for k, v in o.values.items())
            print(
                f"{o.name:40s} {'OK ' if o.correct else 'BAD'} label={sorted(o.defects)} "
                f"failed={sorted(o.failed)} {vals}"
            )
    text = table(outcomes)
    print(text)
    print(f"({len(outcomes)} images in {elapsed_s:.1f} s)")
    if not args.no_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
