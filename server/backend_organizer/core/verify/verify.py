"""Static proof that a plan keeps every import binding pointing at the same code.

For every Python file, the multiset of names its imports bind (each to a file, an attribute of a file, or a
third-party module) must be the same before and after the plan, mapped through the moves; ``from X import n``
must still find ``n`` in X wherever it did before; every rewritten file must parse; and attribute chains
through packages (``backend.database.load``) must reach the same module. A third-party import that a new
package would shadow is caught here too. Nothing is imported or executed. The rewritten files' imports are
derived from the edits (only the replacement statements are parsed), so verifying costs one parse of the
changed files, spread over worker processes.
"""

from __future__ import annotations

import ast
import os
import textwrap
from collections import Counter
from dataclasses import replace

from ..model import FileChange, Finding, Plan, Verification
from ..rules.context import MoveContext, moved_ancestors
from ..rules.registry import syntax_safe_kinds
from ..rules.rewrite_usages import package_bindings
from ..scan.index import FileIndex, ImportName, ImportStmt, build_index, dotted_name
from ..scan.layout import Layout, backend_module_names
from ..scan.parallel import map_in_processes
from ..scan.project import PARALLEL_THRESHOLD, Project
from ..scan.sourcefile import SourceFile

Bound = tuple[str, tuple[str, ...]]


def _bindings(
    layout: Layout, path: str, index: FileIndex, moved=lambda p: p, local: frozenset[str] = frozenset()
) -> list[tuple[Bound, int]]:
    """``((name, target), line)`` for every binding the file's imports make.

    An import that does not resolve but names a workspace module (its first part is in ``local``) binds to
    ``("unresolved", name)``: broken under this import model before the plan, and not a third-party import."""
    out: list[tuple[Bound, int]] = []
    for stmt in index.imports:
        if not stmt.is_from:
            for alias in stmt.names:
                chain = layout.resolve_from(path, alias.name)
                if chain is None:
                    target: tuple[str, ...] = (
                        "ext",
                        alias.name if alias.asname else alias.name.split(".")[0],
                    )
                    if alias.name.split(".")[0] in local:
                        target = ("unresolved", alias.asname or alias.name.split(".")[0], alias.name.split(".")[0])
                elif alias.asname:
                    target = ("mod", moved(chain[-1].path))
                else:
                    target = ("mod", moved(chain[0].path))
                out.append(((alias.asname or alias.name.split(".")[0], target), stmt.line))
            continue
        if stmt.level:
            chain = layout.resolve_relative(path, stmt.level, stmt.module)
            if chain is None:
                continue
        else:
            chain = layout.resolve_from(path, stmt.module or "")
        for alias in stmt.names:
            bound = alias.asname or alias.name
            if chain is None:
                top = (stmt.module or "").split(".")[0]
                if top in local:
                    out.append(((bound, ("unresolved", bound, top)), stmt.line))
                else:
                    out.append(((bound, ("ext", f"{stmt.module}.{alias.name}")), stmt.line))
                continue
            if alias.name == "*":
                out.append((("*", ("star", moved(chain[-1].path))), stmt.line))
                continue
            sub = layout.submodule(chain[-1], alias.name)
            if sub is not None and sub.kind != "namespace":
                out.append(((bound, ("mod", moved(sub.path))), stmt.line))
            else:
                out.append(((bound, ("attr", moved(chain[-1].path), alias.name)), stmt.line))
    return out


def _defines(layout: Layout, indexes: dict[str, FileIndex], module_path: str, name: str) -> bool:
    index = indexes.get(module_path)
    if index is None:
        return True  # not a parsed Python file (namespace portion, unparsable): cannot tell
    if name in index.top_names or index.has_module_getattr or index.has_star_import:
        return True
    if module_path.endswith("__init__.py"):
        directory = module_path[: -len("/__init__.py")]
        return (
            f"{directory}/{name}.py" in layout.files
            or f"{directory}/{name}/__init__.py" in layout.files
            or (f"{directory}/{name}" in layout.dirs)
        )
    return False


