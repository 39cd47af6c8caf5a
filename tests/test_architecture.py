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
