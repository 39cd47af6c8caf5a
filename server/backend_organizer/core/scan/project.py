"""Scanning a workspace into a :class:`Project`: decoded sources, per-file indexes and the import layout.

This is the only place that reads Python files from disk. Editors pass ``overlay`` texts for open buffers
so plans are computed from what the user sees, not from stale disk contents.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..categories import DEFAULT_CATEGORIES
from ..errors import WorkspaceError
from ..gcpolicy import fewer_collections
from .config import Config, config_home, load_config
from .discovery import Workspace, discover
from .import_model import IMPORT_ROOT_KINDS, PACKAGE_KINDS, ImportModel
from .index import FileIndex, ImportStmt, build_index
from .launchers import LaunchRef
from .layout import Layout, parent_dir
from .memo import Memo
from .parallel import map_in_processes
from .pathexpr import sys_path_additions
from .pytest_settings import PytestSettings, find_pytest_settings
from .pyversion import explain_newer_syntax, target_python
from .run_evidence import import_model_of, launches_of
from .sourcefile import DecodeError, SourceFile
from .textimports import textual_imports

#: Above this many Python files, parsing is spread over worker processes.
PARALLEL_THRESHOLD = 400

Loaded = tuple[str, "SourceFile | None", "FileIndex | None", "tuple[int, str] | None"]


class ScanCache:
    """Per-file results of earlier scans, reused while a file's stat signature (or overlay text) is unchanged.

    The language server keeps one per workspace so a warm plan only re-reads and re-parses changed files.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[object, Loaded]] = {}
        self.last: tuple[object, Project] | None = None
        from .listing import StampedCache  # only cached scans (the language server) need it

        #: Workspace listings and backend detection, valid while the folders they came from are unchanged.
        self.listings = StampedCache()

    def get(self, rel: str, signature: object) -> Loaded | None:
        entry = self._entries.get(rel)
        if entry is not None and entry[0] == signature:
            return entry[1]
        return None

    def put(self, rel: str, signature: object, loaded: Loaded) -> None:
        self._entries[rel] = (signature, loaded)

    def retain(self, rels: set[str]) -> None:
        for rel in list(self._entries):
            if rel not in rels:
                del self._entries[rel]


@dataclass
class Project:
    """Everything the planner needs to know about the workspace, computed once."""

    workspace: Workspace
    config: Config
    sources: dict[str, SourceFile]
    indexes: dict[str, FileIndex]
    unparsable: list[tuple[str, int, str]]
    layout: Layout
    kind: Literal["import-root", "package", "both"]
    pytest: PytestSettings
    other_files: tuple[str, ...] = ()
    #: What the planner derives from the project (graph, entry points, decision, plan), computed once.
    memo: Memo = field(default_factory=Memo)
    import_model: ImportModel | None = None
    #: Further import models to verify plans under, each with its own layout (the package view of a backend
    #: that also runs as an import root).
    extra_layouts: tuple[tuple[str, Layout], ...] = ()
    #: Import statements of the files that do not parse, read as text (:mod:`textimports`).
    unparsed_imports: dict[str, list[ImportStmt]] = field(default_factory=dict)
    #: Commands of the workspace's run files and what they launch.
    launches: tuple[LaunchRef, ...] = ()
    #: Folders that code adds to ``sys.path``, each with the ``file:line`` that adds it.
    sys_path_provenance: dict[str, str] = field(default_factory=dict)
    #: Python files outside the workspace that workspace files link to (symlinks), indexed.
    outside_links: dict[str, FileIndex] = field(default_factory=dict)
    #: How the backend folder was found when the user did not name it ("" when named).
    detected: str = ""

    @property
    def as_import_root(self) -> bool:
        """The backend's modules run as top-level modules (bare imports), possibly also as a package."""
        return self.kind in IMPORT_ROOT_KINDS

    @property
    def as_package(self) -> bool:
        return self.kind in PACKAGE_KINDS

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def backend(self) -> str:
        return self.workspace.backend

    @property
    def python_files(self) -> list[str]:
        return sorted(self.indexes)


def require_python_files(project: Project) -> None:
    """Refuse a backend folder that holds no Python file at all (instead of calling it "already organized")."""
    prefix = f"{project.backend}/" if project.backend else ""
    python = [*project.sources, *project.workspace.symlinks, *(p for p, _, _ in project.unparsable)]
    if not any(p.endswith(".py") and p.startswith(prefix) for p in python):
        where = project.workspace.abspath(project.backend)
        raise WorkspaceError(f"{where}: no Python files in this folder; pass the folder that holds the backend")


