"""The run-by-path bootstrap: a moved script of an import-root backend keeps running as ``python scripts/seed.py``.

After the move, the script's folder is first on ``sys.path`` instead of the backend's: three lines inserted
after the docstring and ``from __future__`` imports put the backend folder back (only when the file runs
without a package, so ``python -m scripts.seed`` is untouched). The planner decides from run evidence which
moved files get it (``PlanState.bootstrapped``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, Finding, TextEdit
from ..scan.sourcefile import SourceFile
from .context import FileWork, PlanState
from .protocol import RuleResult

if TYPE_CHECKING:
    from ..scan.project import Project

_HEADER_LINE = re.compile(r"#!|[ \t\f]*#.*coding[:=]")

BOOTSTRAP = (
    "if not __package__:  # run by path (python {path}): make the project's packages importable{nl}"
    "    import os{nl}"
    "    import sys{nl}"
    "{nl}"
    "    sys.path.insert(0, {expr}){nl}"
    "{nl}"
)


def bootstrap_edit(source: SourceFile, tree: ast.Module, new_path: str, depth: int) -> TextEdit:
    """Insert the run-by-path bootstrap after the docstring and ``from __future__`` imports."""
    insert_line = 1
    # a shebang and a coding declaration must stay the first lines of the file
    while insert_line <= min(2, len(source.starts)) and _HEADER_LINE.match(source.line_text(insert_line)):
        insert_line += 1
    for stmt in tree.body:
        is_doc = (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)
        )
        is_future = isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"
        if (is_doc and stmt is tree.body[0]) or is_future:
            insert_line = (stmt.end_lineno or stmt.lineno) + 1
            continue
        break
    expr = "os.path.abspath(__file__)"
    for _ in range(depth + 1):
        expr = f"os.path.dirname({expr})"
    nl = source.newline
    starts = source.starts
    at = starts[insert_line - 1] if insert_line - 1 < len(starts) else len(source.text)
    prefix = ""
    if at == len(source.text) and source.text and not source.text.endswith(("\n", "\r")):
        prefix = nl
    text = prefix + BOOTSTRAP.format(path=new_path, nl=nl, expr=expr)
    return TextEdit(at, at, text, "script", "keeps running it by path working after the move", certain=True)


class BootstrapRule:
    """Moved runnable scripts get the run-by-path bootstrap."""

    name = "bootstrap"
    reads: frozenset[str] = frozenset()
    kinds: frozenset[EditKind] = frozenset({"script"})
    keeps_syntax = False
    in_cells = False
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        return set()  # only moved files, which every plan looks at

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        if file.path not in state.bootstrapped:
            return RuleResult()
        depth = file.new_path.count("/") - file.path.count("/")
        edit = bootstrap_edit(file.source, ast.parse(file.source.text), file.new_path, depth)
        finding = Finding(
            file.path,
            1,
            "script-bootstrap",
            f"added a run-by-path bootstrap so `python {file.new_path}` keeps working",
            "info",
        )
        return RuleResult((edit,), (finding,))


RULE = BootstrapRule()
