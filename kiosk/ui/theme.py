"""The booth's one design system: a type scale, spacing steps, the colour palette and its high-contrast variant,
turned into the style sheet every screen uses and the colours the drawn pictures use; scaled to the screen
(landscape or portrait), the citizen's modes and the touch minimum (15 mm on the booth's glass)."""

from __future__ import annotations

import math
from dataclasses import dataclass

BASE_W, BASE_H = 1920, 1080
PORTRAIT_BASE_W = 1440  # a portrait screen is laid out like a landscape one this wide (its text stays readable)
MIN_TOUCH_MM = 15.0  # no control smaller than this on the glass

# The type scale, px at 1080p: every text on every screen is one of these (QLabel objectNames and buttons).
TYPE_SCALE = {"note": 28, "body": 30, "button": 34, "subtitle": 34, "title": 48, "verdict": 52, "big": 72,
              "key": 44, "huge": 120}
SPACING = {"s": 6, "m": 14, "l": 24, "xl": 36}  # px at 1080p: paddings and radii
FACT_PX = 40  # px at 1080p: the key words of a fact card (kiosk.ui.widgets.fact_card), between title and subtitle


def touch_px(width: int, height: int, diagonal_in: float) -> int:
    """Pixels of MIN_TOUCH_MM on a screen of this resolution and diagonal."""
    return math.ceil(MIN_TOUCH_MM / (diagonal_in * 25.4 / math.hypot(width, height)))