def load_one(rel: str, raw: bytes) -> tuple[str, SourceFile | None, FileIndex | None, tuple[int, str] | None]:
    """Decode, parse and index one file; returns a problem ``(line, message)`` instead of raising."""
    try:
        source = SourceFile.from_bytes(rel, raw)
    except DecodeError as exc:
        return rel, None, None, (1, str(exc).split(": ", 1)[-1])
    try:
        tree = ast.parse(source.text, filename=rel)
    except SyntaxError as exc:
        return rel, source, None, (exc.lineno or 1, f"syntax error: {exc.msg}")
    except ValueError as exc:  # e.g. NUL bytes
        return rel, source, None, (1, str(exc))
    return rel, source, build_index(rel, tree, len(source.starts), source.text), None


def load_text(rel: str, text: str, root: Path) -> Loaded:
    """Like :func:`load_one` for an editor buffer: keeps the encoding declared by the file on disk."""
    encoding = "utf-8"
    try:
        with open(root / rel, "rb") as handle:
            encoding = SourceFile.from_bytes(rel, handle.read()).encoding
    except (OSError, DecodeError):
        pass
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8"
    return load_one(rel, text.encode(encoding))


def _outside_links(workspace: Workspace) -> dict[str, FileIndex]:
    """Indexes of ``.py`` symlinks whose target lies outside the workspace (read, never written)."""
    found: dict[str, FileIndex] = {}
    root = workspace.root.resolve()
    for rel in sorted(workspace.symlinks):
        if not rel.endswith(".py"):
            continue
        target = (workspace.root / rel).resolve()
        if target == root or root in target.parents or not target.is_file():
            continue
        _, _, index, _ = load_one(rel, target.read_bytes())
        if index is not None:
            found[rel] = index
    return found


