"""Every text the style sheet puts on a coloured background is readable: a contrast ratio of at least 4.5:1
(WCAG 2 AA), in the normal palette and the high-contrast one (white on the bright green of a done step was
1.4:1)."""

from __future__ import annotations

import re

import pytest

from kiosk.ui.theme import Theme


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pairs(sheet: str) -> list[tuple[str, str, str]]:
    """(rule, text colour, background) of every rule that sets both."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        bg = re.search(r"(?<![-\w])background:\s*(#[0-9a-fA-F]{6})", body)
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        if bg and fg:
            found.append((" ".join(selector.split()), fg.group(1).lower(), bg.group(1).lower()))
    return found


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high_contrast"])
def test_every_text_on_a_background_has_a_contrast_of_at_least_4_5(high_contrast: bool) -> None:
    sheet = Theme(high_contrast=high_contrast).style_sheet()
    found = pairs(sheet)
    assert len(found) >= 8  # the parse sees the rules
    weak = [f"{rule}: {fg} on {bg} {contrast(fg, bg):.1f}:1" for rule, fg, bg in found if contrast(fg, bg) < 4.5]
    assert not weak, "\n".join(weak)
