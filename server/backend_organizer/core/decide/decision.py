"""Deciding where every backend file goes: classification, package names (with the collision guard), moves.

The first half of a plan, computed once per scanned project and cached on it; the planner then rewrites
references for these moves.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from ..categories import Category, category_map
from ..model import Classification, CreatedFile, Finding, Move, PackageChoice
from ..scan.dependencies import declared_dependencies
from ..scan.globs import name_patterns
from ..scan.graph import ImportGraph, project_graph
from ..scan.layout import Target, backend_module_names, join, parent_dir, search_root_of
from ..scan.memo import MemoKey
from ..scan.project import Project
from ..scan.run_evidence import entry_points
from .classify import FileFacts, Signal, decide_signals, decided_by, signals
from .collisions import choose_packages, installed_packages, package_candidates, taken_names
from .siblings import align_groups, follow_siblings

ENTRY_POINT_SPECS: MemoKey[list[tuple[str, int, str]]] = MemoKey("entry_points")


def entry_point_specs(project: Project) -> list[tuple[str, int, str]]:
    """``(pyproject.toml, line, "module:attr")`` of the scripts and entry points that the pyproject files of the
    backend folder and of the folders up to the root declare (cached)."""
    cached = project.memo.get(ENTRY_POINT_SPECS)
    if cached is None:
        cached = project.memo.put(ENTRY_POINT_SPECS, entry_points(project.workspace))
    return cached


def _is_test_file(name: str, categories: Mapping[str, Category]) -> bool:
    tests = categories.get("tests")
    return tests is not None and name_patterns(tests.patterns).match(name)


def backend_facts(project: Project, graph: ImportGraph, categories: Mapping[str, Category]) -> list[FileFacts]:
    """What classification knows about each top-level backend file."""
    backend = project.backend
    candidates = sorted(
        f for f in (*project.sources, *project.workspace.symlinks) if f.endswith(".py") and parent_dir(f) == backend
    )
    unparsable = {p for p, _, _ in project.unparsable}
    launched = launched_files(project)
    found = []
    for path in dict.fromkeys(candidates):
        name = posixpath.basename(path)
        importers = graph.imported_by(path)
        tests = {i for i in importers if _is_test_file(posixpath.basename(i), categories) or _in_tests_dir(i)}
        found.append(
            FileFacts(
                path=path,
                name=name,
                index=None if path in unparsable else project.indexes.get(path),
                imported_by=len(importers - tests),
                external_imports=_outside_imports(project, path),
                is_symlink=path in project.workspace.symlinks,
                imported_by_tests=len(tests),
                launched=tuple(launched.get(path, ())),
            )
        )
    return found


def _outside_imports(project: Project, path: str) -> frozenset[str]:
    """Top-level names a file imports from outside the backend folder: third-party packages, installed or not,
    and stand-ins that some ``sys.path`` entry provides (``third_party/agents``)."""
    index = project.indexes.get(path)
    if index is None:
        return frozenset()
    prefix = f"{project.backend}/" if project.backend else ""
    names = set()
    for stmt in index.imports:
        if stmt.level:
            continue
        for dotted in [stmt.module or ""] if stmt.is_from else [a.name for a in stmt.names]:
            top = dotted.split(".")[0]
            if not top:
                continue
            chain = project.layout.resolve_from(path, top)
            if chain is None or not (chain[0].path.startswith(prefix) and not _is_root_of_other(project, chain[0])):
                names.add(top)
    return frozenset(names)


def _is_root_of_other(project: Project, target: Target) -> bool:
    """A module found through another ``sys.path`` entry inside the backend folder (a vendored library)."""
    root = search_root_of(target)
    return root != project.backend and root in project.layout.global_roots and root.startswith(project.backend)


def _in_tests_dir(path: str) -> bool:
    return any(part in {"tests", "test"} for part in path.split("/")[:-1])


def classify_backend(project: Project, graph: ImportGraph, categories: Mapping[str, Category]) -> list[Classification]:
    facts = backend_facts(project, graph, categories)
    found_signals = {f.path: signals(f, project.config, categories) for f in facts}
    found = [decide_signals(path, s) for path, s in found_signals.items()]
    found = align_groups(found, {path: decided_by(s) for path, s in found_signals.items()}, categories)
    # only files that no signal pinned (no entry point, tooling, keep, ambiguity) follow their siblings
    pinned = {path for path, s in found_signals.items() if any(x.kind in _PINNED for x in s)}
    return follow_siblings(found, {c.path for c in found} - pinned)


_PINNED = frozenset({"config", "fixed", "entry-point", "imports"})


def explain(project: Project, path: str) -> tuple[FileFacts, list[Signal], Classification] | None:
    """Every signal for one backend file, and the decision (for ``plan --explain``)."""
    categories = category_map(project.config.categories)
    graph = project_graph(project)
    decision = decide(project)
    for facts in backend_facts(project, graph, categories):
        if facts.path == path:
            chosen = next(c for c in decision.classifications if c.path == path)
            return facts, signals(facts, project.config, categories), chosen
    return None


def launched_files(project: Project) -> dict[str, list[tuple[str, str, bool]]]:
    """Backend files that commands launch: ``path -> [(file:line, command, as a service)]``.

    Commands come from the run files (Procfile, Dockerfile, Makefile, CI, README …), app strings in Python
    (``uvicorn.run("main:app")``) and ``[project.scripts]``; each target is resolved from the folder it runs
    in, like Python does."""
    layout = project.layout
    found: dict[str, list[tuple[str, str, bool]]] = {}

    def target(module: str, roots: tuple[str, ...]) -> str | None:
        parts = module.split(":")[0].split(".")
        for count in range(len(parts), 0, -1):
            chain = layout.resolve(".".join(parts[:count]), roots)
            if chain is not None and chain[-1].kind != "namespace":
                return chain[-1].path
        return None

    for ref in project.launches:
        launch = ref.launch
        if launch.import_dir is None:
            continue
        path = None
        if launch.script is not None:
            path = posixpath.normpath(join(launch.import_dir, posixpath.basename(launch.script)))
        elif launch.module is not None:
            path = target(launch.module, (launch.import_dir, *launch.extra_paths))
        if path is not None:
            found.setdefault(path, []).append((f"{ref.file}:{ref.line}", ref.text, ref.service))
    for rel, index in project.indexes.items():
        for string in index.strings:
            if string.kind == "app":
                path = target(string.value, layout.roots_for(rel))
                if path is not None:
                    found.setdefault(path, []).append((f"{rel}:{string.span[0]}", string.value, True))
    for where, line, value in entry_point_specs(project):
        path = target(value, (posixpath.dirname(where), *layout.global_roots))
        if path is not None:
            found.setdefault(path, []).append((f"{where}:{line}", value, True))
    return found


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


DECISION: MemoKey[Decision] = MemoKey("decision")


def decide(project: Project) -> Decision:
    """Classify the backend's files, choose package names and compute moves and new packages (cached)."""
    cached = project.memo.get(DECISION)
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
    for category in used:
        # a scripts/ folder of shell scripts, or a tests/ folder of fixtures, is where such files go
        if category.name in _JOINABLE_FOLDERS:
            for name in (category.name, *category.synonyms):
                if name in staying and staying[name].endswith("holds no Python code"):
                    del staying[name]
                    existing.add(name)
                    break
    externals = third_party_imports(project, graph)
    declared = declared_dependencies(project.root, project.backend)
    if project.as_import_root:
        staying.update(_names_from_other_roots(project))
        wanted = package_candidates(used, project.config.packages)
        installed = installed_packages(project.root, project.config.python, wanted)
        taken = taken_names(externals, declared, installed, staying)
    else:
        # subpackages (backend.agents) cannot shadow top-level imports, but a package named like a library the
        # code imports (agents/ beside `from agents import Agent`) confuses every reader and any code run from
        # inside the folder; stdlib and merely installed names are fine inside a package
        taken = taken_names(externals, declared, {}, staying, stdlib=False)
    packages = choose_packages(used, project.config.packages, taken, backend, existing)

    moves: list[Move] = []
    findings: list[Finding] = []
    if project.detected:
        findings.append(Finding(backend, 1, "backend-detected", project.detected, "info"))
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
        final.append(Classification(c.path, c.category, choice.name, c.reason, c.runner_up))
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
    return project.memo.put(DECISION, decision)


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


