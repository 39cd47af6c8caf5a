"""How the project runs, read from its files: the commands of its run files, its entry points, its pytest
``pythonpath``, and from those the import model of the backend (:mod:`import_model`).

Run files are the Procfile, Dockerfiles, Makefiles, shell scripts, CI workflows, compose files and READMEs
(:func:`runcontext.is_run_file`); they are read here once per scan, and only up to a size.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import Config
from .discovery import Workspace, project_files
from .import_model import ImportModel, infer_import_model
from .index import FileIndex
from .launchers import LaunchRef, find_launches
from .pytest_settings import PytestSettings
from .runcontext import default_base, is_run_file
from .tomlfiles import read_toml


def _read_run_file(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) > RUN_FILE_MAX_BYTES or b"\0" in raw:
        return None
    return raw.decode("utf-8", errors="replace")


#: Command files larger than this are not read for evidence of how the backend runs.
RUN_FILE_MAX_BYTES = 512_000


def entry_points(workspace: Workspace) -> list[tuple[str, int, str]]:
    found = []
    for path in project_files(workspace.abspath(workspace.backend), workspace.root, "pyproject.toml"):
        found.extend(_entry_points_in(path, path.relative_to(workspace.root).as_posix()))
    return found


def _entry_points_in(path: Path, rel: str) -> list[tuple[str, int, str]]:
    """``(rel, line, "module:attr")`` of every script and entry point of one pyproject.toml."""
    pyproject = read_toml(path)
    if pyproject.error or pyproject.text is None:
        return []
    text, document = pyproject.text, pyproject.document
    project = document.get("project", {})
    tables = [project.get("scripts", {}), project.get("gui-scripts", {})]
    tables.extend((project.get("entry-points", {}) or {}).values())
    tables.append(document.get("tool", {}).get("poetry", {}).get("scripts", {}))
    found = []
    lines = text.splitlines()
    for table in tables:
        if not isinstance(table, dict):
            continue
        for value in table.values():
            if isinstance(value, str):
                line = next((n for n, t in enumerate(lines, start=1) if value in t), 1)
                found.append((rel, line, value))
    return found


def import_model_of(
    workspace: Workspace,
    config: Config,
    pytest: PytestSettings,
    indexes: dict[str, FileIndex],
    all_py: list[str],
    dirs: set[str],
    launches: list[LaunchRef],
    inserts: dict[str, str],
) -> ImportModel:
    backend = workspace.backend
    where = _setting_line(workspace.root, pytest.file, "pythonpath") if pytest.file else "pytest settings"
    paths = [(os.path.normpath(p).replace(os.sep, "/"), where) for p in pytest.pythonpath] + [
        (os.path.normpath(p).replace(os.sep, "/"), _setting_line(workspace.root, "pyproject.toml", "roots"))
        for p in config.roots
    ]
    return infer_import_model(
        backend,
        all_py,
        dirs,
        indexes,
        launches,
        entry_points(workspace) if backend and config.layout is None else [],
        paths,
        inserts,
        config.layout,
        has_init=bool(backend) and f"{backend}/__init__.py" in workspace.files,
    )


def _setting_line(root: Path, rel: str, key: str) -> str:
    """``file:line`` of the first line of ``rel`` that sets ``key`` (``file`` alone when it is not found)."""
    try:
        lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return rel
    number = next((n for n, line in enumerate(lines, start=1) if line.strip().startswith(key)), None)
    return f"{rel}:{number}" if number else rel


def launches_of(workspace: Workspace, other: tuple[str, ...], dirs: set[str]) -> list[LaunchRef]:
    """The commands of the workspace's run files (Procfile, Dockerfile, Makefile, CI, README …)."""
    texts = {}
    for rel in other:
        if is_run_file(rel):
            text = _read_run_file(workspace.root / rel)
            if text is not None:
                texts[rel] = text
    return find_launches(texts, {rel: default_base(rel, workspace.backend) for rel in texts}, dirs)
