"""Render every screen of the booth in every language and mode to images and write docs/screens.md.

    .venv/bin/python scripts/gallery.py            # the repository's gallery (full size only for ja and en)
    .venv/bin/python scripts/gallery.py --full --out /tmp/gallery   # everything at full size, locally
    .venv/bin/python scripts/gallery.py --no-real  # offscreen grabs only (no Xvfb)

Besides the offscreen grabs (QWidget.grab, the offscreen platform), the gallery takes real-window screenshots:
the script runs itself under Xvfb (xvfb-run, the xcb platform) once per screen size in REAL_SIZES, shows the
booth's window on that X screen and grabs the X screen itself (QScreen.grabWindow(0)), in REAL_LANGS. The same
screens are also grabbed offscreen at those sizes, so each pair can be compared side by side.

Stage is also what the translation, layout and accessibility tests use to put the booth on any screen: a Booth in
simulator mode whose flow is never started, each screen entered directly with a sample session.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.app import Booth, Options  # noqa: E402
from kiosk.config import Config, load  # noqa: E402
from kiosk.devices.base import Frame  # noqa: E402
from kiosk.flow.application_id import ApplicationId  # noqa: E402
from kiosk.flow.machine import STATES  # noqa: E402
from kiosk.flow.session import Details  # noqa: E402
from kiosk.ui.i18n import I18N_DIR, LANGUAGES  # noqa: E402
from kiosk.ui.voice import SpeechEngine  # noqa: E402

SAMPLE_ID = "31415926535897932384626"
SAMPLE_BIRTH = date(1985, 4, 12)
TODAY = date(2026, 11, 29)
MODES = ("large_text", "high_contrast", "more_time", "low_reach")
# Screens with more than one look: every one is rendered by the layout tests, the first by the gallery.
VARIANTS: dict[str, tuple[str, ...]] = {
    "scan": ("qr", "typed"),
    "details": ("year", "month", "day", "choices"),
    "review": ("failed", "good"),
    "done": ("sent", "queued"),
    "cancel": ("refunded", "rejected"),
}
SCREEN_IDS: tuple[str, ...] = (*STATES, "language")  # the states of the flow and the language overlay
REAL_SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920))  # real-window screenshots under Xvfb
REAL_LANGS = ("ja", "en", "ko")
THUMB_LONG_SIDE = 640  # the JPEGs' longer side
JPEG_QUALITY = 70


def build_translations() -> None:
    """Build the .qm files from the .ts files where missing or older (what scripts/setup.sh does)."""
    import subprocess

    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in sorted(I18N_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


def sample_jpeg() -> bytes:
    """A 35x45 portrait from the simulator's good scene (no real person's data)."""
    from kiosk.photo.scenes import scene

    frame = scene("good")
    h, w = frame.shape[:2]
    crop_w = int(h * 0.9 * 35 / 45)
    x0, y0 = (w - crop_w) // 2, int(h * 0.05)
    photo = cv2.resize(frame[y0 : y0 + int(h * 0.9), x0 : x0 + crop_w], (413, 531))
    ok, data = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return data.tobytes()


def make_config(storage: Path) -> Config:
    """Simulator mode with its ledger, outbox and key in storage."""
    cfg = load(None, simulate=True)
    return dataclasses.replace(cfg, storage=dataclasses.replace(cfg.storage, dir=str(storage)))


class Stage:
    """A booth whose screens are shown one at a time with a sample session, in any language and mode."""

    def __init__(
        self,
        app: QApplication,
        storage: Path,
        size: tuple[int, int] = (1920, 1080),
        speech: Callable[[], SpeechEngine | None] = lambda: None,
    ) -> None:
        self.booth = Booth(
            make_config(storage),
            app,
            Options(size=size, show_panel=False, today=lambda: TODAY, speech=speech),
        )
        self.app = app
        self.window = self.booth.window
        self.flow = self.booth.flow
        self.jpeg = sample_jpeg()
        self.resize(*size)
        self.window.show()

    def resize(self, width: int, height: int) -> None:
        self.window.resize(width, height)
        self.settle()

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def close(self) -> None:
        self.booth.shutdown()

    # -- session and preferences ---------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.flow.session.language = code
        self.window.set_language(code)
        self.settle()

    def set_modes(self, modes: tuple[str, ...] = ()) -> None:
        access = self.flow.session.access
        for mode in MODES:
            setattr(access, mode, mode in modes)
        self.window._on_session_changed()
        self.settle()

    def _fill_session(self, state: str, variant: str) -> None:
        s = self.flow.session
        s.txn_id = "gallery0" if state not in ("attract", "out_of_service") else ""
        s.application_id = ApplicationId(SAMPLE_ID)
        s.details = Details(SAMPLE_BIRTH, True, True, False)
        s.photo.jpeg = bytearray(self.jpeg)
        s.photo.width, s.photo.height = 413, 531
        s.photo.captured_at = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
        s.photo.failed = ("frontal", "background_plain") if variant == "failed" else ()
        s.photo.exception_kind = None
        s.credit_yen = 500 if state == "payment" else 1000
        s.reception_number = "R-2026-000123"
        s.receipt_code = "K7Q-4M2"
        s.refunded_yen = 1000 if state == "cancel" else 0
        s.outcome = {
            "done": "queued" if variant == "queued" else "sent",
            "cancel": "rejected" if variant == "rejected" else "cancelled",
        }.get(state)
        s.message = "申請書IDが確認できませんでした" if variant == "rejected" else None
        self.booth.cashier.accepted = frozenset({10, 50, 100, 500})

    # -- showing a screen ----------------------------------------------------------------------------------
    def show(self, state: str, variant: str = "") -> QWidget:
        """Show a state's screen (or "language": the overlay over attract); return the widget shown on top."""
        target = "attract" if state == "language" else state
        variant = variant or VARIANTS.get(target, ("",))[0]
        self._fill_session(target, variant)
        self.window.picker.hide()
        self.flow.current = target
        self.window._on_state_entered(target, confirm=False)
        screen = self.window.screens[target]
        if target == "timeout":
            self.flow.countdown_changed.emit(20)
        if target == "details":
            page = VARIANTS["details"].index(variant)
            screen.era, screen.month, screen.day = "showa", 4, 12  # type: ignore[attr-defined]
            screen.year_keypad.set_text("60")  # type: ignore[attr-defined]
            screen.pages.setCurrentIndex(page)  # type: ignore[attr-defined]
            screen._refresh()  # type: ignore[attr-defined]
        if target == "scan" and variant == "typed":
            screen._toggle_typed()  # type: ignore[attr-defined]
            screen.keypad.set_text(SAMPLE_ID[:12])  # type: ignore[attr-defined]
        if target == "camera":
            screen.view.show_frame(_frame())  # type: ignore[attr-defined]
        self.settle()
        if state == "language":
            self.window._show_language_picker()
            self.settle()
            return self.window.picker
        return screen

    def variants(self) -> Iterator[tuple[str, str]]:
        """Every (state, variant) pair a layout test should look at."""
        for state in SCREEN_IDS:
            for variant in VARIANTS.get(state, ("",)):
                yield state, variant

    def grab(self) -> QImage:
        return self.window.grab().toImage()