#: Categories that join an existing folder of their name even when it holds no Python code yet.
_JOINABLE_FOLDERS = frozenset({"scripts", "tests"})


def third_party_imports(project: Project, graph: ImportGraph) -> dict[str, str]:
    """Top-level names the code imports that no workspace module provides (``agents``, ``chatkit`` …).

    Names that resolve nowhere are third-party, except the backend's own modules (a bare import of a sibling
    that does not resolve under the import model is the code's problem, not a library); a module named
    ``agents.py`` deep inside another package does not make ``from agents import Agent`` local."""
    siblings = backend_module_names(project.layout, project.backend)
    return {name: where for name, where in graph.external.items() if name not in siblings}


def _keep_shared_conftest(
    project: Project, classifications: list[Classification], categories: Mapping[str, Category]
) -> list[Classification]:
    """A root ``conftest.py`` also serves tests in sub-folders; moving it into tests/ would take its fixtures
    away from them, so it stays when there are such tests."""
    backend = project.backend
    conftest = join(backend, "conftest.py")
    tests_dir = join(backend, "tests")
    if join(tests_dir, "conftest.py") in project.layout.files:
        return [
            Classification(
                c.path,
                None,
                None,
                f"{tests_dir}/ has a conftest.py of its own; this one serves every test under "
                f"{backend or 'the workspace root'}/, so it stays",
            )
            if c.path == conftest and c.category == "tests"
            else c
            for c in classifications
        ]
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
    provenance = project.sys_path_provenance
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
