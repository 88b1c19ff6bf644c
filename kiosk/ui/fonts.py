"""The booth's own fonts: Noto Sans CJK JP from PyPI, loaded so kanji never depend on the OS's fonts."""

from __future__ import annotations

import importlib

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from kiosk import log

_log = log.get("ui")
FONT_PACKAGES = ("noto_cjk_sans_jp_regular", "noto_cjk_sans_jp_bold")
FAMILY = "Noto Sans CJK JP"


def load_fonts() -> str:
    """Register the bundled fonts with Qt and return the family name to use."""
    families: list[str] = []
    for name in FONT_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            _log.error("font package %s is missing: Japanese may render as boxes", name)
            continue
        font_id = QFontDatabase.addApplicationFont(str(module.FONT_PATH))
        if font_id < 0:
            _log.error("font %s could not be loaded", name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FAMILY


def renders(text: str, font: QFont) -> bool:
    """True when every character of text has a glyph in font (no empty boxes)."""
    metrics = QFontMetrics(font)
    return all(metrics.inFont(ch) for ch in text if not ch.isspace())