def _frame() -> Frame:
    from kiosk.photo.scenes import scene

    return Frame(image=scene("good"), index=1)


def _save(image: QImage, path: Path, full: bool) -> None:
    """A full-size PNG of at most 256 colours (the screens are flat colours; a photo on them bands a little),
    or a JPEG THUMB_LONG_SIDE px on its longer side: small enough for the repository."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    if not full:
        image = image.scaled(THUMB_LONG_SIDE, THUMB_LONG_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    buf = QByteArray()
    io = QBuffer(buf)
    io.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(io, "PNG")
    picture = Image.open(BytesIO(bytes(buf.data()))).convert("RGB")
    if full:
        picture.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, "PNG",
                                                                                              optimize=True)
    else:
        picture.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)


def render_real(out: Path, size: tuple[int, int], langs: tuple[str, ...] = REAL_LANGS) -> list[str]:
    """In this process, on a real X screen of this size (run under Xvfb by render_real_under_xvfb): show the
    booth's window over the whole screen and screenshot the X screen for every screen in each language."""
    build_translations()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    if app.platformName() != "xcb":
        raise SystemExit(f"real-window screenshots need an X server (platform {app.platformName()!r})")
    names: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(app, Path(tmp), size=size)
        try:
            stage.window.move(0, 0)
            stage.settle()
            for lang in langs:
                stage.set_language(lang)
                for state in SCREEN_IDS:
                    stage.show(state)
                    stage.window.repaint()
                    stage.settle()
                    shot = app.primaryScreen().grabWindow(0).toImage()  # the X screen, as a display shows it
                    name = f"real/{size[0]}x{size[1]}/{lang}/{state}.jpg"
                    _save(shot.copy(0, 0, *size), out / name, False)
                    names.append(name)
        finally:
            stage.close()
    return names


