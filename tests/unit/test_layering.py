"""The dependency rules of DESIGN.md §2, checked on the real import graph."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop

ROOT = Path(desktop.__file__).parent


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages([str(ROOT)], prefix="desktop."))


def test_nothing_outside_ui_imports_pyside6() -> None:
    # __main__ runs the CLI and the Alembic env.py runs migrations: both only make sense when run.
    names = [m for m in _modules()
             if not m.startswith("desktop.ui") and m not in ("desktop.cli.__main__", "desktop.storage.migrations.env")]
    assert "desktop.cli.main" in names and "desktop.storage.migrate" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_domain_imports_no_other_layer() -> None:
    allowed = {"desktop.errors", "desktop.i18n"}
    for path in (ROOT / "domain").rglob("*.py"):
        ours = {m for m in _imports(path) if m.startswith("desktop")}
        assert ours <= allowed | {m for m in ours if m.startswith("desktop.domain")}, path


def test_services_and_storage_never_import_ui_or_cli() -> None:
    for layer in ("domain", "storage", "services", "reports", "sync"):
        for path in (ROOT / layer).rglob("*.py"):
            bad = {m for m in _imports(path) if m.startswith(("desktop.ui", "desktop.cli"))}
            assert not bad, f"{path} imports {bad}"
