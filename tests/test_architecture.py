"""The core never imports Qt or the front end: one arrow only, ui -> regiegroep."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "regiegroep"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")


def test_core_source_imports_no_qt_and_no_ui():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.name}:{node.lineno} imports {name}")
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem not in ("__main__",))
    code = "import sys\n" + "".join(f"import regiegroep.{m}\n" for m in modules if m != "__init__") + (
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


UI = CORE.parent / "ui"


def _ui_imports(path: Path) -> set[str]:
    """The ui modules ``path`` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("ui.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "ui":  # from ui import settings
                found |= {f"ui.{alias.name}" for alias in node.names}
            elif node.module.startswith("ui."):
                found.add(node.module)
    return {name for name in found if (UI / (name.removeprefix("ui.") + ".py")).exists()}


def test_the_ui_modules_import_each_other_one_way_only():
    graph = {f"ui.{p.stem}": _ui_imports(p) for p in UI.glob("*.py")}
    cycles = []

    def visit(module, path):
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                cycles.append(" -> ".join(path[path.index(imported):] + [imported]))
            elif imported not in done:
                visit(imported, path + [imported])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == []
    assert "ui.app" not in graph["ui.main_window"] and "ui.main" not in graph["ui.app"]
