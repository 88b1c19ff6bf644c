"""Write the booth's two short sounds (countdown tick and shutter) as small WAV files into kiosk/assets/sounds.

The project writes its own sounds (nothing downloaded): run once after changing them; the files are committed.
"""

from __future__ import annotations

import math
import random
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "kiosk" / "assets" / "sounds"


def _write(name: str, samples: list[float]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / name), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 30000)) for s in samples))


def tick() -> list[float]:
    n = int(RATE * 0.14)
    return [0.6 * math.sin(2 * math.pi * 880 * i / RATE) * min(1.0, i / 200) * (1 - i / n) ** 2 for i in range(n)]


def shutter() -> list[float]:
    rng = random.Random(7)
    n = int(RATE * 0.18)
    out = []
    for i in range(n):
        t = i / n
        click = 0.9 * math.exp(-i / 60) if i < 600 else 0.0
        second = 0.7 * math.exp(-(i - int(n * 0.55)) / 80) if i >= int(n * 0.55) else 0.0
        out.append((click + second) * (rng.random() * 2 - 1) + 0.15 * math.sin(2 * math.pi * 1320 * i / RATE) * (1 - t))
    return out


if __name__ == "__main__":
    _write("tick.wav", tick())
    _write("shutter.wav", shutter())
    print("wrote", ", ".join(p.name for p in sorted(OUT.glob("*.wav"))))