def _stat_signatures(root: Path, rels: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(mtime, size) of non-Python files: configs and docs the plan reads, for the unchanged-project check."""
    signatures = []
    base = str(root)
    for rel in rels:
        try:
            st = os.stat(os.path.join(base, rel))
        except OSError:
            signatures.append((-1, -1))
            continue
        signatures.append((st.st_mtime_ns, st.st_size))
    return tuple(signatures)


def _load_chunk(job: tuple[Path, list[str]]) -> list[Loaded]:
    """Read, decode, parse and index some files (in a worker process for large workspaces)."""
    root, rels = job
    loaded: list[Loaded] = []
    for rel in rels:
        try:
            raw = _read(root, rel)
        except OSError as exc:
            loaded.append((rel, None, None, (1, f"cannot read the file ({exc.strerror or exc})")))
            continue
        loaded.append(load_one(rel, raw))
    return loaded


def _read(root: Path, rel: str) -> bytes:
    with open(root / rel, "rb") as handle:
        return handle.read()


def _package_names(config: Config) -> frozenset[str]:
    names = set(config.packages.values()) | set(config.categories)
    for category in DEFAULT_CATEGORIES:
        names.add(category.name)
        names.update(category.alternatives)
    return frozenset(names)


def _global_roots(
    workspace: Workspace, config: Config, pytest: PytestSettings, as_import_root: bool, inserted: list[tuple[str, bool]]
) -> list[str]:
    roots: list[str] = [folder for folder, prepended in inserted if prepended]
    if as_import_root and workspace.backend:
        roots.append(workspace.backend)
    for extra in (*config.roots, *pytest.pythonpath):
        norm = os.path.normpath(extra).replace(os.sep, "/")
        roots.append("" if norm == "." else norm)
    roots.extend(folder for folder, prepended in inserted if not prepended)
    roots.append("")
    return roots


def scan(
    folder: Path,
    root: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    overlay: Mapping[str, str] | None = None,
    jobs: int | None = None,
    cache: ScanCache | None = None,
) -> Project:
    """Read, parse and index every Python file of the workspace around ``folder``.

    ``overlay`` maps relative paths to the text of open editor buffers (Python files, and a ``pyproject.toml``
    whose configuration is to be used instead of the file's); ``cache`` reuses unchanged files.
    """
    with fewer_collections():
        return _scan(folder, root, overrides, overlay, jobs, cache)


def _scan(
    folder: Path,
    root: Path | None,
    overrides: Mapping[str, Any] | None,
    overlay: Mapping[str, str] | None,
    jobs: int | None,
    cache: ScanCache | None,
) -> Project:
    folder = Path(os.path.abspath(folder))
    from .discovery import detect_backend, workspace_root

    config_root = workspace_root(folder, root)
    home = config_home(folder, config_root)
    pyproject = home / "pyproject.toml"
    in_root = pyproject.is_relative_to(config_root)
    pyproject_text = (overlay or {}).get(pyproject.relative_to(config_root).as_posix()) if in_root else None
    config = load_config(home, overrides, pyproject_text)
    listings = cache.listings if cache is not None else None
    folder, detected = detect_backend(folder, config_root, config.backend, _package_names(config), listings)
    workspace = discover(folder, config_root, config.exclude, listings)
    py_files, other = workspace.python_files, workspace.other_files
    overlay = overlay or {}

    results: list[Loaded] = []
    signatures: dict[str, object] = {}
    items: list[str] = []
    # Plain strings and local names: a warm scan stats every file, and pathlib or os.path.join cost more.
    prefix = str(workspace.root).rstrip("/") + "/"
    stat_file = os.stat
    lookup = cache.get if cache is not None else None
    for rel in py_files:
        if rel in overlay:
            signature: object = ("overlay", overlay[rel])
        else:
            try:
                st = stat_file(prefix + rel)
            except OSError:
                continue
            signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        signatures[rel] = signature
        cached = lookup(rel, signature) if lookup is not None else None
        if cached is not None:
            results.append(cached)
        elif rel in overlay:
            results.append(load_text(rel, overlay[rel], workspace.root))
        else:
            items.append(rel)
    key = (
        str(folder),
        str(workspace.root),
        repr(config),
        workspace.files,
        tuple(signatures.items()),  # in the workspace's (sorted, deterministic) file order
        _stat_signatures(workspace.root, other),
    )
    if cache is not None and cache.last is not None and cache.last[0] == key and not items:
        return cache.last[1]  # nothing changed since the last scan: its project (and its cached plan) still hold
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and len(items) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(items) // (workers * 4))
        chunks = [(workspace.root, items[i : i + chunk]) for i in range(0, len(items), chunk)]
        fresh = map_in_processes(_load_chunk, chunks, workers)
    else:
        fresh = _load_chunk((workspace.root, items))
    results.extend(fresh)
    if cache is not None:
        for loaded in fresh:
            cache.put(loaded[0], signatures[loaded[0]], loaded)
        for rel in overlay:
            if rel in signatures and cache.get(rel, signatures[rel]) is None:
                cache.put(rel, signatures[rel], next(r for r in results if r[0] == rel))
        cache.retain(set(signatures))

    sources: dict[str, SourceFile] = {}
    indexes: dict[str, FileIndex] = {}
    problems: list[tuple[str, int, str]] = []
    for rel, source, index, problem in results:
        if source is not None:
            sources[rel] = source
        if index is not None:
            indexes[rel] = index
        if problem is not None:
            problems.append((rel, problem[0], problem[1]))
    if any(message.startswith("syntax error") for _, _, message in problems):
        problems = explain_newer_syntax(problems, target_python(workspace.root))
    unparsed: dict[str, list[ImportStmt]] = {}
    for rel, _, _ in problems:
        try:
            unparsed[rel] = textual_imports(_read(workspace.root, rel))
        except OSError:
            unparsed[rel] = []

    backend = workspace.backend
    pytest = find_pytest_settings(workspace.abspath(backend), workspace.root)
    all_py = [f for f in workspace.files if f.endswith(".py")]
    dirs = {parent_dir(f) for f in workspace.files}
    for directory in list(dirs):
        while directory and parent_dir(directory) not in dirs:
            directory = parent_dir(directory)
            dirs.add(directory)
    inserted: list[tuple[str, bool]] = []
    provenance: dict[str, str] = {}
    for rel in sorted(indexes):
        if indexes[rel].sys_path_lines:
            for added, line, prepended in sys_path_additions(rel, sources[rel].text):
                if added in dirs and added not in provenance:
                    inserted.append((added, prepended))
                    provenance[added] = f"{rel}:{line}"
    launches = launches_of(workspace, other, dirs)
    model = import_model_of(workspace, config, pytest, indexes, all_py, dirs, launches, provenance)
    kind = model.kind
    flat = (backend,) if model.as_import_root and backend and f"{backend}/__init__.py" in workspace.files else ()
    layout = Layout(all_py, dirs, _global_roots(workspace, config, pytest, model.as_import_root, inserted), flat)
    extra: tuple[tuple[str, Layout], ...] = ()
    if model.kind == "both":
        package_view = Layout(all_py, dirs, _global_roots(workspace, config, pytest, False, inserted))
        extra = ((model.names()[1], package_view),)
    project = Project(
        workspace,
        config,
        sources,
        indexes,
        problems,
        layout,
        kind,
        pytest,
        other,
        Memo(),
        model,
        extra,
        unparsed,
        tuple(launches),
        provenance,
        _outside_links(workspace),
        detected or "",
    )
    if cache is not None:
        cache.last = (key, project)
    return project
