"""Composing a plan: classify, guard names, move, rewrite every reference, create packages, verify.

:func:`plan_organize` is the whole reorganization of a backend folder; :func:`plan_moves` plans explicit
moves (an editor's file rename, one ``refactor.move``) with the same rewriting and verification.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from .categories import Category, category_map
from .classify import STDLIB, FileFacts, classify_file
from .collisions import choose_packages, declared_dependencies, installed_packages, taken_names
from .commentrefs import mentions_moved_file, rewrite_comments
from .errors import PlanError, UnparsableError
from .graph import ImportGraph, build_graph
from .index import FileIndex
from .layout import join, parent_dir
from .model import Classification, CreatedFile, FileChange, Finding, Move, PackageChoice, Plan, TextEdit
from .project import Project, ScanCache, scan
from .renamer import Renamer
from .rewrite_imports import MoveContext, rewrite_imports
from .rewrite_paths import rewrite_file_paths
from .rewrite_strings import rewrite_strings
from .rewrite_usages import UsageRewriter, moved_ancestors, package_bindings
from .scriptrefs import ScriptRefs, bootstrap_edit
from .sourcefile import apply_edits
from .textrefs import rewrite_text_files
from .verify import verify_plan

Progress = Callable[[str], None]


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
    progress("scanning")
    project = scan(folder, root, overrides, overlay, jobs, cache)
    return organize_project(project, skip_unparsable, progress)


def _is_test_file(name: str, categories: Mapping[str, Category]) -> bool:
    tests = categories.get("tests")
    return tests is not None and any(fnmatchcase(name, p) for p in tests.patterns)


def classify_backend(project: Project, graph: ImportGraph, categories: Mapping[str, Category]) -> list[Classification]:
    backend = project.backend
    result = []
    candidates = sorted(
        f for f in (*project.sources, *project.workspace.symlinks) if f.endswith(".py") and parent_dir(f) == backend
    )
    unparsable = {p for p, _, _ in project.unparsable}
    for path in dict.fromkeys(candidates):
        name = posixpath.basename(path)
        importers = {i for i in graph.imported_by(path) if not _is_test_file(posixpath.basename(i), categories)}
        facts = FileFacts(
            path=path,
            name=name,
            index=None if path in unparsable else project.indexes.get(path),
            imported_by=len(importers),
            external_imports=frozenset(graph.external_by_file.get(path, set())),
            is_symlink=path in project.workspace.symlinks,
        )
        result.append(classify_file(facts, project.config, categories))
    return result


def _staying_names(project: Project, classifications: list[Classification], graph: ImportGraph) -> dict[str, str]:
    """Names at the backend root that stay, which a new package must not take."""
    backend = project.backend
    staying: dict[str, str] = {}
    for c in classifications:
        if c.category is None:
            staying[posixpath.basename(c.path)[:-3]] = f"{c.path} stays at the root"
    for rel in project.other_files:
        if parent_dir(rel) == backend and "." not in posixpath.basename(rel):
            staying[posixpath.basename(rel)] = f"{rel} exists at the root"
    has_python: set[str] = set()
    for rel in project.layout.files:
        directory = parent_dir(rel)
        while directory and directory != backend:
            has_python.add(directory)
            directory = parent_dir(directory)
    for directory in project.layout.dirs:
        if parent_dir(directory) == backend and directory and directory not in has_python:
            staying[posixpath.basename(directory)] = f"{directory}/ exists and holds no Python code"
    return staying


@dataclass
class Decision:
    """Where every backend file goes (before any rewriting): the first half of a plan."""

    classifications: tuple[Classification, ...]
    packages: dict[str, PackageChoice]
    moves: list[Move]
    created: list[CreatedFile]
    findings: list[Finding]


def decide(project: Project) -> Decision:
    """Classify the backend's files, choose package names and compute moves and new packages (cached)."""
    cached = project.cache.get("decision")
    if cached is not None:
        return cached
    categories = category_map(project.config.categories)
    graph = build_graph(project.layout, project.indexes)
    project.cache["graph"] = graph
    classifications = classify_backend(project, graph, categories)
    used = [categories[c] for c in dict.fromkeys(c.category for c in classifications if c.category)]
    backend = project.backend
    existing = {
        posixpath.basename(d)
        for d in project.layout.dirs
        if d and parent_dir(d) == backend and project.layout.is_package(d)
    }
    staying = _staying_names(project, classifications, graph)
    if project.kind == "package":
        # subpackages (backend.agents) never shadow top-level imports; only names inside the package matter
        taken = taken_names({}, {}, {}, staying, stdlib=False)
    else:
        staying.update(_names_from_other_roots(project))
        taken = taken_names(
            graph.external,
            declared_dependencies(project.root),
            installed_packages(project.root, project.config.python),
            staying,
        )
    packages = choose_packages(used, project.config.packages, taken, backend, existing)

    moves: list[Move] = []
    findings: list[Finding] = []
    if project.cache.get("detected"):
        findings.append(Finding(backend, 1, "backend-detected", project.cache["detected"], "info"))
    final: list[Classification] = []
    targets: dict[str, str] = {}
    for c in classifications:
        if c.category is None:
            final.append(c)
            continue
        choice = packages[c.category]
        name = posixpath.basename(c.path)
        dst = join(choice.path, name)
        if dst in project.layout.files or project.workspace.abspath(dst).exists():
            final.append(Classification(c.path, None, None, f"would move to {dst}, which already exists; it stays"))
            findings.append(Finding(c.path, 1, "target-exists", f"{dst} already exists; {c.path} was not moved"))
            continue
        lower = dst.lower()
        if lower in targets:
            findings.append(
                Finding(
                    c.path,
                    1,
                    "case-collision",
                    f"{dst} and {targets[lower]} differ only in case; they collide on "
                    "case-insensitive file systems (macOS, Windows)",
                )
            )
        targets[lower] = dst
        final.append(Classification(c.path, c.category, choice.name, c.reason))
        moves.append(Move(c.path, dst, c.reason, c.category))
        stub = c.path[:-3] + ".pyi"
        if stub in project.workspace.files:
            moves.append(Move(stub, dst[:-3] + ".pyi", f"type stub of {name}", c.category))

    in_use = {m.category for m in moves}
    packages = {k: v for k, v in packages.items() if k in in_use}
    created = [
        CreatedFile(join(p.path, "__init__.py"), f'"""{p.description}."""\n', f"new package {p.name}/")
        for p in packages.values()
        if join(p.path, "__init__.py") not in project.layout.files
    ]
    for p in packages.values():
        if p.exists or not project.workspace.abspath(p.path).is_dir():
            continue
        findings.append(
            Finding(
                p.path,
                1,
                "folder-becomes-package",
                f"{p.path}/ already exists; it gets an __init__.py and becomes a package",
                "info",
            )
        )
    decision = Decision(tuple(final), packages, moves, created, findings)
    project.cache["decision"] = decision
    return decision


