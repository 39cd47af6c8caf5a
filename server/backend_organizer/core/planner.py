"""Composing a plan: classify, guard names, move, rewrite every reference, create packages, verify.

:func:`plan_organize` is the whole reorganization of a backend folder; :func:`plan_moves` plans explicit
moves (an editor's file rename, one ``refactor.move``) with the same rewriting and verification.
"""

from __future__ import annotations

import gc
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .decide.decision import decide, launched_files
from .errors import PlanError, UnparsableError
from .model import Classification, CreatedFile, FileChange, Finding, Move, PackageChoice, Plan, TextEdit
from .rules.commentrefs import mentions_moved_file, rewrite_comments
from .rules.notebooks import notebook_changes
from .rules.persisted import persisted_name_findings
from .rules.renamer import Renamer
from .rules.rewrite_imports import MoveContext, rewrite_imports
from .rules.rewrite_paths import rewrite_file_paths
from .rules.rewrite_strings import rewrite_strings
from .rules.rewrite_usages import UsageRewriter, moved_ancestors, package_bindings
from .rules.scriptrefs import ScriptRefs, bootstrap_edit
from .rules.textrefs import rewrite_text_files
from .scan.graph import project_graph
from .scan.index import FileIndex
from .scan.layout import join, parent_dir
from .scan.project import Project, ScanCache, require_python_files, scan
from .scan.sourcefile import apply_edits
from .verify.namechecks import data_file_findings, refuse_outside_links, shadow_findings
from .verify.verify import verify_plan

Progress = Callable[[str], None]

#: Findings about references the plan would break and cannot fix: such a plan is refused.
BLOCKING_FINDINGS = frozenset({"string-not-rewritten"})


def _noop(_: str) -> None:
    pass


