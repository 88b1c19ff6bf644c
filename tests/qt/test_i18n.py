"""Seven languages: every source string has a finished translation, no screen shows untranslated Japanese, and the
language chosen mid-session keeps what was entered and is forgotten by the next session."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.ui.i18n import I18N_DIR, LANGUAGES
from scripts.gallery import SCREEN_IDS, Stage, build_translations
from tests.helpers.taps import tap

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = [code for code in LANGUAGES if code != "ja"]
PLACEHOLDER = re.compile(r"\{\w*\}")
# Official terms a citizen must recognise on their papers, the language names, the help line's name and era names.
ALLOWED_TERMS = sorted(
    {
        "マイナンバーカード",
        "個人番号カード",
        "申請書ID",
        "交付通知書",
        "マイナンバー総合フリーダイヤル",
        "言語",
        "明治",
        "大正",
        "昭和",
        "平成",
        "令和",
        *LANGUAGES.values(),
    },
    key=len,
    reverse=True,
)
# The language overlay's heading is written in every language at once, by design.
MULTILINGUAL = {"言語を選んでください / Language / 语言 / 語言 / 언어 / Idioma"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3001-\u303f\uff08\uff09\uff1a\uff5e]")
KANA = re.compile(r"[\u3040-\u30ff]")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """The .qm files are built by set-up; build them here when missing or older than the .ts files."""
    build_translations()


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    s = Stage(qapp, tmp_path_factory.mktemp("i18n"))
    yield s
    s.set_language("ja")
    s.close()


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


@pytest.fixture(scope="module")
def lupdate_sources(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    """What pyside6-lupdate finds in the kiosk package right now."""
    ts = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [
            str(lupdate),
            "-silent",
            "-extensions",
            "py",
            "-locations",
            "none",
            str(ROOT / "kiosk"),
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )
    found = _messages(ts)
    assert len(found) > 100
    return found


@pytest.mark.parametrize("code", FOREIGN)
def test_every_source_string_has_a_finished_translation(code: str, lupdate_sources: dict) -> None:
    committed = _messages(I18N_DIR / f"{code}.ts")
    problems = []
    for key in lupdate_sources:
        message = committed.get(key)
        translation = None if message is None else message.find("translation")
        if translation is None:
            problems.append(f"missing {key}")
            continue
        if (
            translation.get("type") in ("unfinished", "vanished", "obsolete")
            or not (translation.text or "").strip()
        ):
            problems.append(f"unfinished {key}")
            continue
        if sorted(PLACEHOLDER.findall(key[1])) != sorted(PLACEHOLDER.findall(translation.text or "")):
            problems.append(f"placeholders differ {key}: {translation.text!r}")
    assert not problems, "\n".join(problems)


def test_no_context_is_lost_to_lupdate(lupdate_sources: dict) -> None:
    """A tr() lupdate cannot place in a class (empty or unknown context) would never be found at run time."""
    contexts = {context for context, _ in lupdate_sources}
    assert "" not in contexts
    assert "QCoreApplication" not in contexts


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QPushButton) or not widget.isVisibleTo(root.window()):
            continue
        if widget.text():
            out.append((widget.objectName(), widget.text()))
    return out


def untranslated(code: str, text: str, sources: set[str]) -> bool:
    if text in MULTILINGUAL:
        return False
    if code.startswith("zh"):
        # Chinese is written in Han characters too: look for kana, and for a Japanese source string shown as is.
        rest = text
        for term in ALLOWED_TERMS:
            rest = rest.replace(term, "")
        return bool(KANA.search(rest)) or text in sources
    for term in ALLOWED_TERMS:
        text = text.replace(term, "")
    return bool(JAPANESE.search(text))


@pytest.mark.parametrize("code", FOREIGN)
def test_no_screen_shows_untranslated_japanese(code: str, stage: Stage, lupdate_sources: dict) -> None:
    sources = {source for _, source in lupdate_sources} - set(ALLOWED_TERMS)
    stage.set_language(code)
    bad = []
    for state, variant in stage.variants():
        shown = stage.show(state, variant)
        server_text = stage.flow.session.message  # the reception server's own words after a refusal
        for name, text in visible_texts(shown):
            if text != server_text and untranslated(code, text, sources):
                bad.append(f"{state}/{variant} {name}: {text!r}")
    assert not bad, "\n".join(bad)


def test_the_japanese_check_catches_a_forgotten_string() -> None:
    assert untranslated("en", "Please insert 写真代", set())
    assert not untranslated("en", "Application ID (申請書ID)", set())
    assert untranslated("zh_CN", "写真代", {"写真代"})
    assert untranslated("zh_TW", "お金を返しています", set())
    assert not untranslated("zh_CN", "申请书ID（申請書ID）", {"写真代"})


def test_every_screen_has_the_language_button(stage: Stage) -> None:
    stage.set_language("ja")
    missing = []
    for state in SCREEN_IDS:
        if state in ("language", "out_of_service"):  # out of service: bilingual, nothing to choose
            continue
        stage.show(state)
        button = stage.window.find_control(f"{state}_language")
        if not isinstance(button, QPushButton) or not button.isVisible():
            missing.append(state)
    assert not missing
    stage.show("language")
    for code in LANGUAGES:
        assert stage.window.find_control(f"lang_{code}") is not None




def test_switching_mid_session_keeps_what_was_entered_and_the_next_session_is_japanese(
    qapp: QApplication, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import Booth, Options
    from scripts.gallery import TODAY, make_config

    booth = Booth(
        make_config(tmp_path),
        qapp,
        Options(size=(1280, 800), show_panel=False, today=lambda: TODAY, speech=lambda: None),
    )
    try:
        booth.start()
        flow, window = booth.flow, booth.window
        qtbot.waitUntil(lambda: flow.current == "attract" and flow.devices_ok(), timeout=15000)
        tap(window.find_control("attract_language"))
        tap(window.find_control("lang_es"))
        assert booth.translations.current == "es"
        tap(window.find_control("attract_start"))
        qtbot.waitUntil(lambda: flow.current == "menu", timeout=5000)
        assert flow.session.language == "es"  # the language chosen on attract is the session's
        qtbot.waitUntil(lambda: window.find_control("menu_back").text() == "Volver al inicio", timeout=2000)
        tap(window.find_control("menu_my_number"))
        qtbot.waitUntil(lambda: flow.current == "notice", timeout=5000)
        tap(window.find_control("notice_agree"))
        qtbot.waitUntil(lambda: flow.current == "payment", timeout=5000)
        qtbot.waitUntil(lambda: booth.devices.sims.cctalk.master_inhibit_open, timeout=15000)
        for coin in (500, 500):
            before = flow.session.credit_yen
            qtbot.waitUntil(lambda c=coin: booth.devices.sims.cctalk.accepting(c), timeout=15000)  # polled lately
            assert booth.devices.sims.cctalk.insert_coin(coin)
            qtbot.waitUntil(
                lambda b=before: flow.session.credit_yen > b or flow.current != "payment", timeout=15000
            )
        qtbot.waitUntil(lambda: flow.current == "scan", timeout=15000)
        tap(window.find_control("scan_type_id"))
        for digit in "3141592":
            tap(window.find_control(f"scan_key_{digit}"))
        tap(window.find_control("scan_language"))
        tap(window.find_control("lang_en"))
        screen = window.screens["scan"]
        assert screen.keypad.text() == "3141592"  # type: ignore[attr-defined]
        assert "7 / 23" in screen.typed_count.text()  # type: ignore[attr-defined]
        qtbot.waitUntil(
            lambda: window.find_control("scan_type_id").text() == "Scan the QR code", timeout=2000
        )
        assert flow.session.language == "en" and flow.current == "scan"
        tap(window.find_control("scan_cancel"))
        assert flow.current == "scan"  # money is in: cancel asks once
        assert window.find_control("scan_cancel_yes").text() == "Stop (get money back)"
        tap(window.find_control("scan_cancel_yes"))
        qtbot.waitUntil(lambda: flow.current == "cancel", timeout=5000)
        qtbot.waitUntil(lambda: window.find_control("cancel_finish").isEnabled(), timeout=15000)
        assert window.find_control("cancel_finish").text() == "Finish"
        tap(window.find_control("cancel_finish"))
        qtbot.waitUntil(lambda: flow.current == "attract", timeout=15000)
        assert booth.translations.current == "ja"
        assert flow.session.language == "ja"
        qtbot.waitUntil(lambda: window.find_control("attract_start").text() == "はじめる", timeout=2000)
    finally:
        booth.shutdown()


def test_every_label_shows_plain_text(stage: Stage) -> None:
    """Text from a server or a citizen is data: no label may read it as markup (a reception number of
    <span style=...> once rendered as HTML on the done screen)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    stage.set_language("ja")
    rich = [label.objectName() or type(screen).__name__ for screen in stage.window.screens.values()
            for label in screen.findChildren(QLabel) if label.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []


def test_the_booth_language_holds_from_the_first_screen_and_after_a_session(
    qapp: QApplication, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """`kiosk run --lang en`: attract is English before any tap, the session starts in English, and the next
    citizen finds the booth in English again (not Japanese)."""
    from kiosk.app import Booth, Options
    from scripts.gallery import TODAY, make_config

    booth = Booth(make_config(tmp_path), qapp,
                  Options(lang="en", size=(1280, 800), show_panel=False, today=lambda: TODAY, speech=lambda: None))
    try:
        window, flow = booth.window, booth.flow
        assert window.screens["attract"].findChild(QPushButton, "attract_start").text() == "Start"
        booth.start()
        qtbot.waitUntil(lambda: flow.current == "attract" and flow.devices_ok(), timeout=15000)
        assert window.find_control("attract_start").text() == "Start"
        tap(window.find_control("attract_start"))
        qtbot.waitUntil(lambda: flow.current == "menu", timeout=5000)
        assert flow.session.language == "en" and booth.translations.current == "en"
        tap(window.find_control("menu_language"))
        tap(window.find_control("lang_ko"))
        assert booth.translations.current == "ko"
        tap(window.find_control("menu_back"))
        qtbot.waitUntil(lambda: flow.current == "attract", timeout=5000)
        assert booth.translations.current == "en" and flow.session.language == "en"
        assert window.find_control("attract_start").text() == "Start"
    finally:
        booth.window.set_language("ja")  # the translator is the application's: leave it as found
        booth.shutdown()


def test_the_language_overlay_closes_and_leaves_the_bottom_bar_visible(stage: Stage) -> None:
    stage.set_language("en")
    picker = stage.show("language")
    bar = stage.window.current_screen()._bar
    assert picker.isVisible() and bar.isVisible()
    bar_top = bar.mapTo(stage.window, bar.rect().topLeft()).y()
    assert picker.geometry().bottom() < bar_top  # the overlay ends above the bar
    cancel = stage.window.find_control("attract_language")
    assert cancel is not None and cancel.isVisible()
    close = stage.window.find_control("lang_close")
    assert close is not None and close.text().endswith("Close")
    tap(close)
    assert not picker.isVisible() and stage.booth.translations.current == "en"
