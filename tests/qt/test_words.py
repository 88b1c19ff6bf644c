"""Words that hold: Japanese and Chinese lines break between phrases, the timeout, cancel and out-of-service
screens say what their numbers mean, cancel asks once when money is in, every check and guidance id has words in
every language, and English shows no 「・」."""

from __future__ import annotations

from collections.abc import Iterator

import budoux
import pytest
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.photo.checks import CHECK_IDS
from kiosk.photo.guidance import GUIDANCE_IDS
from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.screens.photo import check_text, guidance_text
from kiosk.ui.widgets.text import LONGEST_TIED, WORD_JOINER, phrased
from scripts.gallery import Stage, build_translations
from tests.helpers.taps import tap


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("words"), size=(1024, 768))
    yield s
    s.set_language("ja")
    s.flow.timers.stop_all()
    s.close()


def break_positions(label: QLabel) -> list[int]:
    """Where the label's lines break, as offsets into its text without joiners (explicit newlines left out)."""
    shown = QLabel.text(label)  # what Qt lays out: the phrased text
    width = label.contentsRect().width()
    positions, offset = [], 0
    for paragraph in shown.split("\n"):
        layout = QTextLayout(paragraph, label.font())
        layout.beginLayout()
        starts = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        for start in starts[1:]:
            positions.append(offset + len(paragraph[:start].replace(WORD_JOINER, "")))
        offset += len(paragraph.replace(WORD_JOINER, "")) + 1
    return positions


@pytest.mark.parametrize("code", ["ja", "zh_CN"])
def test_lines_break_only_between_phrases(stage: Stage, code: str) -> None:
    parser = {"ja": budoux.load_default_japanese_parser,
              "zh_CN": budoux.load_default_simplified_chinese_parser}[code]()
    stage.set_language(code)
    inside: list[str] = []
    checked = 0
    for state, variant in stage.variants():
        screen = stage.show(state, variant)
        for label in screen.findChildren(QLabel):
            if not label.wordWrap() or not label.isVisibleTo(stage.window) or not label.text():
                continue
            text = label.text()
            boundaries, offset = set(), 0
            for paragraph in text.split("\n"):
                for phrase in parser.parse(paragraph):
                    offset += len(phrase)
                    boundaries.add(offset)
                offset += 1
            for pos in break_positions(label):
                checked += 1
                if pos not in boundaries and not text[pos - 1].isspace() and not _inside_long_phrase(parser, text, pos):
                    inside.append(f"{state}/{label.objectName()}: {text[max(0, pos - 6):pos]}|{text[pos:pos + 6]}")
    assert checked > 2  # the screens at 1024x768 do wrap
    assert not inside, "\n".join(inside)


def _inside_long_phrase(parser, text: str, pos: int) -> bool:  # type: ignore[no-untyped-def]
    """A phrase longer than LONGEST_TIED may break inside (it might not fit a line)."""
    offset = 0
    for paragraph in text.split("\n"):
        for phrase in parser.parse(paragraph):
            if offset < pos < offset + len(phrase):
                return len(phrase) > LONGEST_TIED
            offset += len(phrase)
        offset += 1
    return False


def test_phrased_text_ties_the_words_the_issue_named() -> None:
    text = phrased("交付通知書を受け取ってください（土日祝 9:30〜17:30）", "ja")
    assert "受\u2060け\u2060取" in text and "土\u2060日\u2060祝" in text
    assert phrased("Take the card", "en") == "Take the card"
    assert phrased("Take the card", "ja") == "Take the card"  # no CJK: nothing to tie


def test_the_timeout_screen_says_what_the_number_is_and_what_happens_at_zero(stage: Stage) -> None:
    stage.set_language("en")
    screen = stage.show("timeout")
    stage.flow.session.credit_yen = 1000
    stage.flow.countdown_changed.emit(17)
    assert screen.count.text() == "17" and screen.unit.text() == "seconds left"  # type: ignore[attr-defined]
    explain = screen.explain.text()  # type: ignore[attr-defined]
    assert "At 0 seconds" in explain and "1,000 yen" in explain
    stage.flow.session.credit_yen = 0
    stage.flow.countdown_changed.emit(16)
    assert "first screen" in screen.explain.text()  # type: ignore[attr-defined]


def test_the_cancel_screen_explains_every_amount(stage: Stage) -> None:
    stage.set_language("en")
    stage.show("cancel")
    s = stage.flow.session
    s.credit_yen, s.paid_yen, s.change_yen, s.refunded_yen = 1000, 1000, 200, 800
    screen = stage.window.screens["cancel"]
    text = screen.money_text()  # type: ignore[attr-defined]
    assert "put in: 1,000 yen" in text and "when you paid: 200 yen" in text and "now: 800 yen" in text
    assert "All 1,000 yen" in text
    s.credit_yen = s.paid_yen = s.change_yen = s.refunded_yen = 0
    assert screen.money_text() == "No money was inserted."  # type: ignore[attr-defined]


def test_cancel_asks_once_when_money_is_in(stage: Stage, qtbot) -> None:  # type: ignore[no-untyped-def]
    stage.set_language("en")
    screen = stage.show("payment")  # the sample session has 500 yen in
    emitted: list[tuple[str, str]] = []
    screen.intent.connect(lambda state, action, _p: emitted.append((state, action)))
    tap(stage.window.find_control("payment_cancel"))
    assert emitted == [] and stage.window.find_control("payment_cancel_yes").isVisible()
    assert "500 yen" in screen._cancel_money.text()
    tap(stage.window.find_control("payment_cancel_no"))  # keep going: nothing happens
    assert emitted == [] and not stage.window.find_control("payment_cancel_yes").isVisible()
    tap(stage.window.find_control("payment_cancel"))
    tap(stage.window.find_control("payment_cancel_yes"))
    assert emitted == [("payment", "cancel")]