def render_real_under_xvfb(out: Path) -> list[tuple[str, str, str, str]]:
    """Run this script under xvfb-run once per REAL_SIZES; rows (language, size, screen id, relative path)."""
    import shutil
    import subprocess

    if shutil.which("xvfb-run") is None:
        raise SystemExit("xvfb-run is not installed (apt-get install xvfb), or run with --no-real")
    rows = []
    for w, h in REAL_SIZES:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
        subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {w}x{h}x24", sys.executable, __file__,
                        "--real-child", f"{w}x{h}", "--out", str(out)], check=True, env=env)
        rows += [(lang, f"{w}x{h}", state, f"real/{w}x{h}/{lang}/{state}.jpg")
                 for lang in REAL_LANGS for state in SCREEN_IDS]
    return rows


def render_sizes(out: Path) -> list[tuple[str, str, str, str]]:
    """The offscreen grabs at the REAL_SIZES other than 1920x1080, to compare with the real-window ones."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(app, Path(tmp))
        try:
            for w, h in REAL_SIZES:
                if (w, h) == (1920, 1080):
                    continue
                stage.resize(w, h)
                for lang in REAL_LANGS:
                    stage.set_language(lang)
                    for state in SCREEN_IDS:
                        name = f"{lang}/{w}x{h}/{state}.jpg"
                        stage.show(state)
                        _save(stage.grab(), out / name, False)
                        rows.append((lang, f"{w}x{h}", state, name))
        finally:
            stage.resize(1920, 1080)
            stage.close()
    return rows


def render(out: Path, docs: Path | None, *, full_all: bool, real: bool = True) -> list[tuple[str, str, str, str]]:
    """Render everything; returns rows (language, mode, screen id, relative path)."""
    build_translations()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(app, Path(tmp))
        try:
            jobs = [(lang, "") for lang in LANGUAGES] + [(lang, m) for lang in ("ja", "en") for m in MODES]
            for lang, mode in jobs:
                stage.set_modes((mode,) if mode else ())
                stage.set_language(lang)
                full = full_all or (lang in ("ja", "en") and not mode)
                for state in SCREEN_IDS:
                    name = f"{lang}/{mode or 'default'}/{state}.{'png' if full else 'jpg'}"
                    stage.show(state)
                    _save(stage.grab(), out / name, full)
                    rows.append((lang, mode or "default", state, name))
        finally:
            stage.set_modes(())
            stage.close()
    sized = render_sizes(out)
    real_rows = render_real_under_xvfb(out) if real else []
    if docs is not None:
        write_markdown(docs, out, rows, sized, real_rows)
    return rows + sized + real_rows


Row = tuple[str, str, str, str]  # language, mode or size, screen id, path under the gallery folder


def write_markdown(docs: Path, out: Path, rows: list[Row], sized: list[Row] | None = None,
                   real_rows: list[Row] | None = None) -> None:
    rel = os.path.relpath(out, docs.parent)
    lines = [
        "# Every screen",
        "",
        "Made by `scripts/gallery.py` (simulator mode, a sample session; no real person's data). The "
        f"{len(STATES)}",
        "states of the flow and the language overlay, in the seven languages, and the four accessibility modes in",
        "Japanese and English, grabbed offscreen. Japanese and English in the default mode are full-size 1920x1080",
        "PNGs (256 colours); the rest are JPEGs 640 px on their longer side, to keep the repository small. At the end, "
        "[real windows](#real-windows-under-xvfb):",
        "the same screens as a display shows them (the window on an X screen under Xvfb, the X screen",
        "screenshotted) beside the offscreen grabs, at 1920x1080 and on a portrait 1080x1920 screen, in Japanese,",
        "English and Korean. To render everything at full size locally:",
        "",
        "    .venv/bin/python scripts/gallery.py --full --out /tmp/gallery --no-docs   # --no-real: without Xvfb",
        "",
        "Modes: large_text (text 1.3x; text of 60 px or more keeps its size), high_contrast (white and yellow on",
        "black), more_time (every timeout doubled: looks like the default), low_reach (every control in the lower",
        "two thirds of the screen). The language overlay is shown over the attract screen. Voice guidance speaks",
        "each screen's main instruction; the mute and volume buttons are in every bottom bar.",
        "",
    ]
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for lang, mode, state, name in rows:
        groups.setdefault((lang, mode), []).append((state, name))
    for (lang, mode), shots in groups.items():
        lines += [f"## {LANGUAGES[lang]} ({lang}), {mode}", ""]
        lines += ["| | | |", "|---|---|---|"]
        cells = [f"**{state}**<br>![{lang} {mode} {state}]({rel}/{name})" for state, name in shots]
        for i in range(0, len(cells), 3):
            row = cells[i : i + 3] + [""] * (3 - len(cells[i : i + 3]))
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    if real_rows:
        offscreen = {(lang, "1920x1080", state): name for lang, mode, state, name in rows if mode == "default"}
        offscreen.update({(lang, size, state): name for lang, size, state, name in sized or []})
        lines += ["## Real windows under Xvfb", "",
                  "Left: the offscreen grab; right: a screenshot of the X screen (Xvfb) showing the booth's window.",
                  ""]
        for size in dict.fromkeys(size for _, size, _, _ in real_rows):
            for lang in dict.fromkeys(lang for lang, _, _, _ in real_rows):
                lines += [f"### {LANGUAGES[lang]} ({lang}), {size}", "", "| screen | offscreen | real window |",
                          "|---|---|---|"]
                for r_lang, r_size, state, name in real_rows:
                    if (r_lang, r_size) != (lang, size):
                        continue
                    grab = offscreen.get((lang, size, state))
                    left = f"![{lang} {size} {state} offscreen]({rel}/{grab})" if grab else ""
                    lines.append(f"| **{state}** | {left} | ![{lang} {size} {state} real window]({rel}/{name}) |")
                lines.append("")
    docs.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    p.add_argument("--full", action="store_true", help="every image as a full-size PNG")
    p.add_argument("--no-docs", action="store_true", help="do not rewrite docs/screens.md")
    p.add_argument("--no-real", action="store_true", help="no real-window screenshots (no Xvfb)")
    p.add_argument("--real-child", metavar="WxH", help=argparse.SUPPRESS)  # the run under Xvfb
    p.add_argument("--real-langs", default=",".join(REAL_LANGS), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.real_child:
        w, h = (int(v) for v in args.real_child.split("x"))
        shots = render_real(args.out, (w, h), tuple(args.real_langs.split(",")))
        print(f"{len(shots)} real-window screenshots at {w}x{h}")
        return 0
    rows = render(args.out, None if args.no_docs else ROOT / "docs" / "screens.md", full_all=args.full,
                  real=not args.no_real)
    print(f"{len(rows)} images in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
