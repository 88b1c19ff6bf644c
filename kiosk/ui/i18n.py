"""The seven languages: Qt translators loaded from the .qm files that set-up builds from kiosk/ui/i18n/*.ts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk import log

_log = log.get("ui")
I18N_DIR = Path(__file__).with_name("i18n")

# Qt's codes, the booth's order, and each language's own name (shown on the language buttons).
LANGUAGES: dict[str, str] = {
    "ja": "日本語",
    "en": "English",
    "zh_CN": "简体中文",
    "zh_TW": "繁體中文",
    "ko": "한국어",
    "es": "Español",
    "pt": "Português",
}
SOURCE_LANGUAGE = "ja"  # the strings in the code are Japanese


class Translations:
    """Switches the application's language; Japanese needs no translator."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.current = SOURCE_LANGUAGE
        self._warned: set[str] = set()

    def set_language(self, code: str) -> bool:
        if code not in LANGUAGES:
            return False
        if code == self.current:
            return True
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if code != SOURCE_LANGUAGE:
            translator = QTranslator(self._app)
            qm = I18N_DIR / f"{code}.qm"
            if translator.load(str(qm)):
                self._app.installTranslator(translator)
                self._translator = translator
            elif code not in self._warned:
                self._warned.add(code)
                _log.warning("no compiled translation %s (run the set-up command to build it)", qm.name)
        self.current = code
        QLocale.setDefault(QLocale(code))
        return True
