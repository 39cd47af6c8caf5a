"""The layering rules: the core is pure (no editor protocol), every module says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "server" / "backend_organizer"
PROTOCOL = {"pygls", "lsprotocol", "pytest_lsp"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_imports_no_protocol_library_and_no_outer_layer():
    offenders = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        tree = ast.parse(path.read_text())
        bad = _imports(path) & PROTOCOL
        outer = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.level >= 2
            and node.module
            and node.module.split(".")[0] in {"lsp", "cli"}
        ]
        if bad or outer:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad) + outer}")
    assert offenders == []


def test_cli_does_not_import_the_server_at_module_level():
    tree = ast.parse((PACKAGE / "cli" / "main.py").read_text())
    top = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module and "lsp" in n.module]
    assert top == []  # the server starts only for `backend-organizer lsp`


def test_every_module_has_a_docstring():
    missing = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []


def test_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {k: v for k, v in sizes.items() if v > 450} == {}


#: Which core subpackages each one may import (the data flow: scan → decide → rules → verify; apply stands apart).
#: The modules directly in core/ (errors, model, categories, config-free data; planner, report, api on top) are
#: checked by ``test_core_base_modules_import_no_subpackage``.
LAYERS = {
    "scan": set(),
    "decide": {"scan"},
    "rules": {"scan"},
    "verify": {"scan", "decide", "rules"},
    "apply": {"scan"},
}
BASE = {"errors", "model", "categories", "findings"}


def _core_targets(path: Path) -> set[str]:
    """The first component under core/ of every module of the engine that ``path`` imports (also lazily)."""
    here = path.relative_to(PACKAGE / "core").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = list(here)[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
        parts = base + (node.module.split(".") if node.module else [])
        if parts:
            found.add(parts[0])
        else:
            found.update(alias.name for alias in node.names)
    return found


def test_core_subpackages_follow_the_data_flow():
    offenders = []
    for layer, allowed in LAYERS.items():
        for path in sorted((PACKAGE / "core" / layer).rglob("*.py")):
            bad = {t for t in _core_targets(path) if t in LAYERS and t != layer and t not in allowed}
            bad |= {t for t in _core_targets(path) if t in {"planner", "report", "api"}}
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {sorted(bad)}")
    assert offenders == []


def test_core_base_modules_import_no_subpackage():
    offenders = []
    for name in sorted(BASE):
        path = PACKAGE / "core" / f"{name}.py"
        tree = ast.parse(path.read_text())
        guarded = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and id(node) not in guarded:
                target = (node.module or "").split(".")[0]
                if target in LAYERS:
                    offenders.append(f"{name}.py imports {node.module}")
    assert offenders == []


def test_cli_and_lsp_use_only_the_public_api_of_the_engine():
    offenders = []
    for path in sorted([*(PACKAGE / "cli").rglob("*.py"), *(PACKAGE / "lsp").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            deep = isinstance(node, ast.ImportFrom) and node.level == 2 and (node.module or "").startswith("core.")
            if deep and isinstance(node, ast.ImportFrom) and node.module != "core.api":
                offenders.append(f"{path.relative_to(PACKAGE)}: {node.module}")
    assert offenders == []


def test_api_exports_match_its_type_checking_imports():
    from backend_organizer.core import api

    tree = ast.parse((PACKAGE / "core" / "api.py").read_text())
    typed = {
        alias.name: "." * node.level + (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
        for alias in node.names
    }
    assert typed == api._EXPORTS
    for name in api.__all__:
        assert getattr(api, name) is not None


def _module_graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports: at module level, lazily inside a
    function, or only for type checking (a cycle through ``TYPE_CHECKING`` is still a cycle of the design)."""

    def name_of(path: Path) -> str:
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {name_of(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - (node.level - 1)] if node.level else []
                target = ".".join(base + (node.module.split(".") if node.module else []))
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    deps.add(full if full in modules else target)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_no_import_cycles():
    graph = _module_graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


HEAVY = ("libcst", "jedi", "parso", "pygls", "lsprotocol", "rich", "concurrent.futures", "multiprocessing")


def _modules_after(code: str, cwd: Path) -> set[str]:
    """The modules a fresh interpreter has loaded after ``code`` (which prints nothing of its own on stdout)."""
    import json
    import subprocess
    import sys

    probe = f"{code}\nimport json, sys\nprint('\\n@@' + json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.rsplit("\n@@", 1)[1]))


def test_help_and_plain_commands_do_not_import_what_they_do_not_need(tmp_path: Path) -> None:
    """Start-up is most of the time on a small backend: ``--help`` loads no engine code, ``plan --json`` and
    ``check`` load neither LibCST (simple imports are rewritten as text), jedi, the editor protocol, rich
    (nothing is printed for people) nor the process pool (only for large backends). No timing involved."""
    backend = tmp_path / "backend"
    backend.mkdir()
    (backend / "database.py").write_text("def get_db():\n    return 1\n")
    (backend / "models.py").write_text("import database\n\n\nclass User:\n    pass\n")
    (backend / "user_service.py").write_text(
        "import database as db\nfrom models import User\n\n\nclass UserService:\n    pass\n"
    )
    (backend / "main.py").write_text("from user_service import UserService\n")
    run = "from backend_organizer.cli.main import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"

    helped = _modules_after(run.format(argv=["--help"]), tmp_path)
    assert not {m for m in helped if m.startswith(("backend_organizer.core.", "backend_organizer.lsp"))} - {
        "backend_organizer.core.api"
    }
    assert not helped & set(HEAVY)

    planned = _modules_after(run.format(argv=["plan", str(backend), "--json"]), tmp_path)
    assert "backend_organizer.core.planner" in planned
    assert not planned & set(HEAVY), sorted(planned & set(HEAVY))

    checked = _modules_after(run.format(argv=["check", str(backend)]), tmp_path)
    assert "backend_organizer.core.verify.stale" in checked
    assert not checked & set(HEAVY), sorted(checked & set(HEAVY))
