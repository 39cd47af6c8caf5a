"""Keeping ``__file__``-relative paths pointing at the same place when a module moves one folder deeper.

``os.path.dirname(__file__)`` becomes ``os.path.dirname(os.path.dirname(__file__))``,
``Path(__file__).parent`` becomes ``Path(__file__).parent.parent`` (also after ``.resolve()``/``.absolute()``),
``.parents[k]`` becomes ``.parents[k+1]`` and ``.with_name(x)`` becomes ``.parent.parent / x``. Uses that do
not depend on the folder (``basename``, ``.name``, ``.stem``) are left alone; every other use of ``__file__``
is reported with its line, because the tool cannot prove where it points.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, Finding, TextEdit
from ..scan.index import FileIndex, dotted_name
from ..scan.sourcefile import SourceFile
from .context import FileWork, MoveContext, PlanState
from .protocol import RuleResult

if TYPE_CHECKING:
    from ..scan.project import Project

_DIRNAME = {"os.path.dirname", "path.dirname", "dirname", "osp.dirname"}
_ABS = {
    "os.path.abspath",
    "os.path.realpath",
    "os.path.normpath",
    "path.abspath",
    "path.realpath",
    "abspath",
    "realpath",
    "osp.abspath",
    "osp.realpath",
}
#: Calls whose result does not depend on the file's folder: the file itself, or its name.
_NEUTRAL = {
    "os.path.basename",
    "basename",
    "path.basename",
    "osp.basename",
    "os.path.splitext",
    "open",
    "io.open",
    "tokenize.open",
    "os.stat",
    "os.path.getmtime",
    "os.path.getsize",
    "os.path.exists",
    "os.path.isfile",
    "runpy.run_path",
    "compile",
}
_PATH_CTORS = {"Path", "pathlib.Path", "PurePath", "pathlib.PurePath"}
_PATH_NEUTRAL_ATTRS = {
    "name",
    "stem",
    "suffix",
    "suffixes",
    "read_text",
    "read_bytes",
    "open",
    "stat",
    "exists",
    "is_file",
}


class _FileExprs:
    """Recognises expressions that evaluate to a moved module's file, and by how many folders it moved."""

    def __init__(self, self_depth: int, module_depths: dict[str, int]):
        self.self_depth = self_depth
        self.module_depths = module_depths

    def file(self, node: ast.AST) -> int | None:
        """Depth for ``__file__`` / ``mod.__file__`` of a moved module, else None."""
        if isinstance(node, ast.Name) and node.id == "__file__":
            return self.self_depth or None
        if isinstance(node, ast.Attribute) and node.attr == "__file__" and isinstance(node.value, ast.Name):
            return self.module_depths.get(node.value.id)
        return None

    def file_string(self, node: ast.AST) -> int | None:
        """``__file__`` or ``abspath(__file__)``-like: a string path of the file."""
        depth = self.file(node)
        if depth is not None:
            return depth
        if isinstance(node, ast.Call) and dotted_name(node.func) in _ABS and len(node.args) == 1:
            return self.file_string(node.args[0])
        return None

    def file_path(self, node: ast.AST) -> int | None:
        """``Path(__file__)``, optionally ``.resolve()``/``.absolute()``: a Path of the file."""
        if isinstance(node, ast.Call) and dotted_name(node.func) in _PATH_CTORS and len(node.args) == 1:
            return self.file_string(node.args[0])
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"resolve", "absolute"}
            and not node.args
        ):
            return self.file_path(node.func.value)
        return None


_REASON = "the module is now in a package folder; keep pointing at the same folder"


def _walk_statements_on(tree: ast.Module, lines: frozenset[int] | None) -> Iterator[ast.AST]:
    """Every node of ``tree`` (``lines`` None), or of the statements whose lines hold one of ``lines``: each
    expression this rule reads contains a ``__file__``, so a statement without one on its lines has none."""
    if lines is None:
        yield from ast.walk(tree)
        return
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt) and not any(
                child.lineno <= line <= (child.end_lineno or 0) for line in lines
            ):
                continue
            pending.append(child)