def _names_from_other_roots(project: Project) -> dict[str, str]:
    """Top-level modules and packages importable from search roots other than the backend folder."""
    layout = project.layout
    provenance = project.cache.get("sys_path", {})
    names: dict[str, str] = {}
    for root in layout.global_roots:
        if root == project.backend:
            continue
        why = f"put on sys.path by {provenance[root]}" if root in provenance else "a search root"
        for path in layout.files:
            rel = path[len(root) + 1 :] if root else path
            if root and not path.startswith(root + "/"):
                continue
            parts = rel.split("/")
            if len(parts) == 1 and parts[0].endswith(".py"):
                name = parts[0][:-3]
            elif len(parts) == 2 and parts[1] == "__init__.py":
                name = parts[0]
            else:
                continue
            if root == "" and project.backend and name == project.backend.split("/")[0]:
                continue
            names.setdefault(name, f"{join(root, parts[0]) if root else parts[0]} is importable as {name!r} ({why})")
    return names


def organize_project(project: Project, skip_unparsable: bool = False, progress: Progress = _noop) -> Plan:
    """Plan the reorganization of an already scanned project."""
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
    return build_plan(project, move_list, list(created or []), (), (), [], _noop, only)


def affected_files(project: Project, moves: Mapping[str, str]) -> set[str]:
    """The Python files a few moves can affect: the moved files, their importers (also through packages and
    strings), and files whose imports could resolve to the new locations."""
    graph = project.cache.get("graph")
    if graph is None:
        graph = project.cache["graph"] = build_graph(project.layout, project.indexes)
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
) -> Plan:
    """Rewrite, collect findings and verify. ``only`` limits the Python files looked at (single moves)."""
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
    for path in sorted(project.indexes if only is None else only & set(project.indexes)):
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
        if new_path != path and index.main_block and project.kind == "import-root" and project.config.script_bootstrap:
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
                if sub in py_moves:
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
            Finding(path, line, "not-parsed", f"{message}; its imports were not checked or updated", "error")
        )
    findings.extend(_shadow_findings(project, py_moves))
    _refuse_outside_links(project, ctx)

    text_changes, text_findings, text_created = rewrite_text_files(project, moves, packages, created, renamer)
    changes.extend(text_changes)
    findings.extend(text_findings)
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
    )
    verification = verify_plan(project, plan, ctx, only)
    plan = Plan(**{**plan.__dict__, "verification": verification})
    if not verification.ok:
        details = "\n".join(f"  {f.path}:{f.line}: {f.message}" for f in verification.problems)
        raise PlanError("refusing this plan: after it, these imports would not resolve to the same code:\n" + details)
    return plan


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


