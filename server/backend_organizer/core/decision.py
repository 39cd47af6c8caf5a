"""Deciding where every backend file goes: classification, package names (with the collision guard), moves.

The first half of a plan, computed once per scanned project and cached on it; the planner then rewrites
references for these moves.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from .categories import Category, category_map
from .classify import FileFacts, classify_file
from .collisions import choose_packages, declared_dependencies, installed_packages, taken_names
from .graph import ImportGraph, project_graph
from .layout import join, parent_dir
from .model import Classification, CreatedFile, Finding, Move, PackageChoice
from .project import Project


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
    graph = project_graph(project)
    classifications = _keep_shared_conftest(project, classify_backend(project, graph, categories), categories)
    classifications = _keep_what_unparsed_files_import(project, classifications)
    used = [categories[c] for c in dict.fromkeys(c.category for c in classifications if c.category)]
    backend = project.backend
    existing = {
        posixpath.basename(d)
        for d in project.layout.dirs
        if d and parent_dir(d) == backend and project.layout.is_package(d)
    }
    staying = _staying_names(project, classifications, graph)
    externals = third_party_imports(project, graph)
    declared = declared_dependencies(project.root)
    if project.as_import_root:
        staying.update(_names_from_other_roots(project))
        taken = taken_names(externals, declared, installed_packages(project.root, project.config.python), staying)
    else:
        # subpackages (backend.agents) cannot shadow top-level imports, but a package named like a library the
        # code imports (agents/ beside `from agents import Agent`) confuses every reader and any code run from
        # inside the folder; stdlib and merely installed names are fine inside a package
        taken = taken_names(externals, declared, {}, staying, stdlib=False)
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


def unparsed_dependencies(project: Project) -> dict[str, tuple[str, int]]:
    """Workspace files that the files which do not parse import (read as text): ``path -> (importer, line)``."""
    layout = project.layout
    found: dict[str, tuple[str, int]] = {}
    for importer, statements in sorted(project.unparsed_imports.items()):
        for stmt in statements:
            targets = []
            if stmt.is_from:
                chain = (
                    layout.resolve_relative(importer, stmt.level, stmt.module)
                    if stmt.level
                    else layout.resolve_from(importer, stmt.module or "")
                )
                if chain:
                    targets.extend(chain)
                    targets.extend(t for a in stmt.names if (t := layout.submodule(chain[-1], a.name)) is not None)
            else:
                for alias in stmt.names:
                    targets.extend(layout.resolve_from(importer, alias.name) or [])
            for target in targets:
                found.setdefault(target.path, (importer, stmt.line))
    return found


def _keep_what_unparsed_files_import(project: Project, classifications: list[Classification]) -> list[Classification]:
    """A file left unparsed still imports its dependencies when it runs: they stay where they are."""
    if not project.unparsed_imports:
        return classifications
    needed = unparsed_dependencies(project)
    return [
        Classification(
            c.path,
            None,
            None,
            f"stays: {needed[c.path][0]}:{needed[c.path][1]} imports it, and that file does not parse, so its "
            "imports cannot be rewritten",
        )
        if c.category is not None and c.path in needed
        else c
        for c in classifications
    ]


def third_party_imports(project: Project, graph: ImportGraph) -> dict[str, str]:
    """Top-level names the code imports that no workspace module provides (``agents``, ``chatkit`` …)."""
    local = {_stem(p) for p in project.layout.files} | {p.rsplit("/", 1)[-1] for p in project.layout.dirs if p}
    return {name: where for name, where in graph.external.items() if name not in local}


def _stem(path: str) -> str:
    name = posixpath.basename(path)
    return posixpath.basename(parent_dir(path)) if name == "__init__.py" else name[:-3]


def _keep_shared_conftest(
    project: Project, classifications: list[Classification], categories: Mapping[str, Category]
) -> list[Classification]:
    """A root ``conftest.py`` also serves tests in sub-folders; moving it into tests/ would take its fixtures
    away from them, so it stays when there are such tests."""
    backend = project.backend
    conftest = join(backend, "conftest.py")
    tests_dir = join(backend, "tests")
    others = [
        p
        for p in project.indexes
        if p.startswith(f"{backend}/" if backend else "")
        and parent_dir(p) != backend
        and not p.startswith(tests_dir + "/")
        and _is_test_file(posixpath.basename(p), categories)
    ]
    if not others:
        return classifications
    return [
        Classification(c.path, None, None, f"conftest.py also serves the tests in {parent_dir(others[0])}/; it stays")
        if c.path == conftest and c.category == "tests"
        else c
        for c in classifications
    ]


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