def _snippet(source_text: str, edit_start: int, new_text: str) -> str:
    """An edit's replacement text as it would stand on its own, at the indentation of its line."""
    line_start = source_text.rfind("\n", 0, edit_start) + 1
    line_start = max(line_start, source_text.rfind("\r", 0, edit_start) + 1)
    prefix = source_text[line_start:edit_start]
    return textwrap.dedent(prefix + new_text) if not prefix.strip() else new_text


def _imports_of(statements: list[ast.stmt], line: int) -> list[ImportStmt]:
    """The import statements among ``statements`` (nested ones too), each placed on ``line``."""
    found: list[ImportStmt] = []
    for node in ast.walk(ast.Module(body=statements, type_ignores=[])):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = tuple(ImportName(a.name, a.asname, (line, 0, line, 0)) for a in node.names)
            span = (line, 0, line, 0)
            if isinstance(node, ast.ImportFrom):
                found.append(ImportStmt(span, True, node.module, node.level, names, True))
            else:
                found.append(ImportStmt(span, False, None, 0, names, True))
    return found


def _snippet_imports(snippet: str, line: int) -> list[ImportStmt] | None:
    """The import statements of one replacement (parsed on its own); None when it does not parse."""
    try:
        tree = ast.parse(snippet)
    except SyntaxError:
        return None
    return _imports_of(tree.body, line)


def _replacement_imports(snippets: list[tuple[str, int]]) -> list[ImportStmt] | None:
    """:func:`_snippet_imports` of every replacement of a file, in order, parsed together when they can be:
    each statement of the joined text must lie within one replacement's lines, else each is parsed alone."""
    joined: list[str] = []
    ranges: list[tuple[int, int]] = []
    first = 1
    for snippet, _ in snippets:
        text = snippet if snippet.endswith("\n") else snippet + "\n"
        count = text.count("\n")
        joined.append(text)
        ranges.append((first, first + count - 1))
        first += count
    text = "".join(joined)
    try:
        body = ast.parse(text).body if "\r" not in text else None  # lone carriage returns would shift lines
    except SyntaxError:
        body = None
    groups: list[list[ast.stmt]] = [[] for _ in snippets]
    position = 0
    for stmt in body or ():
        while position < len(ranges) and stmt.lineno > ranges[position][1]:
            position += 1  # the replacement the statement starts in
        if position == len(ranges) or (stmt.end_lineno or stmt.lineno) > ranges[position][1]:
            body = None  # a statement across two replacements: they do not stand on their own
            break
        groups[position].append(stmt)
    found: list[ImportStmt] = []
    for (snippet, line), statements in zip(snippets, groups, strict=True):
        imports = _imports_of(statements, line) if body is not None else _snippet_imports(snippet, line)
        if imports is None:
            return None
        found.extend(imports)
    return found


def _new_index(change: FileChange, index: FileIndex, new_path: str, source: SourceFile) -> FileIndex | None:
    """The index of a rewritten file, derived from the old one and the edits (no full re-parse)."""
    edits = [e for e in change.edits if "import" in e.new_text and e.kind in {"import", "script"}]
    spans = [(e.start, e.end) for e in change.edits if e.kind == "import"]
    kept = []
    for stmt in index.imports:
        start = source.offset(stmt.span[0], stmt.span[1])
        if not any(s <= start < e for s, e in spans):
            kept.append(stmt)
    snippets = [(_snippet(change.old_text, e.start, e.new_text), source.line_of(e.start)) for e in edits]
    added = _replacement_imports(snippets) if snippets else []
    if added is None:
        return None
    names = set(index.top_names)
    for stmt in added:
        names.update(a.asname or a.name.split(".")[0] for a in stmt.names if a.name != "*")
    return replace(index, path=new_path, imports=kept + added, top_names=frozenset(names))


