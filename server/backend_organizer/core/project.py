"""Scanning a workspace into a :class:`Project`: decoded sources, per-file indexes and the import layout.

This is the only place that reads Python files from disk. Editors pass ``overlay`` texts for open buffers
so plans are computed from what the user sees, not from stale disk contents.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .config import Config, load_config
from .discovery import Workspace, discover
from .index import FileIndex, build_index
from .layout import Layout, parent_dir
from .pytest_settings import PytestSettings, read_pytest_settings
from .sourcefile import DecodeError, SourceFile

#: Above this many Python files, parsing is spread over worker processes.
PARALLEL_THRESHOLD = 400


@dataclass
class Project:
    """Everything the planner needs to know about the workspace, computed once."""

    workspace: Workspace
    config: Config
    sources: dict[str, SourceFile]
    indexes: dict[str, FileIndex]
    unparsable: list[tuple[str, int, str]]
    layout: Layout
    kind: Literal["import-root", "package"]
    pytest: PytestSettings
    other_files: tuple[str, ...] = ()
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def backend(self) -> str:
        return self.workspace.backend

    @property
    def python_files(self) -> list[str]:
        return sorted(self.indexes)


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
    return rel, source, build_index(rel, tree, len(source.starts)), None


def _load_chunk(items: list[tuple[str, bytes]]) -> list[tuple[str, SourceFile | None, FileIndex | None, Any]]:
    return [load_one(rel, raw) for rel, raw in items]


def _read(root: Path, rel: str) -> bytes:
    with open(root / rel, "rb") as handle:
        return handle.read()


def _global_roots(workspace: Workspace, config: Config, pytest: PytestSettings, kind: str) -> list[str]:
    roots: list[str] = []
    if kind == "import-root" and workspace.backend:
        roots.append(workspace.backend)
    for extra in (*config.roots, *pytest.pythonpath):
        norm = os.path.normpath(extra).replace(os.sep, "/")
        roots.append("" if norm == "." else norm)
    roots.append("")
    return roots


def scan(
    folder: Path,
    root: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    overlay: Mapping[str, str] | None = None,
    jobs: int | None = None,
) -> Project:
    """Read, parse and index every Python file of the workspace around ``folder``."""
    folder = Path(os.path.abspath(folder))
    provisional_root = Path(os.path.abspath(root)) if root else None
    from .discovery import detect_backend, find_root

    config_root = provisional_root or find_root(folder)
    config = load_config(config_root, overrides)
    folder, detected = detect_backend(folder, config_root, config.backend)
    workspace = discover(folder, provisional_root or config_root, config.exclude)
    py_files = [f for f in workspace.files if f.endswith(".py") and f not in workspace.symlinks]
    other = tuple(f for f in workspace.files if not f.endswith(".py"))
    overlay = overlay or {}

    items = [(rel, overlay[rel].encode("utf-8") if rel in overlay else _read(workspace.root, rel)) for rel in py_files]
    results: list[tuple[str, SourceFile | None, FileIndex | None, Any]]
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and len(items) >= PARALLEL_THRESHOLD:
        chunk = max(1, len(items) // (workers * 4))
        chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for part in pool.map(_load_chunk, chunks) for r in part]
    else:
        results = _load_chunk(items)

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

    backend = workspace.backend
    kind: Literal["import-root", "package"] = (
        "package" if backend and f"{backend}/__init__.py" in workspace.files else "import-root"
    )
    pytest = read_pytest_settings(workspace.root)
    all_py = [f for f in workspace.files if f.endswith(".py")]
    dirs = {parent_dir(f) for f in workspace.files}
    layout = Layout(all_py, dirs, _global_roots(workspace, config, pytest, kind))
    project = Project(workspace, config, sources, indexes, problems, layout, kind, pytest, other)
    if detected:
        project.cache["detected"] = detected
    return project
