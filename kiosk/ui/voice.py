"""Voice guidance: each screen's main instruction spoken in the citizen's language, with mute and volume."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk import log

_log = log.get("ui")

VOLUME_LEVELS: tuple[float, ...] = (0.4, 0.7, 1.0)  # level 1, 2, 3 as shown on the volume button
DEFAULT_LEVEL = 2
# Qt's own test engine speaks nothing; it is never chosen unless asked for by name.
_NOT_REAL = ("mock",)


class SpeechEngine(Protocol):
    """What Voice needs from a text-to-speech engine (QtSpeechEngine, or a fake in tests)."""

    def supports(self, locale: str) -> bool: ...

    def say(self, text: str, locale: str) -> None: ...

    def stop(self) -> None: ...

    def set_volume(self, volume: float) -> None: ...


class QtSpeechEngine:
    """QTextToSpeech with a voice of the wanted locale; supports() is False where there is no engine or voice."""

    def __init__(self, engine_name: str | None = None) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._tts: Any = None
        names = (
            [engine_name]
            if engine_name
            else [n for n in QTextToSpeech.availableEngines() if n not in _NOT_REAL]
        )
        for name in names:
            tts = QTextToSpeech(name)
            if tts.state() != QTextToSpeech.State.Error:
                self._tts = tts
                self.name = name
                break
        else:
            self.name = ""

    def _voice_for(self, locale: str) -> Any:
        if self._tts is None:
            return None
        language = QLocale(locale).language()
        for loc in self._tts.availableLocales():
            if loc.language() == language:
                self._tts.setLocale(loc)
                voices = self._tts.availableVoices()
                if voices:
                    return voices[0]
        return None

    def supports(self, locale: str) -> bool:
        return self._voice_for(locale) is not None

    def say(self, text: str, locale: str) -> None:
        voice = self._voice_for(locale)
        if voice is None:
            return
        self._tts.stop()
        self._tts.setVoice(voice)
        self._tts.say(text)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def set_volume(self, volume: float) -> None:
        if self._tts is not None:
            self._tts.setVolume(volume)


class Voice(QObject):
    """Speaks the shown screen's speech_text() in the current language unless muted.

    screen_text(state_id) gives the text to speak, language() the current Qt language code. Where the engine has
    no voice for a language the booth stays silent and says so once in the log.
    """

    spoken = Signal(str, str)  # text, locale (after it was handed to the engine)
    state_changed = Signal(bool, int)  # muted, volume level 1..3

    def __init__(
        self,
        engine: SpeechEngine | None,
        screen_text: Callable[[str], str],
        language: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._screen_text = screen_text
        self._language = language
        self._muted = False
        self._level = DEFAULT_LEVEL
        self._silent_logged: set[str] = set()
        self._current = ""
        if engine is None:
            _log.warning("voice guidance is silent: no text-to-speech engine")
            self._silent_logged.add("*")
        else:
            engine.set_volume(VOLUME_LEVELS[self._level - 1])

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def level(self) -> int:
        return self._level

    # -- what the booth connects ---------------------------------------------------------------------------
    def speak_screen(self, state_id: str) -> None:
        """A screen appeared (window.screen_shown): speak its main instruction."""
        self._current = state_id
        self.speak(self._screen_text(state_id))

    def repeat(self) -> None:
        """Speak the current screen again (after a language switch or unmuting)."""
        if self._current:
            self.speak_screen(self._current)

    def speak(self, text: str) -> None:
        locale = self._language()
        if self._muted or not text or self._engine is None:
            return
        if not self._engine.supports(locale):
            if locale not in self._silent_logged:
                self._silent_logged.add(locale)
                _log.warning("voice guidance is silent in %s: the speech engine has no voice for it", locale)
            return
        self._engine.say(text.replace("\n", " "), locale)
        self.spoken.emit(text, locale)

    def toggle_mute(self) -> None:
        self._muted = not self._muted
        if self._muted and self._engine is not None:
            self._engine.stop()
        self.state_changed.emit(self._muted, self._level)
        if not self._muted:
            self.repeat()

    def next_volume(self) -> None:
        """Step through the levels 1, 2, 3, 1, ..."""
        self._level = self._level % len(VOLUME_LEVELS) + 1
        if self._engine is not None:
            self._engine.set_volume(VOLUME_LEVELS[self._level - 1])
        self.state_changed.emit(self._muted, self._level)

    def reset(self) -> None:
        """The session ended: the next citizen hears the guidance at the default volume."""
        if self._engine is not None:
            self._engine.stop()
            self._engine.set_volume(VOLUME_LEVELS[DEFAULT_LEVEL - 1])
        self._muted, self._level = False, DEFAULT_LEVEL
        self.state_changed.emit(self._muted, self._level)


def default_engine() -> SpeechEngine | None:
    """The platform's text-to-speech engine, or None where there is none (the booth is then silent)."""
    try:
        engine = QtSpeechEngine()
    except ImportError:
        return None
    return engine if engine.name else None
