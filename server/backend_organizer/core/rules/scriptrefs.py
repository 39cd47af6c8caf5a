"""Script invocations and file paths inside Python code.

A script moved into ``scripts/`` no longer runs as ``python seed.py``. In Python code the tool rewrites what
it can prove: argument lists such as ``[sys.executable, "seed.py", ...]`` become
``[sys.executable, "-m", "scripts.seed", ...]``, and paths built from the file's own folder
(``Path(__file__).parent / "seed.py"``, ``os.path.join(HERE, "seed.py")``) get the new relative path.
(The bootstrap that keeps a moved script runnable by path is :mod:`.bootstrap`.)
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, TextEdit
from ..scan.index import dotted_name
from ..scan.sourcefile import SourceFile
from .context import FileWork, PlanState, files_whose_strings_mention, move_names, strings_mention
from .protocol import RuleResult
from .renamer import Renamer

if TYPE_CHECKING:
    from ..scan.project import Project

_PYTHON = re.compile(r"python(?:\d+(?:\.\d+)*)?\Z")
_DIRNAME = {"os.path.dirname", "path.dirname", "dirname", "osp.dirname"}
_ABS = {"os.path.abspath", "os.path.realpath", "abspath", "realpath", "os.path.normpath"}
_JOIN = {"os.path.join", "path.join", "join", "osp.join"}


def _is_file(node: ast.AST) -> bool:
    if isinstance(node, ast.Name) and node.id == "__file__":
        return True
    return (
        isinstance(node, ast.Call) and dotted_name(node.func) in _ABS and len(node.args) == 1 and _is_file(node.args[0])
    )


def _is_own_dir(node: ast.AST, names: set[str]) -> bool:
    """Whether ``node`` evaluates to this file's folder (before any rewriting)."""
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Call) and dotted_name(node.func) in _DIRNAME and len(node.args) == 1:
        return _is_file(node.args[0])
    if isinstance(node, ast.Call) and dotted_name(node.func) in _ABS and len(node.args) == 1:
        return _is_own_dir(node.args[0], names)
    if isinstance(node, ast.Call) and dotted_name(node.func) in {"str", "os.fspath"} and len(node.args) == 1:
        return _is_own_dir(node.args[0], names)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = node.value
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr in {"resolve", "absolute"}
        ):
            inner = inner.func.value
        return (
            isinstance(inner, ast.Call)
            and dotted_name(inner.func) in {"Path", "pathlib.Path"}
            and len(inner.args) == 1
            and _is_file(inner.args[0])
        )
    return False


def _own_dir_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and _is_own_dir(stmt.value, names)
        ):
            names.add(stmt.targets[0].id)
    return names


def _literal(source: SourceFile, node: ast.Constant) -> tuple[int, int, str] | None:
    """``(start, end, quote)`` of a plain string literal that spells its value verbatim."""
    start, end = source.node_span(node)
    text = source.text[start:end]
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0] and text[1:-1] == node.value:
        return start, end, text[0]
    return None


class ScriptRefs:
    """Rewrites script and file references in one Python file."""

    def __init__(self, renamer: Renamer):
        self.renamer = renamer
        self.backend = renamer.backend

    def _resolve(self, base: str, rel: str) -> tuple[str, str] | None:
        return self.renamer.path(rel, base)

    def rewrite(self, source: SourceFile, path: str) -> list[TextEdit]:
        tree = ast.parse(source.text)
        own = _own_dir_names(tree)
        here = posixpath.dirname(path)
        edits: list[TextEdit] = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple)):
                edits.extend(self._argv(source, node, here))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                if (
                    _is_own_dir(node.left, own)
                    and isinstance(node.right, ast.Constant)
                    and isinstance(node.right.value, str)
                ):
                    edits.extend(self._path(source, node.right, here))
            elif (
                isinstance(node, ast.Call)
                and dotted_name(node.func) in _JOIN
                and len(node.args) == 2
                and _is_own_dir(node.args[0], own)
            ):
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    edits.extend(self._path(source, arg, here))
        return edits

    def _argv(self, source: SourceFile, node: ast.List | ast.Tuple, here: str) -> list[TextEdit]:
        edits = []
        for first, second in zip(node.elts, node.elts[1:], strict=False):
            interpreter = dotted_name(first) == "sys.executable" or (
                isinstance(first, ast.Constant) and isinstance(first.value, str) and _PYTHON.match(first.value)
            )
            if isinstance(first, ast.Constant) and first.value == "-m":
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    renamed = self.renamer.module(second.value, "")
                    literal = _literal(source, second)
                    if renamed and literal:
                        start, end, quote = literal
                        edits.append(
                            TextEdit(
                                start,
                                end,
                                f"{quote}{renamed}{quote}",
                                "script",
                                f"module {second.value} moved to {renamed}",
                                certain=False,
                            )
                        )
                continue
            if not interpreter or not (isinstance(second, ast.Constant) and isinstance(second.value, str)):
                continue
            if not second.value.endswith(".py"):
                continue
            found = self._resolve(self.backend, second.value.removeprefix("./"))
            literal = _literal(source, second)
            if found is None or literal is None:
                continue
            start, end, quote = literal
            module = self.renamer.run_module(found[1], self.backend)
            if module is not None:
                new = f"{quote}-m{quote}, {quote}{module}{quote}"
                reason = f"{second.value} moved to {found[1]}; run it as a module"
            else:
                new = f"{quote}{posixpath.relpath(found[1], self.backend or '.')}{quote}"
                reason = f"{second.value} moved to {found[1]}"
            edits.append(TextEdit(start, end, new, "script", reason, certain=False))
        return edits

    def _path(self, source: SourceFile, node: ast.Constant, here: str) -> list[TextEdit]:
        value = node.value
        assert isinstance(value, str)
        found = self._resolve(here, value)
        literal = _literal(source, node)
        if found is None or literal is None:
            return []
        start, end, quote = literal
        new_rel = posixpath.relpath(found[1], here or ".")
        return [
            TextEdit(
                start,
                end,
                f"{quote}{new_rel}{quote}",
                "path",
                f"path of {found[0]}, which moved to {found[1]}",
                certain=False,
            )
        ]


class ScriptRule:
    """Argument lists that run a moved script and file-relative paths to it, in Python code."""

    name = "scripts"
    reads = frozenset({"dotted"})
    kinds: frozenset[EditKind] = frozenset({"script", "path"})
    keeps_syntax = False
    in_cells = False
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        """Files with a string naming a moved file."""
        return files_whose_strings_mention(project, move_names(moves))

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        if not strings_mention(file.index, state.moved_names):
            return RuleResult()
        # what it cannot prove is reported by the string rule, which sees the same literals
        return RuleResult(tuple(ScriptRefs(state.renamer).rewrite(file.source, file.path)))


RULE = ScriptRule()