def test_cancel_without_money_ends_at_once(stage: Stage) -> None:
    screen = stage.show("menu")
    stage.flow.session.credit_yen = stage.flow.session.paid_yen = 0
    emitted: list[str] = []
    screen.intent.connect(lambda _s, action, _p: emitted.append(action))
    tap(stage.window.find_control("menu_cancel"))
    assert emitted == ["cancel"]


def test_out_of_service_says_money_and_application_are_safe_with_the_receipt_and_the_operator(stage: Stage) -> None:
    stage.set_language("en")
    stage.flow.view.operator_contact = "Photo Co. 0120-111-222"
    stage.flow.view.held_money = ("K7Q-4M2", 300)
    try:
        screen = stage.show("out_of_service")
        shown = "\n".join(w.text() for w in screen.findChildren(QLabel) if w.isVisibleTo(stage.window))
    finally:
        stage.flow.view.operator_contact = ""
        stage.flow.view.held_money = None
    assert "money and your application are safe" in shown
    assert "K7Q-4M2" in shown and "300" in shown
    assert "Photo Co. 0120-111-222" in shown and "0120-95-0178" in shown  # beside the national hotline


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_guidance_and_check_id_has_its_own_words(stage: Stage, code: str) -> None:
    stage.set_language(code)
    fallback = guidance_text("no_face")
    missing = [g for g in GUIDANCE_IDS if g != "no_face" and guidance_text(g) == fallback]
    missing += [c for c in CHECK_IDS if check_text(c) == c]
    assert not missing
    if code != "ja":
        stage.set_language("ja")
        ja = {g: guidance_text(g) for g in GUIDANCE_IDS} | {c: check_text(c) for c in CHECK_IDS}
        stage.set_language(code)
        now = {g: guidance_text(g) for g in GUIDANCE_IDS} | {c: check_text(c) for c in CHECK_IDS}
        assert [k for k in ja if ja[k] == now[k]] == []  # translated, not the Japanese source


def visible_texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QWidget)
            if isinstance(w, QLabel | QPushButton) and w.isVisibleTo(root.window()) and w.text()]


@pytest.mark.parametrize("code", ["en", "es", "pt"])
def test_latin_languages_show_no_japanese_middle_dot(stage: Stage, code: str) -> None:
    stage.set_language(code)
    found = [f"{state}: {t[:50]}" for state, variant in stage.variants()
             for t in visible_texts(stage.show(state, variant)) if "・" in t or "·" in t]
    assert not found, "\n".join(found)


def test_the_camera_never_asks_to_press_a_disabled_shutter(stage: Stage) -> None:
    stage.set_language("ja")
    screen = stage.show("camera")
    screen._show_guidance(["ready"])  # type: ignore[attr-defined]
    assert "撮影する" in screen.guidance.text()  # type: ignore[attr-defined]
    screen._on_countdown(3)  # type: ignore[attr-defined]
    assert not screen.shutter.isEnabled()  # type: ignore[attr-defined]
    assert "撮影する" not in screen.guidance.text()  # type: ignore[attr-defined]
    screen._show_guidance(["ready"])  # a new analysis during the countdown
    assert "撮影する" not in screen.guidance.text()  # type: ignore[attr-defined]
    screen._on_countdown(-1)  # type: ignore[attr-defined]
    assert "撮影する" in screen.guidance.text()  # type: ignore[attr-defined]


def test_the_camera_draws_what_its_guidance_asks_for(stage: Stage) -> None:
    """Beside the words, the fault to mend drawn with its cross (a hat, sunglasses, a turned head), or the pose to
    take with a tick; every guidance message has a drawing of a real check."""
    from kiosk.photo.thresholds import CHECK_IDS
    from kiosk.ui.screens.photo import GUIDANCE_PICTURE

    screen = stage.show("camera")
    for message, drawn in (("remove_hat", "no_hat"), ("face_front", "frontal"), ("ready", "good"),
                           ("no_face", "good"), ("move_closer", "face_size")):
        screen._show_guidance([message, "hold_still"])  # type: ignore[attr-defined]
        assert screen.example.check_id == drawn, message  # type: ignore[attr-defined]
    assert set(GUIDANCE_PICTURE.values()) <= set(CHECK_IDS)


@pytest.mark.parametrize("code", ["ja", "en", "ko"])
def test_every_session_screen_has_help_for_its_step_and_whom_to_call(stage: Stage, code: str) -> None:
    from kiosk.ui.help import HELP_STATES, step_help

    stage.set_language(code)
    stage.flow.view.operator_contact = "Photo Co. 0120-111-222"
    try:
        texts = set()
        for state in HELP_STATES:
            screen = stage.show(state)
            tap(stage.window.find_control(f"{state}_help"))
            panel = screen._help_panel
            assert panel.isVisible(), state
            assert screen._help_text.text() == step_help(state) and step_help(state)
            assert "0120-111-222" in screen._staff_operator.text() and "0120-95-0178" in screen._staff_hotline.text()
            texts.add(step_help(state))
            tap(stage.window.find_control(f"{state}_help_close"))
            assert not panel.isVisible()
        assert len(texts) == len(HELP_STATES)  # each step explained in its own words
    finally:
        stage.flow.view.operator_contact = ""


def test_the_done_screen_shows_every_step_done(stage: Stage) -> None:
    stage.set_language("en")
    steps = stage.show("done").steps._labels
    assert all(s.property("done") and not s.property("current") for s in steps)
    assert steps[-1].text().startswith("✓")
    confirm = stage.show("confirm").steps._labels
    assert confirm[-1].property("current") and not confirm[-1].property("done")
