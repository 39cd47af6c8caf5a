"""Static proof that a plan keeps every import binding pointing at the same code.

For every Python file, the multiset of names its imports bind (each to a file, an attribute of a file, or a
third-party module) must be the same before and after the plan, mapped through the moves; ``from X import n``
must still find ``n`` in X wherever it did before; and in rewritten files, ``module.attr`` uses of imported
workspace modules must still find ``attr``. A third-party import that a new package would shadow is caught
here too. Nothing is imported or executed.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import replace

from .index import FileIndex, build_index
from .layout import Layout
from .model import Finding, Plan, Verification
from .project import Project
from .rewrite_imports import MoveContext

Bound = tuple[str, tuple[str, ...]]


def _bindings(layout: Layout, path: str, index: FileIndex, moved=lambda p: p) -> list[tuple[Bound, int]]:
    """``((name, target), line)`` for every binding the file's imports make."""
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


def _attribute_uses(tree: ast.AST, names: set[str]) -> list[tuple[str, str, int]]:
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
            uses.append((node.value.id, node.attr, node.lineno))
    return uses


def verify_plan(project: Project, plan: Plan, ctx: MoveContext) -> Verification:
    problems: list[Finding] = []
    changed = {c.path: c for c in plan.changes if c.is_python and c.path in project.indexes}
    new_indexes: dict[str, FileIndex] = {}
    new_trees: dict[str, ast.Module] = {}
    for path, index in project.indexes.items():
        new_path = ctx.moved(path)
        if path in changed:
            try:
                tree = ast.parse(changed[path].new_text)
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
            new_trees[path] = tree
            new_indexes[new_path] = build_index(new_path, tree)
        else:
            new_indexes[new_path] = replace(index, path=new_path)
    for created in plan.created:
        if created.path.endswith(".py"):
            new_indexes[created.path] = build_index(created.path, ast.parse(created.content))

    checked = 0
    for path, index in project.indexes.items():
        new_path = ctx.moved(path)
        new_index = new_indexes.get(new_path)
        if new_index is None:
            continue
        before = _bindings(ctx.old, path, index, ctx.moved)
        after = _bindings(ctx.new, new_path, new_index)
        checked += len(before)
        missing = Counter(b for b, _ in before) - Counter(b for b, _ in after)
        for bound, line in before:
            if missing[bound] > 0:
                missing[bound] -= 1
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
            bound: _defines(ctx.old, project.indexes, _unmove(ctx, bound[1][1]), bound[1][2])
            for bound, _ in before
            if bound[1][0] == "attr"
        }
        for bound, line in after:
            if bound[1][0] != "attr" or not old_attr_ok.get(bound, True):
                continue
            if not _defines(ctx.new, new_indexes, bound[1][1], bound[1][2]):
                problems.append(
                    Finding(
                        path,
                        line,
                        "name-not-found",
                        f"`{bound[1][2]}` would not be found in {bound[1][1]}",
                        "error",
                    )
                )
        if path in new_trees:
            problems.extend(_check_attribute_uses(project, ctx, path, new_trees[path], before, after, new_indexes))
    return Verification(checked, tuple(problems))


def _unmove(ctx: MoveContext, new_path: str) -> str:
    return ctx.unmoved(new_path)


def _check_attribute_uses(project, ctx, path, new_tree, before, after, new_indexes) -> list[Finding]:
    old_modules = {b[0]: b[1][1] for b, _ in before if b[1][0] == "mod"}
    new_modules = {b[0]: b[1][1] for b, _ in after if b[1][0] == "mod"}
    if not new_modules:
        return []
    old_tree = ast.parse(project.sources[path].text)
    old_ok = {
        (name, attr)
        for name, attr, _ in _attribute_uses(old_tree, set(old_modules))
        if _defines(ctx.old, project.indexes, _unmove(ctx, old_modules[name]), attr)
    }
    problems = []
    for name, attr, line in _attribute_uses(new_tree, set(new_modules)):
        if (name, attr) in old_ok and not _defines(ctx.new, new_indexes, new_modules[name], attr):
            problems.append(
                Finding(
                    path,
                    line,
                    "attribute-not-found",
                    f"`{name}.{attr}` would fail: {new_modules[name]} does not define {attr!r}",
                    "error",
                )
            )
    return problems