def _syntax_problems(items: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    problems = []
    for path, text in items:
        try:
            compile(text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as exc:
            problems.append((path, exc.lineno or 1, exc.msg))
        except ValueError as exc:
            problems.append((path, 1, str(exc)))
    return problems


def syntax_problems(items: list[tuple[str, str]], workers: int | None = None) -> list[tuple[str, int, str]]:
    """Files whose rewritten text does not parse; parsed in worker processes when there are many."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers < 2 or len(items) < PARALLEL_THRESHOLD:
        return _syntax_problems(items)
    size = max(1, len(items) // (workers * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    return map_in_processes(_syntax_problems, chunks, workers)


def _chain_targets(layout: Layout, tree: ast.AST, bindings: dict, moved=lambda p: p) -> Counter:
    """What each attribute chain through a package binding reaches: (module file, next attribute)."""
    found: Counter = Counter()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        dotted = dotted_name(node)
        if dotted is None:
            continue
        parts = dotted.split(".")
        binding = bindings.get(parts[0])
        if binding is None:
            continue
        chain = layout.resolve(binding.dotted, (binding.root,))
        if chain is None:
            continue
        target = chain[-1]
        for index, part in enumerate(parts[1:], start=1):
            sub = layout.submodule(target, part)
            if sub is None:
                found[(moved(target.path), part, len(parts) - index)] += 1
                break
            target = sub
    return found


def _check_chains(project: Project, ctx: MoveContext, path: str, new_text: str, bindings: dict) -> list[Finding]:
    """Chains like ``backend.database.load`` must reach the same module attribute after the moves."""
    old_tree = ast.parse(project.sources[path].text)
    new_tree = ast.parse(new_text)
    before = _chain_targets(ctx.old, old_tree, bindings, ctx.moved)
    after = _chain_targets(ctx.new, new_tree, bindings)  # packages keep their names: bindings carry over
    problems = []
    for (module, attr, _depth), count in (before - after).items():
        problems.append(
            Finding(
                path,
                1,
                "chain-broken",
                f"a use of `{attr}` through a package no longer reaches {module} ({count}x)",
                "error",
            )
        )
    return problems


def _selected(project: Project, only: set[str] | None) -> list[tuple[str, FileIndex]]:
    if only is None:
        return list(project.indexes.items())
    return [(path, project.indexes[path]) for path in sorted(only) if path in project.indexes]


def _key(bound: Bound) -> Bound:
    """What must stay the same: an unresolved import only has to stay unresolved (under the same name)."""
    name, target = bound
    return (name, target[:2]) if target[0] == "unresolved" else bound


def verify_plan(
    project: Project,
    plan: Plan,
    ctx: MoveContext,
    only: set[str] | None = None,
    model: str = "",
    report_unresolved: bool = True,
) -> Verification:
    """Check the plan under one import model (``ctx`` holds its layouts before and after); ``only`` limits the
    files checked to those a few moves can affect. Imports that name workspace modules but resolve under this
    model neither before nor after are not counted as proven; with ``report_unresolved`` they are findings."""
    problems: list[Finding] = []
    changed = {c.path: c for c in plan.changes if c.is_python and c.path in project.indexes}
    # Replacing whole import statements, dotted names and string bodies keeps a file parsable by construction
    # (each replacement is parsed on its own below); files with other kinds of edits are parsed whole.
    safe = syntax_safe_kinds()
    reparse = [(p, c.new_text) for p, c in changed.items() if any(e.kind not in safe for e in c.edits)]
    for path, line, message in syntax_problems(reparse):
        problems.append(
            Finding(path, line, "rewrite-broke-syntax", f"the rewritten file would not parse: {message}", "error")
        )
    broken = {p.path for p in problems}
    new_indexes: dict[str, FileIndex] = {}
    for path, index in _selected(project, only):
        new_path = ctx.moved(path)
        if path in broken:
            continue
        if path in changed:
            derived = _new_index(changed[path], index, new_path, project.sources[path])
            if derived is None:  # a replacement did not parse on its own: parse the whole file to know
                try:
                    derived = build_index(new_path, ast.parse(changed[path].new_text))
                except SyntaxError as exc:
                    problems.append(
                        Finding(
                            path,
                            exc.lineno or 1,
                            "rewrite-broke-syntax",
                            f"the rewritten file would not parse: {exc.msg}",
                            "error",
                        )
                    )
                    continue
            new_indexes[new_path] = derived
        else:
            new_indexes[new_path] = replace(index, path=new_path)
    for created in plan.created:
        if created.path.endswith(".py"):
            new_indexes[created.path] = build_index(created.path, ast.parse(created.content))

    checked = 0
    unresolved: list[Finding] = []
    old_local = backend_module_names(ctx.old, project.backend)
    local = old_local | backend_module_names(ctx.new, project.backend)
    containers = moved_ancestors(ctx.moves)
    for path, index in _selected(project, only):
        new_path = ctx.moved(path)
        new_index = new_indexes.get(new_path)
        if new_index is None:
            continue
        before = _bindings(ctx.old, path, index, ctx.moved, local)
        after = _bindings(ctx.new, new_path, new_index, local=local)
        for (name, target), line in before:
            if target[0] == "unresolved":
                if target[2] not in old_local:
                    continue
                unresolved.append(
                    Finding(
                        path,
                        line,
                        "unresolved-import",
                        f"`{name}` names the backend module {target[2]!r}, but this import resolves "
                        f"{_under(model)}; it was left as it is and is not part of the proof",
                    )
                )
            else:
                checked += 1
        missing = Counter(_key(b) for b, _ in before) - Counter(_key(b) for b, _ in after)
        for bound, line in before:
            if missing[_key(bound)] > 0:
                missing[_key(bound)] -= 1
                name, target = bound
                where = target[1] if target[0] != "attr" else f"{target[1]}:{target[2]}"
                problems.append(
                    Finding(
                        path,
                        line,
                        "binding-changed",
                        f"`{name}` would no longer be bound to {where} ({target[0]})",
                        "error",
                    )
                )
        old_attr_ok = {
            bound: _defines(ctx.old, project.indexes, ctx.unmoved(bound[1][1]), bound[1][2])
            for bound, _ in before
            if bound[1][0] == "attr"
        }
        for bound, line in after:
            if bound[1][0] != "attr" or not old_attr_ok.get(bound, True):
                continue
            if not _defines(ctx.new, new_indexes, bound[1][1], bound[1][2]):
                problems.append(
                    Finding(
                        path, line, "name-not-found", f"`{bound[1][2]}` would not be found in {bound[1][1]}", "error"
                    )
                )
        bindings = package_bindings(ctx, index, containers) if containers else {}
        if bindings:
            text = changed[path].new_text if path in changed else project.sources[path].text
            problems.extend(_check_chains(project, ctx, path, text, bindings))
    for path, statements in sorted(project.unparsed_imports.items()):
        if only is not None and path not in only:
            continue
        text_index = FileIndex(path, imports=list(statements))
        before = _bindings(ctx.old, path, text_index, ctx.moved, local)
        after = _bindings(ctx.new, ctx.moved(path), text_index, local=local)
        lost = Counter(_key(b) for b, _ in before) - Counter(_key(b) for b, _ in after)
        for bound, line in before:
            if lost[_key(bound)] > 0:
                lost[_key(bound)] -= 1
                problems.append(
                    Finding(
                        path,
                        line,
                        "unparsed-import-broken",
                        f"this file does not parse, so its imports are not rewritten, and `{bound[0]}` would no "
                        f"longer be bound to {bound[1][1]}",
                        "error",
                    )
                )
    models = (model,) if model else ()
    return Verification(checked, tuple(problems), tuple(unresolved) if report_unresolved else (), models)


def _under(model: str) -> str:
    """``neither as import root backend/ nor as package backend``, ``not as …`` or ``nowhere``."""
    if " and " in model:
        return "neither as " + model.replace(" and ", " nor as ")
    return f"not as {model}" if model else "nowhere"
