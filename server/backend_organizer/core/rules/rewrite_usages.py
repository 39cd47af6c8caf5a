"""Rewriting attribute chains that reach a moved module through a package: ``backend.database.load()``.

Only needed where a name is bound to a *package* that contains a moved module (``import backend.database``,
``import backend``, ``from backend import sub``): there ``backend.database`` must become
``backend.database.database``. Chains inside functions that rebind the name are left alone, and so are chains
through a package whose ``__init__`` rebinds the submodule's name (the attribute is then not the module).
String annotations (``"backend.models.User"``) get the same treatment. The file is re-parsed here; the cheap
index does not keep trees.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from ..model import EditKind, Finding, TextEdit
from ..scan.index import FileIndex, dotted_name
from ..scan.layout import Target, join, parent_dir, search_root_of
from ..scan.sourcefile import SourceFile
from .context import FileWork, MoveContext, PlanState
from .protocol import RuleResult

if TYPE_CHECKING:
    from ..scan.project import Project


class Binding(NamedTuple):
    """A name bound to a package: its absolute dotted name and the search root it was found in."""

    dotted: str
    root: str


def package_bindings(ctx: MoveContext, index: FileIndex, containers: set[str]) -> dict[str, Binding]:
    """Names the file binds to packages that contain moved modules."""
    old = ctx.old
    bindings: dict[str, Binding] = {}

    def holds_moved(target: Target) -> bool:
        return target.kind != "module" and any(d in containers for d in target.dirs)

    for stmt in index.imports:
        if not stmt.is_from:
            for alias in stmt.names:
                chain = old.resolve_from(index.path, alias.name)
                if chain is None:
                    continue
                root = search_root_of(chain[0])
                if alias.asname:
                    if holds_moved(chain[-1]):
                        bindings[alias.asname] = Binding(alias.name, root)
                elif holds_moved(chain[0]):
                    first = alias.name.split(".")[0]
                    bindings[first] = Binding(first, root)
            continue
        if stmt.level:
            chain = old.resolve_relative(index.path, stmt.level, stmt.module)
            base = old.relative_base(index.path, stmt.level)
            absolute = f"{base}.{stmt.module}" if stmt.module else base
            root = old.top_package_parent(parent_dir(index.path))
        else:
            chain = old.resolve_from(index.path, stmt.module or "")
            absolute = stmt.module
            root = search_root_of(chain[0]) if chain else ""
        if chain is None or absolute is None or chain[-1].kind == "module":
            continue
        for alias in stmt.names:
            if alias.name == "*":
                continue
            sub = old.submodule(chain[-1], alias.name)
            if sub is not None and holds_moved(sub):
                bindings[alias.asname or alias.name] = Binding(f"{absolute}.{alias.name}", root)
    return bindings


class _ScopeVisitor(ast.NodeVisitor):
    """Collects chain nodes rooted at bound names, skipping scopes that rebind those names."""

    def __init__(self, names: set[str]):
        self.names = names
        self.shadowed: list[set[str]] = [set()]
        self.chains: list[ast.Attribute] = []
        self.annotations: list[ast.Constant] = []

    def _locals(self, node: ast.AST) -> set[str]:
        found: set[str] = set()
        args = getattr(node, "args", None)
        if isinstance(args, ast.arguments):
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    found.add(arg.arg)
        body = node.body if isinstance(getattr(node, "body", None), list) else []  # type: ignore[attr-defined]
        declared_global: set[str] = set()
        for stmt in body:
            for sub in ast.walk(stmt):
                if isinstance(sub, (ast.Global, ast.Nonlocal)):
                    declared_global.update(sub.names)
                elif isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                    found.add(sub.id)
        return (found - declared_global) & self.names

    def _scoped(self, node: ast.AST) -> None:
        self.shadowed.append(self.shadowed[-1] | self._locals(node))
        self.generic_visit(node)
        self.shadowed.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_annotations(node)
        self._scoped(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_annotations(node)
        self._scoped(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._collect_strings(node.annotation)
        self.generic_visit(node)

    def _visit_annotations(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None and arg.annotation is not None:
                self._collect_strings(arg.annotation)
        if node.returns is not None:
            self._collect_strings(node.returns)

    def _collect_strings(self, annotation: ast.AST) -> None:
        for sub in ast.walk(annotation):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                self.annotations.append(sub)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = dotted_name(node)
        if dotted is None:
            self.generic_visit(node)
            return
        root = dotted.split(".", 1)[0]
        if root in self.names and root not in self.shadowed[-1]:
            self.chains.append(node)


def _init_rebinds(ctx: MoveContext, module_path: str, indexes: dict[str, FileIndex]) -> bool:
    init = join(parent_dir(module_path), "__init__.py")
    index = indexes.get(init)
    name = module_path.rsplit("/", 1)[-1][:-3]
    return index is not None and name in index.top_names


class UsageRewriter:
    """Computes chain edits for one file."""

    def __init__(self, ctx: MoveContext, indexes: dict[str, FileIndex]):
        self.ctx = ctx
        self.indexes = indexes

    def _new_chain(self, binding: Binding, parts: list[str], importer_new: str) -> tuple[int, str] | None:
        """``(n_parts_replaced, replacement)`` for a chain ``parts`` rooted at a binding, if it changes."""
        old = self.ctx.old
        base = binding.dotted.split(".")
        full = base + parts[1:]
        for count in range(len(base) + 1, len(full) + 1):
            chain = old.resolve(".".join(full[:count]), (binding.root,))
            if chain is None:
                return None
            target = chain[-1]
            if target.kind != "module":
                continue
            if target.path not in self.ctx.moves or _init_rebinds(self.ctx, target.path, self.indexes):
                return None
            spelled = self.ctx.new.spell_absolute(importer_new, self.ctx.moved(target.path), binding.root)
            if spelled is None or not spelled.startswith(binding.dotted + "."):
                return None
            used = count - len(base) + 1
            return used, parts[0] + spelled[len(binding.dotted) :]
        return None

    def rewrite(
        self, source: SourceFile, index: FileIndex, bindings: dict[str, Binding], importer_new: str
    ) -> tuple[list[TextEdit], list[Finding]]:
        tree = ast.parse(source.text)
        visitor = _ScopeVisitor(set(bindings))
        visitor.visit(tree)
        edits: list[TextEdit] = []
        findings: list[Finding] = []
        for node in visitor.chains:
            edit = self._chain_edit(node, bindings, importer_new, source, 0, 0)
            if edit is not None:
                edits.append(edit)
        for const in visitor.annotations:
            edits.extend(self._annotation_edits(const, bindings, importer_new, source, findings, index.path))
        return edits, findings

    def _chain_edit(
        self,
        node: ast.Attribute,
        bindings: dict[str, Binding],
        importer_new: str,
        source: SourceFile,
        base_offset: int,
        line_delta: int,
    ) -> TextEdit | None:
        dotted = dotted_name(node)
        assert dotted is not None
        parts = dotted.split(".")
        binding = bindings.get(parts[0])
        if binding is None:
            return None
        found = self._new_chain(binding, parts, importer_new)
        if found is None:
            return None
        used, replacement = found
        target: ast.expr = node
        for _ in range(len(parts) - used):
            assert isinstance(target, ast.Attribute)
            target = target.value
        if base_offset:
            start = base_offset + target.col_offset
            end = base_offset + (target.end_col_offset or 0)
        else:
            start, end = source.node_span(target)
        return TextEdit(start, end, replacement, "usage", f"{'.'.join(parts[:used])} is now {replacement}")

    def _annotation_edits(
        self,
        const: ast.Constant,
        bindings: dict[str, Binding],
        importer_new: str,
        source: SourceFile,
        findings: list[Finding],
        path: str,
    ) -> list[TextEdit]:
        value = const.value
        if not isinstance(value, str) or not any(value.lstrip().startswith(name) for name in bindings):
            return []
        start, end = source.node_span(const)
        literal = source.text[start:end]
        quote = literal[-1:]
        body_start = literal.find(quote) + 1 if quote in "'\"" else -1
        if body_start <= 0 or literal[body_start : len(literal) - 1] != value or "\n" in value:
            findings.append(
                Finding(
                    path,
                    const.lineno,
                    "annotation-not-rewritten",
                    f"string annotation {value!r} may name a moved module; check it by hand",
                )
            )
            return []
        try:
            expr = ast.parse(value, mode="eval")
        except SyntaxError:
            return []
        visitor = _ScopeVisitor(set(bindings))
        visitor.visit(expr)
        edits = []
        for node in visitor.chains:
            edit = self._chain_edit(node, bindings, importer_new, source, start + body_start, 0)
            if edit is not None:
                edits.append(
                    TextEdit(
                        edit.start,
                        edit.end,
                        edit.new_text,
                        "usage",
                        "string annotation: " + edit.reason,
                        certain=True,
                    )
                )
        return edits


class UsageRule:
    """Attribute chains through moved package folders (``pkg.mod.f``) and string annotations naming them."""

    name = "usages"
    reads = frozenset({"annotation"})
    kinds: frozenset[EditKind] = frozenset({"usage"})
    keeps_syntax = True
    in_cells = False  # a cell uses what earlier cells imported: bindings cross cells
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        return set()  # only importers of the moved packages, which the import rule affects

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        containers = state.containers
        bindings = package_bindings(state.ctx, file.index, containers) if containers else {}
        if not bindings:
            return RuleResult()
        edits, findings = UsageRewriter(state.ctx, state.indexes).rewrite(
            file.source, file.index, bindings, file.new_path
        )
        return RuleResult(tuple(edits), tuple(findings))


RULE = UsageRule()
