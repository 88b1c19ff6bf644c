"""Fill one source string's translation in every .ts file, editing the text in place (lupdate keeps the rest).

Usage: set_translation.py CONTEXT SOURCE en=... zh_CN=... zh_TW=... ko=... es=... pt=...
Run scripts/update_translations.sh first so the new source string is in the files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

I18N = Path(__file__).resolve().parents[1] / "kiosk" / "ui" / "i18n"


def set_translation(context: str, source: str, translations: dict[str, str]) -> list[str]:
    changed = []
    quoted = {'"': "&quot;", "'": "&apos;"}
    for code, text in translations.items():
        path = I18N / f"{code}.ts"
        raw = path.read_text(encoding="utf-8")
        block = re.search(r"<context>\s*<name>" + re.escape(context) + r"</name>.*?</context>", raw, re.S)
        if block is None:
            continue
        pattern = re.compile(r"(<source>" + re.escape(escape(source, quoted)) + r"</source>\s*)<translation[^>]*>.*?</translation>", re.S)
        element = "<translation>" + escape(text, quoted) + "</translation>"
        new_block, count = pattern.subn(lambda m, e=element: m.group(1) + e, block.group(0))
        if count:
            raw = raw[: block.start()] + new_block + raw[block.end():]
            path.write_text(raw, encoding="utf-8")
            changed.append(code)
    return changed


if __name__ == "__main__":
    context, source, *pairs = sys.argv[1:]
    done = set_translation(context, source, dict(p.split("=", 1) for p in pairs))
    print("set:", ", ".join(done) or "nothing (run scripts/update_translations.sh first)")