def _shadow_findings(project: Project, moves: Mapping[str, str]) -> list[Finding]:
    """Backend modules whose import name means something else than the file: stdlib names, shadowed files."""
    findings = []
    layout = project.layout
    top_level = sorted(p for p in project.indexes if parent_dir(p) == project.backend)
    for src in top_level:
        name = posixpath.basename(src)[:-3]
        dst = moves.get(src)
        if name in STDLIB and project.kind == "import-root":
            after = (
                f"the project's own imports keep using it (now {dst}), but other code importing {name!r} gets "
                "the standard library after the move"
                if dst
                else "it stays, so it keeps shadowing it (standard-library code that imports it gets this file)"
            )
            findings.append(
                Finding(
                    src,
                    1,
                    "stdlib-shadow",
                    f"{src} shadows the standard-library module {name!r} for code run from here; " + after,
                )
            )
        package = join(parent_dir(src), name)
        if layout.is_package(package):
            findings.append(
                Finding(
                    src,
                    1,
                    "shadowed-module",
                    f"{src} is shadowed by the package {package}/ (`import {name}` gives the "
                    "package), so nothing imports it today" + (f"; after the move it is {dst}" if dst else ""),
                )
            )
    return findings


def _refuse_outside_links(project: Project, ctx: MoveContext) -> None:
    """A symlinked module pointing outside the workspace cannot be edited; refuse if it imports what moves."""
    problems = []
    for rel, index in sorted(project.cache.get("outside_links", {}).items()):
        for stmt in index.imports:
            names = [stmt.module or ""] if stmt.is_from else [a.name for a in stmt.names]
            for name in names:
                chain = ctx.old.resolve_from(rel, name) if name and not stmt.level else None
                if chain and any(t.path in ctx.moves for t in chain):
                    problems.append(f"  {rel}:{stmt.line}: imports {name}, which moves")
    if problems:
        raise PlanError(
            "these files are symbolic links to modules outside the workspace, which the tool will not edit, and "
            "they import modules that would move:\n"
            + "\n".join(problems)
            + "\nReplace the links with copies, or keep those modules in place with [tool.backend-organizer] keep."
        )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(sorted(findings, key=lambda f: (f.path, f.line, f.code, f.message))))