@dataclass(frozen=True)
class Theme:
    scale: float = 1.0
    large_text: bool = False
    high_contrast: bool = False
    touch: int = 0  # the smallest control in pixels (MIN_TOUCH_MM on the booth's screen)
    dense: bool = False  # low reach: the same controls in two thirds of the height (lower, never under touch)

    @classmethod
    def for_size(cls, width: int, height: int, *, large_text: bool = False, high_contrast: bool = False,
                 diagonal_in: float = 21.5, dense: bool = False) -> Theme:
        if height > width:  # portrait
            scale = max(0.62, min(1.5, width / PORTRAIT_BASE_W, height / BASE_W))
        else:
            scale = max(0.62, min(1.5, width / BASE_W, height / BASE_H))
        return cls(scale, large_text, high_contrast, touch_px(width, height, diagonal_in), dense)

    def px(self, size_at_1080p: float, *, text: bool = False) -> int:
        factor = self.scale * (1.3 if text and self.large_text else 1.0)
        return max(1, round(size_at_1080p * factor))

    @property
    def body_px(self) -> int:
        return self.px(TYPE_SCALE["body"], text=True)

    @property
    def title_px(self) -> int:
        return self.px(TYPE_SCALE["title"], text=True)

    @property
    def button_h(self) -> int:
        return max(self.px(72), 56, self.touch) if self.dense else max(self.px(96), 64, self.touch)

    def control_h(self, size_at_1080p: float) -> int:
        """A smaller control's height, never under the touch minimum."""
        return max(self.px(size_at_1080p), self.touch)

    @property
    def colors(self) -> dict[str, str]:
        if self.high_contrast:
            return {"bg": "#000000", "fg": "#ffffff", "panel": "#000000", "accent": "#ffff00",
                    "accent_fg": "#000000", "muted": "#ffffff", "danger": "#ffff00", "danger_fg": "#000000",
                    "ok": "#00ff00", "ok_fg": "#000000", "border": "#ffffff", "secondary": "#000000", "secondary_fg": "#ffff00"}
        return {"bg": "#f4f6f9", "fg": "#1a1f2b", "panel": "#ffffff", "accent": "#0b5cad",
                "accent_fg": "#ffffff", "muted": "#4a5466", "danger": "#b3261e", "danger_fg": "#ffffff",
                "ok": "#1e7d32", "ok_fg": "#ffffff", "border": "#c5ccd8", "secondary": "#e3e8f0", "secondary_fg": "#1a1f2b"}

    def style_sheet(self) -> str:
        # big and huge text is large already: the large-text mode leaves it as it is, so screens still fit
        c, body, title = self.colors, self.body_px, self.title_px
        radius = self.px(14)
        return f"""
QWidget[role="screen"] {{ background: {c['bg']}; }}
QWidget {{ color: {c['fg']}; font-size: {body}px; }}
QLabel#title {{ font-size: {title}px; font-weight: bold; }}
QLabel#subtitle {{ font-size: {self.px(34, text=True)}px; color: {c['muted']}; }}
QLabel#big {{ font-size: {self.px(60 if self.dense else 72)}px; font-weight: bold; }}
QLabel#verdict {{ font-size: {self.px(52, text=True)}px; font-weight: bold; }}
QLabel#huge {{ font-size: {self.px(96 if self.dense else 120)}px; font-weight: bold; color: {c['accent']}; }}
QLabel#note {{ font-size: {self.px(28, text=True)}px; color: {c['muted']}; }}
QLabel#message {{ font-size: {body}px; color: {c['danger']}; font-weight: bold; }}
QFrame#card {{ background: {c['panel']}; border: {max(1, self.px(2))}px solid {c['border']};
               border-radius: {radius}px; }}
QFrame#overlay {{ background: {c['bg']}; border-bottom: {max(1, self.px(2))}px solid {c['border']}; }}
QFrame#bar {{ background: {c['panel']}; border-top: {max(1, self.px(2))}px solid {c['border']}; }}
QPushButton {{ min-height: {self.button_h}px; padding: 0 {self.px(36)}px; border-radius: {radius}px;
               font-size: {self.px(34, text=True)}px; font-weight: bold;
               background: {c['accent']}; color: {c['accent_fg']}; border: {max(2, self.px(3))}px solid {c['accent']}; }}
QFrame#bar QPushButton {{ padding: 0 {self.px(18)}px; }}
QPushButton[emphasis="tall"] {{ min-height: {2 * self.button_h}px; font-size: {self.px(44, text=True)}px; }}
QPushButton:pressed {{ background: {c['fg']}; color: {c['bg']}; }}
QPushButton:disabled {{ background: {c['secondary']}; color: {c['muted']}; border-color: {c['border']}; }}
QPushButton[kind="secondary"] {{ background: {c['secondary']}; color: {c['secondary_fg']};
               border: {max(2, self.px(3))}px solid {c['border']}; }}
QPushButton[kind="danger"] {{ background: {c['panel']}; color: {c['danger']}; border: {max(2, self.px(3))}px solid {c['danger']}; }}
QPushButton[kind="key"] {{ background: {c['panel']}; color: {c['fg']}; border: {max(2, self.px(3))}px solid {c['border']};
               font-size: {self.px(44, text=True)}px; }}
QPushButton[kind="field"] {{ background: {c['panel']}; color: {c['fg']}; border: {max(2, self.px(3))}px solid {c['border']};
               font-size: {self.px(30, text=True)}px; min-height: {self.control_h(72)}px; }}
QPushButton[kind="compact"] {{ background: {c['secondary']}; color: {c['secondary_fg']};
               border: {max(2, self.px(3))}px solid {c['border']}; min-height: {self.control_h(64)}px;
               font-size: {self.px(28, text=True)}px; padding: 0 {self.px(24)}px; }}
QPushButton:checked {{ background: {c['ok']}; color: {c['ok_fg']}; border-color: {c['ok']}; }}
QLabel#step {{ font-size: {self.px(24, text=True)}px; padding: {self.px(6)}px {self.px(14)}px;
               border-radius: {self.px(18)}px; color: {c['muted']}; background: {c['secondary']}; }}
QLabel#step[current="true"] {{ background: {c['accent']}; color: {c['accent_fg']}; font-weight: bold; }}
QLabel#step[done="true"] {{ background: {c['ok']}; color: {c['ok_fg']}; }}
QLabel#stage {{ font-size: {self.px(30, text=True)}px; padding: {self.px(14)}px {self.px(14)}px;
               border-radius: {radius}px; color: {c['muted']}; background: {c['secondary']};
               border: {max(2, self.px(3))}px solid {c['border']}; }}
QLabel#stage[current="true"] {{ background: {c['accent']}; color: {c['accent_fg']}; font-weight: bold;
               border-color: {c['accent']}; }}
QLabel#stage[done="true"] {{ background: {c['ok']}; color: {c['ok_fg']}; border-color: {c['ok']}; }}
QProgressBar {{ min-height: {self.px(44)}px; max-height: {self.px(44)}px; border-radius: {self.px(22)}px;
               border: {max(2, self.px(3))}px solid {c['border']}; background: {c['panel']}; }}
QProgressBar::chunk {{ background: {c['accent']}; border-radius: {self.px(19)}px; }}
QLabel#fact {{ font-size: {self.px(FACT_PX, text=True)}px; font-weight: bold; }}
QLabel#passed {{ font-size: {body}px; color: {c['ok']}; font-weight: bold; }}
QPushButton[kind="field"]:checked {{ background: {c['panel']}; color: {c['accent']}; border: {max(2, self.px(3))}px solid {c['accent']};
               text-decoration: underline; }}
"""