def rewrite_file_paths(
    source: SourceFile,
    path: str,
    self_depth: int = 1,
    module_depths: dict[str, int] | None = None,
    lines: frozenset[int] | None = None,
) -> tuple[list[TextEdit], list[Finding]]:
    """Edits keeping ``__file__``-relative paths (of this module, or of moved modules it imports) in place.

    ``self_depth`` is how many folders deeper this file moves (0 when it stays); ``module_depths`` maps
    names bound to moved modules to how many folders deeper those moved; ``lines``, when known (the index's),
    are the lines where ``__file__`` is used: only the statements on them are looked into.
    """
    exprs = _FileExprs(self_depth, module_depths or {})
    tree = ast.parse(source.text)
    edits: list[TextEdit] = []
    findings: list[Finding] = []
    handled: set[int] = set()

    def mark(node: ast.AST) -> None:
        for sub in ast.walk(node):
            if exprs.file(sub) is not None:
                handled.add(id(sub))

    text = source.text
    file_nodes: list[ast.Name | ast.Attribute] = []
    for node in _walk_statements_on(tree, lines):
        if isinstance(node, (ast.Name, ast.Attribute)) and exprs.file(node) is not None:
            file_nodes.append(node)
        if isinstance(node, ast.Call) and dotted_name(node.func) in _DIRNAME and len(node.args) == 1:
            depth = exprs.file_string(node.args[0])
            if depth is not None:
                start, end = source.node_span(node)
                func_start, func_end = source.node_span(node.func)
                func = text[func_start:func_end]
                edits.append(TextEdit(start, end, f"{func}(" * depth + text[start:end] + ")" * depth, "path", _REASON))
                mark(node)
        elif isinstance(node, ast.Call) and dotted_name(node.func) in _NEUTRAL and node.args:
            if exprs.file_string(node.args[0]) is not None:
                mark(node)
        elif isinstance(node, ast.Attribute):
            depth = exprs.file_path(node.value)
            if depth is None:
                continue
            if node.attr == "parent":
                _, end = source.node_span(node)
                edits.append(TextEdit(end, end, ".parent" * depth, "path", _REASON))
                mark(node)
            elif node.attr in _PATH_NEUTRAL_ATTRS or node.attr in {"parents", "with_name"}:
                mark(node)  # ``parents[k]`` and ``with_name(x)`` are rewritten by the branches below
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            depth = exprs.file_path(node.value.value)
            if depth is not None and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
                start, end = source.node_span(node.slice)
                edits.append(TextEdit(start, end, str(node.slice.value + depth), "path", _REASON))
                mark(node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "with_name"
            and len(node.args) == 1
        ):
            depth = exprs.file_path(node.func.value)
            if depth is not None:
                base_start, base_end = source.node_span(node.func.value)
                arg_start, arg_end = source.node_span(node.args[0])
                start, end = source.node_span(node)
                new = f"({text[base_start:base_end]}{'.parent' * (depth + 1)} / {text[arg_start:arg_end]})"
                edits.append(TextEdit(start, end, new, "path", "a sibling of the module's old location"))
                mark(node)
    for node in file_nodes:
        if id(node) not in handled:
            findings.append(
                Finding(
                    path,
                    node.lineno,
                    "file-relative-path",
                    "__file__ is used in a way the tool cannot follow; after the move it points "
                    "into the package folder, so check paths built from it",
                )
            )
    edits = _drop_nested(edits)
    for edit in edits:
        findings.append(
            Finding(
                path,
                source.line_of(edit.start),
                "file-relative-path-rewritten",
                "__file__-relative path rewritten so it still points at the same folder",
                "info",
            )
        )
    return edits, findings


def _drop_nested(edits: list[TextEdit]) -> list[TextEdit]:
    """Keep only the innermost edit where rewrites nest (``with_name`` around ``Path(__file__)``)."""
    kept: list[TextEdit] = []
    for edit in sorted(edits, key=lambda e: (e.end - e.start, e.start)):
        if any(k.start >= edit.start and k.end <= edit.end and k != edit and k.start != k.end for k in kept):
            continue
        kept.append(edit)
    return sorted(kept)


def moved_module_depths(ctx: MoveContext, index: FileIndex) -> dict[str, int]:
    """Names the file binds to moved modules, with how many folders deeper each module moved."""
    depths: dict[str, int] = {}
    for stmt in index.imports:
        for alias in stmt.names:
            if alias.name == "*":
                continue
            if stmt.is_from:
                if stmt.level:
                    chain = ctx.old.resolve_relative(index.path, stmt.level, stmt.module)
                else:
                    chain = ctx.old.resolve_from(index.path, stmt.module or "")
                target = ctx.old.submodule(chain[-1], alias.name) if chain else None
            else:
                chain = ctx.old.resolve_from(index.path, alias.name)
                target = chain[-1] if chain and (alias.asname or "." not in alias.name) else None
            if target is not None and target.path in ctx.moves:
                depth = ctx.moves[target.path].count("/") - target.path.count("/")
                if depth > 0:
                    depths[alias.asname or alias.name] = depth
    return depths


class PathRule:
    """``__file__``-relative paths of a moved module, and of moved modules a file imports, keep their folder."""

    name = "paths"
    reads = frozenset({"file_uses", "module_file_uses"})
    kinds: frozenset[EditKind] = frozenset({"path"})
    keeps_syntax = False
    in_cells = False  # a notebook has no ``__file__``
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        return set()  # moved files and their importers, which the import rule affects

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        index = file.index
        self_depth = file.new_path.count("/") - file.path.count("/") if index.file_uses else 0
        module_depths = moved_module_depths(state.ctx, index) if index.module_file_uses else {}
        if not (self_depth or module_depths):
            return RuleResult()
        lines = frozenset(index.file_uses) | frozenset(index.module_file_uses)
        edits, findings = rewrite_file_paths(file.source, file.path, self_depth, module_depths, lines)
        return RuleResult(tuple(edits), tuple(findings))


RULE = PathRule()
