"""Labels as every screen makes them: plain text (data, never markup), wrapped, not selectable.

Japanese and Chinese have no spaces, so a line may break after any character (「受/け取って」, 「土日/祝」). A label
in those languages breaks only between phrases: BudouX (a small model shipped in its wheel, no download) finds the
phrase boundaries; characters inside a phrase are tied with WORD JOINER (U+2060), which Qt's line breaker honours
and draws as nothing. Other languages wrap at spaces as usual. text() returns the text as set.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

WORD_JOINER = "\u2060"
LONGEST_TIED = 16  # a phrase longer than this may still break inside (it could not fit a narrow label)
_language = {"code": "ja"}


def set_phrase_language(code: str) -> None:
    """The language labels break lines for (the booth's current language); set before the screens retranslate."""
    _language["code"] = code


def phrase_language() -> str:
    """The language labels break lines for now (drawn pictures break their captions the same way)."""
    return _language["code"]


@cache
def _parser(code: str) -> Any:
    import budoux

    loaders = {"ja": budoux.load_default_japanese_parser, "zh_CN": budoux.load_default_simplified_chinese_parser,
               "zh_TW": budoux.load_default_traditional_chinese_parser}
    return loaders[code]() if code in loaders else None


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


@cache
def phrased(text: str, code: str) -> str:
    """text with its phrases tied together for the language code (unchanged for languages with spaces)."""
    parser = _parser(code)
    if parser is None or not any(_is_cjk(ch) for ch in text):
        return text
    lines = []
    for line in text.split("\n"):
        phrases = parser.parse(line) if line else []
        lines.append("".join(WORD_JOINER.join(p) if len(p) <= LONGEST_TIED else p for p in phrases))
    return "\n".join(lines)


class PhraseLabel(QLabel):
    """A QLabel whose lines break between phrases in Japanese and Chinese."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""

    def setText(self, text: str) -> None:
        self._source = text
        super().setText(phrased(text, _language["code"]) if self.wordWrap() else text)

    def text(self) -> str:
        return self._source


def label(object_name: str, parent: QWidget, *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = PhraseLabel(parent)
    widget.setObjectName(object_name)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # text from a server or a citizen is data, never markup
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget
