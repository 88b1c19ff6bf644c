"""The countdown's audible cue: a tick for 3, 2, 1 and a shutter sound, following the voice's mute and volume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from kiosk import log

_log = log.get("ui")
SOUNDS = Path(__file__).resolve().parents[1] / "assets" / "sounds"
VOLUME_LEVELS = (0.4, 0.7, 1.0)


class Chimes(QObject):
    """Plays the bundled WAV files with QSoundEffect; silent (logged once) where QtMultimedia cannot play."""

    def __init__(self, parent: QObject | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self._effects: dict[str, Any] | None = None
        self.muted = False
        self.volume = VOLUME_LEVELS[1]
        if load:  # now, in the GUI thread: never a plugin load while a worker thread imports (kiosk.workers)
            self._load()
        self.played: list[str] = []  # what was asked to play (tests read it)

    def load(self) -> None:
        """QtMultimedia and its backend plugin, and the sounds (the booth: a deferred start-up step)."""
        self._load()

    def _load(self) -> dict[str, Any]:
        if self._effects is None:
            self._effects = {}
            try:
                from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
            except ImportError:
                _log.warning("countdown sounds are silent: QtMultimedia is not available")
                return self._effects
            if QMediaDevices.defaultAudioOutput().isNull():
                _log.warning("countdown sounds are silent: no audio output device")
                return self._effects
            for name in ("tick", "shutter"):
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(SOUNDS / f"{name}.wav")))
                self._effects[name] = effect
        return self._effects

    def set_state(self, muted: bool, level: int) -> None:
        """Follow the voice guidance's controls (level 1..3)."""
        self.muted = muted
        self.volume = VOLUME_LEVELS[max(1, min(level, len(VOLUME_LEVELS))) - 1]

    def on_countdown(self, n: int) -> None:
        self.play("tick" if n > 0 else "shutter")

    def play(self, name: str) -> None:
        self.played.append(name)
        if self.muted:
            return
        effect = self._load().get(name)
        if effect is not None:
            effect.setVolume(self.volume)
            effect.play()
