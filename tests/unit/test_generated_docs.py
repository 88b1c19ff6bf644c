"""The generated docs (flow diagram, configuration table, UI contract) match the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current(qapp) -> None:  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [str(path.relative_to(ROOT)) for path, text in module.generate().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run scripts/gen_docs.py: stale {stale}"
