"""Voice guidance: each screen's main instruction is spoken in the current language, mute and volume work from every
screen, a language without a voice is silent and logged once."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.ui.voice import DEFAULT_LEVEL, VOLUME_LEVELS, QtSpeechEngine, Voice
from scripts.gallery import SCREEN_IDS, Stage, build_translations
from tests.helpers.taps import tap


class FakeEngine:
    """Records what was said; speaks the languages it is given."""

    def __init__(self, locales: tuple[str, ...] = ("ja", "en", "zh_CN", "zh_TW", "ko", "es", "pt")) -> None:
        self.locales = locales
        self.said: list[tuple[str, str]] = []
        self.volumes: list[float] = []
        self.stops = 0

    def supports(self, locale: str) -> bool:
        return locale in self.locales

    def say(self, text: str, locale: str) -> None:
        self.said.append((text, locale))

    def stop(self) -> None:
        self.stops += 1

    def set_volume(self, volume: float) -> None:
        self.volumes.append(volume)


def make_voice(engine: FakeEngine | None, language: str = "ja") -> tuple[Voice, dict[str, str]]:
    texts = {"attract": "画面にタッチしてはじめてください", "scan": "QRコードをかざしてください"}
    lang = {"code": language}
    voice = Voice(engine, lambda sid: texts[sid], lambda: lang["code"])
    return voice, lang


def test_a_screen_is_spoken_in_the_current_language(qapp: QApplication) -> None:
    engine = FakeEngine()
    voice, lang = make_voice(engine)
    voice.speak_screen("attract")
    lang["code"] = "en"
    voice.speak_screen("scan")
    assert engine.said == [("画面にタッチしてはじめてください", "ja"), ("QRコードをかざしてください", "en")]


def test_mute_silences_and_unmute_repeats(qapp: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    voice, _ = make_voice(engine)
    with qtbot.waitSignal(voice.state_changed) as blocker:
        voice.toggle_mute()
    assert blocker.args == [True, DEFAULT_LEVEL]
    assert engine.stops == 1
    voice.speak_screen("attract")
    assert engine.said == []
    voice.toggle_mute()
    assert engine.said == [("画面にタッチしてはじめてください", "ja")]  # the current screen, again


def test_volume_steps_through_the_levels_and_reset_restores_it(qapp: QApplication) -> None:
    engine = FakeEngine()
    voice, _ = make_voice(engine)
    assert engine.volumes == [VOLUME_LEVELS[DEFAULT_LEVEL - 1]]
    levels = []
    for _ in range(len(VOLUME_LEVELS)):
        voice.next_volume()
        levels.append(voice.level)
    assert levels == [3, 1, 2]
    assert engine.volumes[1:] == [1.0, 0.4, 0.7]
    voice.toggle_mute()
    voice.next_volume()
    voice.reset()
    assert (voice.muted, voice.level) == (False, DEFAULT_LEVEL)
    assert engine.volumes[-1] == VOLUME_LEVELS[DEFAULT_LEVEL - 1]


def test_a_language_without_a_voice_is_silent_and_logged_once(qapp: QApplication, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING, logger="kiosk")
    logging.getLogger("kiosk").propagate = True
    engine = FakeEngine(locales=("ja",))
    voice, lang = make_voice(engine, "ko")
    for _ in range(3):
        voice.speak_screen("attract")
    assert engine.said == []
    assert sum("silent in ko" in r.getMessage() for r in caplog.records) == 1
    lang["code"] = "ja"
    voice.speak_screen("attract")
    assert engine.said == [("画面にタッチしてはじめてください", "ja")]


def test_no_engine_is_silent(qapp: QApplication) -> None:
    voice, _ = make_voice(None)
    voice.speak_screen("attract")
    voice.toggle_mute()
    voice.next_volume()  # nothing to call, nothing raised


def test_the_qt_engine_never_picks_the_test_engine(qapp: QApplication) -> None:
    engine = QtSpeechEngine()
    assert engine.name != "mock"
    if not engine.name:
        assert not engine.supports("ja")


# -- in the booth ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spoken_stage(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Stage, FakeEngine]]:
    build_translations()
    engine = FakeEngine()
    stage = Stage(qapp, tmp_path_factory.mktemp("voice"), speech=lambda: engine)
    yield stage, engine
    stage.set_language("ja")
    stage.close()


def test_every_screen_speaks_its_instruction_when_shown(spoken_stage: tuple[Stage, FakeEngine]) -> None:
    stage, engine = spoken_stage
    for code in ("ja", "en"):
        stage.set_language(code)
        for state in SCREEN_IDS:
            if state == "language":
                continue
            engine.said.clear()
            stage.show(state)
            expected = stage.window.screens[state].speech_text()
            assert expected, state
            assert engine.said[-1:] == [(expected.replace("\n", " "), code)], state
    stage.set_language("ja")
    stage.show("attract")
    assert engine.said[-1] == ("画面にタッチしてはじめてください", "ja")


def test_a_language_switch_repeats_the_instruction(spoken_stage: tuple[Stage, FakeEngine]) -> None:
    stage, engine = spoken_stage
    stage.set_language("ja")
    stage.show("payment")
    engine.said.clear()
    stage.set_language("es")
    assert engine.said == [("Introduzca el precio de la foto", "es")]
    stage.set_language("ja")




def test_mute_and_volume_on_every_screen_are_large_and_work(spoken_stage: tuple[Stage, FakeEngine]) -> None:
    stage, engine = spoken_stage
    stage.set_language("en")
    for state in SCREEN_IDS:
        if state == "language":
            continue
        stage.show(state)
        for control in ("mute", "volume"):
            button = stage.window.find_control(f"{state}_{control}")
            assert isinstance(button, QPushButton) and button.isVisible(), (state, control)
            assert button.height() >= 80 and button.width() >= 80, (state, control, button.size())
    stage.show("scan")
    tap(stage.window.find_control("scan_volume"))
    assert stage.booth.voice.level == 3
    assert stage.window.screens["attract"].volume_button.text() == "Volume 3"  # every screen shows it
    tap(stage.window.find_control("scan_mute"))
    assert stage.booth.voice.muted
    assert stage.window.find_control("scan_mute").text() == "Voice off"
    engine.said.clear()
    stage.show("details")
    assert engine.said == []
    stage.show("scan")
    tap(stage.window.find_control("scan_mute"))
    assert engine.said == [("Hold the QR code over the reader below", "en")]
    stage.booth.flow.session.wipe()  # the session ends: the next citizen hears the default
    assert (stage.booth.voice.muted, stage.booth.voice.level) == (False, DEFAULT_LEVEL)
    assert stage.window.find_control("scan_volume").text() == "音量 2"  # and in Japanese again
    stage.set_language("ja")


def test_the_help_panel_is_read_out(spoken_stage: tuple[Stage, FakeEngine]) -> None:
    stage, engine = spoken_stage
    stage.set_language("en")
    stage.show("scan")
    engine.said.clear()
    tap(stage.window.find_control("scan_help"))
    assert engine.said and "QR code" in engine.said[-1][0] and engine.said[-1][1] == "en"
    tap(stage.window.find_control("scan_help_close"))
    stage.set_language("ja")
