"""Layering that import-linter cannot express: below the ui, nothing imports QtWidgets or QtGui."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
BELOW_UI = ["flow", "devices", "photo", "store", "server", "config.py", "log.py", "watchdog.py", "metrics.py"]
FORBIDDEN = ("PySide6.QtWidgets", "PySide6.QtGui", "kiosk.ui", "kiosk.app")


def _modules() -> list[Path]:
    found: list[Path] = []
    for name in BELOW_UI:
        path = KIOSK / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(KIOSK)))
def test_no_widgets_below_the_ui(path: Path) -> None:
    bad = [n for n in _imports(path) if n.startswith(FORBIDDEN)]
    assert not bad, f"{path.relative_to(KIOSK)} imports {bad}"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from PySide6.QtWidgets import QLabel\n")
    assert any(n.startswith(FORBIDDEN) for n in _imports(module))
