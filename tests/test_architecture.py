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
    modules = sorted(_module_name(p)[0] for p in CORE.rglob("*.py") if p.stem != "__main__")
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + (
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


ROOT = CORE.parent
UI = ROOT / "ui"


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _modules() -> dict[str, Path]:
    return {_module_name(p)[0]: p for folder in (CORE, UI) for p in folder.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]):
    """(module imported, names taken from it, line) for every import of the project's own
    modules in ``path``: at its top, inside a function, or for annotations only."""
    name, is_package = _module_name(path)
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] not in ("regiegroep", "ui"):
                continue
            taken = []
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:  # from package import module
                    yield f"{source}.{alias.name}", [], node.lineno
                else:
                    taken.append(alias.name)
            if taken and source in modules:
                yield source, taken, node.lineno


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {imported for imported, _names, _line in _imports(path, modules)
                   if imported != name}
            for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    cycles, done = [], set()

    def visit(module, path):
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                cycles.append(" -> ".join(path[path.index(imported):] + [imported]))
            elif imported not in done:
                visit(imported, path + [imported])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    return cycles


def test_no_import_circle_in_the_core_or_the_ui():
    """Every import counts, also one inside a function or for annotations only: a circle
    through a late import is still two rooms that cannot be understood one without the
    other."""
    graph = _graph()
    assert _cycles(graph) == []
    assert "ui.app" not in graph["ui.main_window"] and "ui.main" not in graph["ui.app"]


def test_the_circle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a -> b -> c -> a"]


def test_no_module_takes_another_modules_private_names():
    """What rooms share is declared: a public, typed API (the store's unit of work, who is
    signed in, the permission check), never an underscore name of another module."""
    modules, offenders = _modules(), []
    for name, path in modules.items():
        for imported, names, line in _imports(path, modules):
            for taken in names:
                if taken.startswith("_") and taken != "_" and not taken.startswith("__"):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} takes {taken} from {imported}")
    assert offenders == []


def test_no_module_reaches_into_the_registers_private_parts():
    """The rooms use the register's public API (write, event, require, who), not its
    underscore attributes."""
    import re

    reach = re.compile(r"\b(?:register|store|self\.register)\._[a-z]\w*")
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}"
                 for p in _modules().values() if p.name != "register.py"
                 for m in reach.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_package_of_the_core_says_which_articles_it_carries_out():
    silent = []
    for init in CORE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if len(doc) < 80:
            silent.append(str(init.relative_to(ROOT)))
    assert silent == []


def test_readme_maps_every_package_and_module_of_the_core():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Working on the code"):]
    missing = []
    for path in CORE.rglob("*.py"):
        name, is_package = _module_name(path)
        shown = path.parent.name + "/" if is_package else path.name
        if path.name == "__main__.py":
            continue
        if shown not in section:
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_the_main_window_composes_parts_instead_of_inheriting_them():
    """MainWindow is a QMainWindow and nothing else of ours: its jobs are parts it holds,
    each an object with its own state (issue 20), reached as ``window.<part>``."""
    tree = ast.parse((CORE.parent / "ui" / "main_window.py").read_text(encoding="utf-8"))
    window = next(node for node in tree.body
                  if isinstance(node, ast.ClassDef) and node.name == "MainWindow")
    assert [ast.unparse(base) for base in window.bases] == ["QMainWindow"]
    init = next(node for node in window.body
                if isinstance(node, ast.FunctionDef) and node.name == "__init__")
    parts = {target.attr: ast.unparse(node.value.func) for node in ast.walk(init)
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
             for target in node.targets if isinstance(target, ast.Attribute)
             and node.value.args and ast.unparse(node.value.args[0]) == "self"}
    assert {"session", "menus", "filters", "applications", "documents", "exchange",
            "registers", "manage"} <= set(parts), parts
    for name in ("session", "menus", "filters", "applications", "documents", "exchange",
                 "registers", "management"):
        module = ast.parse((CORE.parent / "ui" / f"{name}.py").read_text(encoding="utf-8"))
        for node in module.body:
            if isinstance(node, ast.ClassDef) and node.name in parts.values():
                assert node.bases == [], f"{node.name} inherits {ast.unparse(node.bases[0])}"