def plan_organize(
    folder: Path,
    root: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    overlay: Mapping[str, str] | None = None,
    skip_unparsable: bool = False,
    progress: Progress = _noop,
    jobs: int | None = None,
    cache: ScanCache | None = None,
) -> Plan:
    """Scan the workspace around ``folder`` and plan its reorganization."""
    with fewer_collections():
        progress("scanning")
        project = scan(folder, root, overrides, overlay, jobs, cache)
        return organize_project(project, skip_unparsable, progress)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Planning allocates millions of short-lived, acyclic objects (AST nodes): the cyclic garbage collector
    would run thousands of times for nothing (a fifth of the planning time), so it runs rarely meanwhile."""
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def organize_project(project: Project, skip_unparsable: bool = False, progress: Progress = _noop) -> Plan:
    """Plan the reorganization of an already scanned project."""
    with fewer_collections():
        return _organize(project, skip_unparsable, progress)


def _organize(project: Project, skip_unparsable: bool, progress: Progress) -> Plan:
    require_python_files(project)
    if project.unparsable and not skip_unparsable:
        raise UnparsableError(project.unparsable)
    cached = project.cache.get("plan")
    if cached is not None and not project.unparsable:
        return cached  # an unchanged project (the language server's warm scan) has the same plan
    progress("classifying")
    decision = decide(project)
    progress("rewriting references")
    plan = build_plan(
        project,
        list(decision.moves),
        list(decision.created),
        decision.classifications,
        tuple(decision.packages.values()),
        list(decision.findings),
        progress,
    )
    project.cache["plan"] = plan
    return plan


def propose_move(project: Project, path: str) -> tuple[Move, list[CreatedFile]] | None:
    """The move organizing would make for one file, and the package files it needs."""
    decision = decide(project)
    for move in decision.moves:
        if move.src == path:
            package_dir = parent_dir(move.dst)
            created = [c for c in decision.created if parent_dir(c.path) == package_dir]
            return move, created
    return None


def plan_moves(
    project: Project,
    moves: Mapping[str, str] | list[Move],
    created: list[CreatedFile] | None = None,
    reason: str = "moved by the user",
) -> Plan:
    """Plan explicit file moves (old → new, relative paths) with every reference updated."""
    move_list = list(moves) if isinstance(moves, list) else [Move(src, dst, reason) for src, dst in moves.items()]
    only = affected_files(project, {m.src: m.dst for m in move_list if m.src.endswith(".py")})
    return build_plan(project, move_list, list(created or []), (), (), [], _noop, only, add_structure=False)


def affected_files(project: Project, moves: Mapping[str, str]) -> set[str]:
    """The Python files a few moves can affect: the moved files, their importers (also through packages and
    strings), and files whose imports could resolve to the new locations."""
    graph = project_graph(project)
    affected = set(moves)
    for src in moves:
        affected |= graph.imported_by(src)
    for directory in moved_ancestors(dict(moves)):
        affected |= graph.imported_by(join(directory, "__init__.py")) | graph.imported_by(directory)
    names = {posixpath.basename(p)[:-3] for p in (*moves, *moves.values())}
    names |= {part for dst in moves.values() for part in dst[:-3].split("/")}
    for path, index in project.indexes.items():
        if path not in affected and (_mentions(index, names) or _imports_any(index, names)):
            affected.add(path)
    return affected


def _mentions(index: FileIndex, names: set[str]) -> bool:
    return any(part in names for ref in index.strings for part in re.split(r"[./:]", ref.value))


def _imports_any(index: FileIndex, names: set[str]) -> bool:
    for stmt in index.imports:
        parts = (stmt.module or "").split(".") if stmt.is_from else []
        parts += [p for alias in stmt.names for p in alias.name.split(".")]
        if any(part in names for part in parts):
            return True
    return False


def build_plan(
    project: Project,
    moves: list[Move],
    created: list[CreatedFile],
    classifications: tuple[Classification, ...],
    packages: tuple[PackageChoice, ...],
    findings: list[Finding],
    progress: Progress,
    only: set[str] | None = None,
    add_structure: bool = True,
) -> Plan:
    """Rewrite, collect findings and verify. ``only`` limits the Python files looked at (single moves);
    ``add_structure`` lets the plan add a "Project structure" section to the README (organizing does)."""
    py_moves = {m.src: m.dst for m in moves if m.src.endswith(".py")}
    old = project.layout
    new = old.with_changes(py_moves, [c.path for c in created if c.path.endswith(".py")])
    ctx = MoveContext(old, new, py_moves)
    containers = moved_ancestors(py_moves)
    moved_names = {posixpath.basename(src)[:-3] for src in py_moves}
    usages = UsageRewriter(ctx, project.indexes)
    renamer = Renamer(ctx, project.backend, project.kind)
    scripts = ScriptRefs(renamer)

    changes: list[FileChange] = []
    looked_at = sorted(project.indexes if only is None else only & set(project.indexes))
    bootstrapped = _bootstrapped(project, moves)
    for path in looked_at:
        source = project.sources[path]
        index = project.indexes[path]
        new_path = ctx.moved(path)
        rewritten = rewrite_imports(ctx, source, index, new_path)
        edits: list[TextEdit] = list(rewritten.edits)
        findings.extend(rewritten.findings)
        script_edits: list[TextEdit] = []
        if any(part in moved_names for r in index.strings for part in re.split(r"[./:]", r.value)):
            script_edits, _ = scripts.rewrite(source, path)
            edits.extend(script_edits)
        script_lines = {source.line_of(e.start) for e in script_edits}
        string_edits, string_findings = rewrite_strings(ctx, source, index, moved_names, project.indexes)
        edits.extend(string_edits)
        findings.extend(
            f
            for f in string_findings
            if not (f.code in {"file-name-string", "unproven-string"} and f.line in script_lines)
        )
        if mentions_moved_file(source.text, moved_names):
            covered = [(e.start, e.end) for e in edits]
            edits.extend(
                e
                for e in rewrite_comments(source, project.backend, renamer)
                if not any(s <= e.start < t or s < e.end <= t for s, t in covered)
            )
        if path in bootstrapped:
            import ast as _ast

            depth = new_path.count("/") - path.count("/")
            edits.append(bootstrap_edit(source, _ast.parse(source.text), new_path, depth))
            findings.append(
                Finding(
                    path,
                    1,
                    "script-bootstrap",
                    f"added a run-by-path bootstrap so `python {new_path}` keeps working",
                    "info",
                )
            )
        bindings = package_bindings(ctx, index, containers) if containers else {}
        if bindings:
            usage_edits, usage_findings = usages.rewrite(source, index, bindings, new_path)
            edits.extend(usage_edits)
            findings.extend(usage_findings)
        self_depth = new_path.count("/") - path.count("/") if index.file_uses else 0
        module_depths = _moved_module_depths(ctx, index) if index.module_file_uses else {}
        if self_depth or module_depths:
            path_edits, path_findings = rewrite_file_paths(source, path, self_depth, module_depths)
            edits.extend(path_edits)
            findings.extend(path_findings)
        if index.dunder_all and posixpath.basename(path) == "__init__.py":
            for value, span in index.dunder_all:
                sub = join(parent_dir(path), value + ".py")
                # a name the __init__ binds itself (an imported object, a definition) is not the submodule
                if sub in py_moves and value not in index.top_names:
                    findings.append(
                        Finding(
                            path,
                            span[0],
                            "dunder-all-moved",
                            f"__all__ lists submodule {value!r}, which moves to {py_moves[sub]}; "
                            "update __all__ by hand",
                        )
                    )
        if edits:
            edits.sort()
            changes.append(
                FileChange(path, source.text, apply_edits(source.text, edits), tuple(edits), encoding=source.encoding)
            )
    for path, line, message in sorted(project.unparsable):
        findings.append(
            Finding(
                path,
                line,
                "not-parsed",
                f"{message}; it stays and is not rewritten (its imports, read as text, keep the modules they "
                "name in place)",
                "error",
            )
        )
    findings.extend(shadow_findings(project, py_moves))
    findings.extend(data_file_findings(project, py_moves))
    findings.extend(persisted_name_findings(project, new, py_moves, looked_at))
    refuse_outside_links(project, ctx)

    text_changes, text_findings, text_created = rewrite_text_files(
        project, moves, packages, created, renamer, add_structure
    )
    changes.extend(text_changes)
    findings.extend(text_findings)
    notebooks = [rel for rel in project.other_files if rel.endswith(".ipynb")]
    if notebooks and py_moves:
        notebook_edits, notebook_findings = notebook_changes(ctx, project.root, notebooks, moved_names, project.indexes)
        changes.extend(notebook_edits)
        findings.extend(notebook_findings)
    created = [*created, *text_created]

    progress("verifying")
    plan = Plan(
        root=str(project.root),
        backend=project.backend,
        layout=project.kind,
        classifications=classifications,
        packages=packages,
        moves=tuple(moves),
        created=tuple(created),
        changes=tuple(changes),
        findings=tuple(_dedupe(findings)),
        scanned_files=len(project.indexes),
        import_model=project.import_model,
    )
    model = project.import_model.describe() if project.import_model is not None else ""
    verification = verify_plan(project, plan, ctx, only, model=model)
    for name, layout in project.extra_layouts:
        created_py = [c.path for c in created if c.path.endswith(".py")]
        view = MoveContext(layout, layout.with_changes(py_moves, created_py), py_moves)
        verification = verification.merged(verify_plan(project, plan, view, only, model=name, report_unresolved=False))
    if project.import_model is not None:
        verification = replace(verification, models=tuple(project.import_model.names()))
    unrewritable = [f for f in plan.findings if f.code in BLOCKING_FINDINGS]
    if unrewritable:  # a proven module path the tool cannot edit would break after the move
        verification = replace(verification, problems=(*verification.problems, *unrewritable))
    plan = Plan(
        **{
            **plan.__dict__,
            "verification": verification,
            "findings": tuple(_dedupe([*plan.findings, *verification.unresolved])),
        }
    )
    if not verification.ok:
        details = "\n".join(f"  {f.path}:{f.line}: {f.message}" for f in verification.problems)
        raise PlanError("refusing this plan: after it, these imports would not resolve to the same code:\n" + details)
    return plan


def _bootstrapped(project: Project, moves: list[Move]) -> set[str]:
    """Moved files that get the run-by-path bootstrap: scripts (and anything a command runs) of an import root.
    A library module that merely has a ``__main__`` block is run as ``python -m`` after the move, like any
    module of a package; adding path hacks to it would be noise."""
    if not (project.as_import_root and project.config.script_bootstrap):
        return set()
    launched = launched_files(project)
    found = set()
    for move in moves:
        index = project.indexes.get(move.src)
        if index is None or move.src == move.dst or not index.main_block:
            continue
        if move.category == "scripts" or move.src in launched:
            found.add(move.src)
    return found


def _moved_module_depths(ctx: MoveContext, index) -> dict[str, int]:
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


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(sorted(findings, key=lambda f: (f.path, f.line, f.code, f.message))))
