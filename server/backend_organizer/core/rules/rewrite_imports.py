"""Rewriting import statements so that every binding keeps pointing at the same file after the moves.

For each statement the analysis decides, name by name, how the importer spells its target in the new layout
(keeping relative imports relative and each statement's form), then renders the new statement text. Bound
names never change: ``import database`` becomes ``from database import database``, ``import database as db``
becomes ``from database import database as db``, and ``from pkg import a, b`` is split when only ``a`` moves.
Simple statements are edited as text; anything with parentheses, comments or continuations goes through
LibCST on just that statement, which keeps every untouched character (LibCST is imported only then: it costs
more to import than a small backend takes to plan).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import EditKind, Finding, TextEdit
from ..scan.graph import project_graph
from ..scan.index import FileIndex, ImportStmt
from ..scan.layout import Target, join, parent_dir, search_root_of
from ..scan.memo import MemoKey
from ..scan.sourcefile import SourceFile
from .context import FileWork, MoveContext, PlanState, move_names, moved_ancestors
from .protocol import RuleResult

if TYPE_CHECKING:
    import libcst as cst

    from ..scan.project import Project

Spec = tuple[int, str]  # (relative level, dotted module); level 0 = absolute


@dataclass
class _Group:
    """One output statement: a module spec and the indexes of the original names it imports."""

    spec: Spec | None
    names: list[int] = field(default_factory=list)
    form: str = "keep"  # keep | from | import-new | from-new
    new_module: str = ""
    bound_as: str | None = None


@dataclass
class ImportRewrite:
    edits: list[TextEdit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _spec_text(spec: Spec) -> str:
    return "." * spec[0] + spec[1]


class _Analyser:
    def __init__(self, ctx: MoveContext, importer_old: str, importer_new: str, findings: list[Finding]):
        self.ctx = ctx
        self.old_path = importer_old
        self.new_path = importer_new
        self.findings = findings

    def warn(self, stmt: ImportStmt, code: str, message: str, severity: str = "warning") -> None:
        self.findings.append(Finding(self.old_path, stmt.line, code, message, severity))  # type: ignore[arg-type]

    # -- plain ``import a.b [as c]`` --------------------------------------------------------------------

    def analyse_import(self, stmt: ImportStmt) -> list[_Group] | None:
        groups: list[_Group] = []
        changed = False
        for i, alias in enumerate(stmt.names):
            group = self._import_alias(stmt, alias.name, alias.asname)
            if group is None:
                if groups and groups[-1].form == "keep":
                    groups[-1].names.append(i)
                else:
                    groups.append(_Group(None, [i]))
                continue
            changed = True
            group.names = [i]
            groups.append(group)
        return groups if changed else None

    def _import_alias(self, stmt: ImportStmt, name: str, asname: str | None) -> _Group | None:
        chain = self.ctx.old.resolve_from(self.old_path, name)
        if chain is None or chain[-1].kind == "namespace":
            return None
        target = chain[-1]
        new_target = self.ctx.moved(target.path)
        spelled = self.ctx.new.spell_absolute(self.new_path, new_target, search_root_of(chain[0]))
        if spelled is None:
            self.warn(
                stmt,
                "unresolvable-after-move",
                f"`import {name}` cannot be spelled from {self.new_path} after the move",
                "error",
            )
            return None
        if spelled == name:
            return None
        parent, _, last = spelled.rpartition(".")
        if asname:
            if not parent:
                return _Group((0, spelled), form="import-new", new_module=spelled, bound_as=asname)
            return _Group((0, parent), form="from-new", new_module=last, bound_as=asname)
        if "." not in name:
            if not parent:
                return _Group((0, spelled), form="import-new", new_module=spelled, bound_as=name)
            return _Group((0, parent), form="from-new", new_module=last, bound_as=None if last == name else name)
        if spelled.split(".")[0] != name.split(".")[0]:
            self.warn(
                stmt,
                "binding-changes",
                f"`import {name}` would have to become `import {spelled}`, which binds another name; left unchanged",
                "error",
            )
            return None
        return _Group((0, spelled), form="import-new", new_module=spelled)

    # -- ``from X import a, b`` -------------------------------------------------------------------------

    def _spell(self, stmt: ImportStmt, new_path: str, root: str | None) -> Spec | None:
        new = self.ctx.new
        if stmt.level:
            rel = new.spell_relative(self.new_path, new_path)
            if rel is not None:
                return rel
            absolute = new.spell_absolute(self.new_path, new_path)
            if absolute is not None:
                self.warn(
                    stmt,
                    "relative-to-absolute",
                    f"relative import now crosses the top-level package; rewritten as `{absolute}`",
                    "info",
                )
                return (0, absolute)
            return None
        absolute = new.spell_absolute(self.new_path, new_path, root)
        return (0, absolute) if absolute is not None else None

    def analyse_from(self, stmt: ImportStmt) -> list[_Group] | None:
        old = self.ctx.old
        if stmt.level:
            chain = old.resolve_relative(self.old_path, stmt.level, stmt.module)
        else:
            chain = old.resolve_from(self.old_path, stmt.module or "")
        if chain is None:
            if stmt.level and self.old_path != self.new_path:
                self.warn(
                    stmt,
                    "unresolved-relative",
                    "relative import does not resolve even before the move; left unchanged",
                )
            return None
        target = chain[-1]
        root = None if stmt.level else search_root_of(chain[0])
        original: Spec = (stmt.level, stmt.module or "")
        if target.kind == "module":
            spec = self._spell(stmt, self.ctx.moved(target.path), root)
            if spec is None:
                self.warn(
                    stmt,
                    "unresolvable-after-move",
                    f"`from {_spec_text(original)} import …` cannot be spelled after the move",
                    "error",
                )
                return None
            if spec == original:
                return None
            return [_Group(spec, list(range(len(stmt.names))), form="from")]
        return self._from_package(stmt, target, root, original)

    def _from_package(self, stmt: ImportStmt, target: Target, root: str | None, original: Spec) -> list[_Group] | None:
        base_path = self.ctx.moved(target.path) if target.kind == "package" else self.ctx.moved_dir(target.dirs[0])
        base_spec = self._spell(stmt, base_path, root)
        if base_spec is None:
            return None
        groups: dict[Spec, _Group] = {}
        order: list[Spec] = []
        for i, alias in enumerate(stmt.names):
            spec = base_spec
            if alias.name != "*":
                sub = self.ctx.old.submodule(target, alias.name)
                if sub is not None and sub.kind == "module":
                    new_dir = parent_dir(self.ctx.moved(sub.path))
                    if new_dir != target.directory:
                        parent_spec = self._spell(stmt, join(new_dir, "__init__.py"), root)
                        if parent_spec is None:
                            self.warn(
                                stmt,
                                "unresolvable-after-move",
                                f"cannot spell the new package of `{alias.name}` after the move",
                                "error",
                            )
                            return None
                        spec = parent_spec
            if spec not in groups:
                groups[spec] = _Group(spec, form="from")
                order.append(spec)
            groups[spec].names.append(i)
        if order == [original]:
            return None
        return [groups[s] for s in order]


# -- rendering ------------------------------------------------------------------------------------------

_SIMPLE_FROM = re.compile(r"from[ \t]+(\.*[ \t]*(?:[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)?)[ \t]+import\b")


def _dotted_expr(dotted: str) -> cst.Attribute | cst.Name:
    import libcst as cst

    parts = dotted.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _strip_last_comma(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    import libcst as cst

    if aliases:
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return aliases


def _render_groups(node: cst.Import | cst.ImportFrom, groups: list[_Group], module: cst.Module) -> list[str]:
    import libcst as cst

    rendered: list[str] = []
    for group in groups:
        if isinstance(node, cst.ImportFrom):
            assert group.spec is not None
            level, dotted = group.spec
            if isinstance(node.names, cst.ImportStar):
                names: cst.ImportStar | list[cst.ImportAlias] = node.names
            else:
                names = [node.names[i] for i in group.names]
                if node.lpar is None:
                    names = _strip_last_comma(names)
            new_node: cst.CSTNode = node.with_changes(
                relative=[cst.Dot() for _ in range(level)],
                module=_dotted_expr(dotted) if dotted else None,
                names=names,
            )
        elif group.form == "keep":
            new_node = node.with_changes(names=_strip_last_comma([node.names[i] for i in group.names]))
        else:
            alias = node.names[group.names[0]]
            asname = cst.AsName(name=cst.Name(group.bound_as)) if group.bound_as else None
            if group.bound_as and alias.asname is not None and alias.asname.name.value == group.bound_as:  # type: ignore[union-attr]
                asname = alias.asname
            if group.form == "import-new":
                new_node = cst.Import(names=[cst.ImportAlias(name=_dotted_expr(group.new_module), asname=asname)])
            else:
                assert group.spec is not None
                new_node = cst.ImportFrom(
                    module=_dotted_expr(group.spec[1]),
                    names=[cst.ImportAlias(name=cst.Name(group.new_module), asname=asname)],
                )
        rendered.append(module.code_for_node(new_node))
    return rendered


def _fast_from(segment: str, groups: list[_Group], stmt: ImportStmt) -> str | None:
    """Text-only rewrite of ``from X import names`` when only the module part changes."""
    if len(groups) != 1 or groups[0].form != "from" or len(groups[0].names) != len(stmt.names):
        return None
    match = _SIMPLE_FROM.match(segment)
    if match is None:
        return None
    spec = groups[0].spec
    assert spec is not None
    return segment[: match.start(1)] + _spec_text(spec) + segment[match.end(1) :]


_IMPORT_HEAD = re.compile(r"import([ \t]+)")
_IMPORT_ALIAS = re.compile(
    r"(?P<name>[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)(?P<asname>[ \t]+as[ \t]+(?P<bound>[A-Za-z_]\w*))?"
    r"(?P<comma>[ \t]*,[ \t]*)?"
)


def _plain_import_pieces(segment: str, groups: list[_Group]) -> list[str] | None:
    """Text-only rendering of a one-line ``import a.b [as c], …``, character for character what
    :func:`_render_groups` makes of it with LibCST; None when the statement is not that simple."""
    head = _IMPORT_HEAD.match(segment)
    if head is None or not segment.isascii():
        return None
    aliases: list[re.Match[str]] = []
    position = head.end()
    while position < len(segment):
        alias = _IMPORT_ALIAS.match(segment, position)
        if alias is None or alias.end() == position:
            return None
        aliases.append(alias)
        position = alias.end()
        if alias.group("comma") is None:
            break
    if position != len(segment) or not aliases or aliases[-1].group("comma") is not None:
        return None
    pieces: list[str] = []
    for group in groups:
        if group.form == "keep":
            kept = [aliases[i] for i in group.names]
            text = "".join(a.group("name") + (a.group("asname") or "") + (a.group("comma") or "") for a in kept[:-1])
            last = kept[-1]
            pieces.append("import" + head.group(1) + text + last.group("name") + (last.group("asname") or ""))
            continue
        original = aliases[group.names[0]]
        asname = f" as {group.bound_as}" if group.bound_as else ""
        if group.bound_as and original.group("bound") == group.bound_as:
            asname = original.group("asname")
        if group.form == "import-new":
            pieces.append(f"import {group.new_module}{asname}")
        else:
            assert group.spec is not None
            pieces.append(f"from {group.spec[1]} import {group.new_module}{asname}")
    return pieces


def _cst_pieces(segment: str, groups: list[_Group]) -> list[str]:
    import libcst as cst

    module = cst.parse_module(segment)
    line = module.body[0]
    assert isinstance(line, cst.SimpleStatementLine)
    node = line.body[0]
    assert isinstance(node, (cst.Import, cst.ImportFrom))
    return _render_groups(node, groups, module)


def _render(source: SourceFile, stmt: ImportStmt, start: int, end: int, groups: list[_Group]) -> str:
    segment = source.text[start:end]
    pieces: list[str] | None = None
    if stmt.is_from:
        fast = _fast_from(segment, groups, stmt)
        if fast is not None:
            return fast
    else:
        pieces = _plain_import_pieces(segment, groups)
    if pieces is None:
        pieces = _cst_pieces(segment, groups)
    if len(pieces) == 1:
        return pieces[0]
    line_start = source.starts[source.line_of(start) - 1]
    prefix = source.text[line_start:start]
    end_line = source.line_of(end)
    rest = source.text[end : source.starts[end_line]] if end_line < len(source.starts) else source.text[end:]
    newline = rest[len(rest.rstrip("\r\n")) :] or source.newline
    tail = rest.strip()
    if prefix.strip() == "" and (tail == "" or tail.startswith("#")):
        return (newline + prefix).join(pieces)
    return "; ".join(pieces)


def rewrite_imports(ctx: MoveContext, source: SourceFile, index: FileIndex, importer_new: str) -> ImportRewrite:
    """Edits that keep every import of ``source`` pointing at the same files in the new layout."""
    result = ImportRewrite()
    analyser = _Analyser(ctx, index.path, importer_new, result.findings)
    for stmt in index.imports:
        groups = analyser.analyse_from(stmt) if stmt.is_from else analyser.analyse_import(stmt)
        if not groups:
            continue
        start, end = source.offset(stmt.span[0], stmt.span[1]), source.offset(stmt.span[2], stmt.span[3])
        new_text = _render(source, stmt, start, end, groups)
        targets = ", ".join(
            _spec_text(g.spec) + (f".{g.new_module}" if g.form == "from-new" else "")
            for g in groups
            if g.spec is not None
        )
        result.edits.append(TextEdit(start, end, new_text, "import", f"import now points at {targets}"))
    return result


class ImportRule:
    """Import statements (every form, at any depth) keep binding the same files."""

    name = "imports"
    reads: frozenset[str] = frozenset()
    kinds: frozenset[EditKind] = frozenset({"import"})
    keeps_syntax = True
    in_cells = True
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        """Importers of the moved files and of the packages around them, and files importing any name the
        moves use (an import that could resolve to a new location)."""
        graph = project_graph(project)
        affected: set[str] = set()
        for src in moves:
            affected |= graph.imported_by(src)
        for directory in moved_ancestors(dict(moves)):
            affected |= graph.imported_by(join(directory, "__init__.py")) | graph.imported_by(directory)
        by_part = _files_by_import_part(project)
        for name in move_names(moves):
            affected |= by_part.get(name, set())
        return affected

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        result = rewrite_imports(state.ctx, file.source, file.index, file.new_path)
        return RuleResult(tuple(result.edits), tuple(result.findings))


#: Each dotted-name part any import statement of the project spells (``a``, ``b`` of ``from a.b import c``, and
#: ``c``) → the files that spell it: a warm server answers a rename from this instead of every file's imports.
IMPORT_PARTS: MemoKey[dict[str, set[str]]] = MemoKey("import_parts")


def _files_by_import_part(project: Project) -> dict[str, set[str]]:
    cached = project.memo.get(IMPORT_PARTS)
    if cached is None:
        found: dict[str, set[str]] = {}
        for path, index in project.indexes.items():
            for stmt in index.imports:
                parts = (stmt.module or "").split(".") if stmt.is_from else []
                parts += [p for alias in stmt.names for p in alias.name.split(".")]
                for part in parts:
                    found.setdefault(part, set()).add(path)
        cached = project.memo.put(IMPORT_PARTS, found)
    return cached


RULE = ImportRule()
