"""What a project declares it depends on: import names from requirements files and ``pyproject.toml``.

Read by the collision guard (a new package must not shadow a dependency) and by the stale-import check (an
unresolved import of a declared dependency is not stale), so it lives with the scan, not with either.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..categories import DISTRIBUTION_IMPORT_NAMES
from .tomlfiles import read_toml

_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise_distribution(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def import_names_of(distribution: str) -> tuple[str, ...]:
    norm = normalise_distribution(distribution)
    return DISTRIBUTION_IMPORT_NAMES.get(norm, (norm.replace("-", "_"),))


def declared_dependencies(root: Path, backend: str = "") -> dict[str, str]:
    """Import name → the requirement that provides it, from requirements files and pyproject (of the workspace
    root, and of the backend folder and the folders between, where projects often keep them)."""
    found: dict[str, str] = {}
    folders = [root]
    parts = [p for p in backend.split("/") if p]
    for depth in range(1, len(parts) + 1):
        folders.append(root.joinpath(*parts[:depth]))
    for folder in folders:
        for name, where in _declared_in(folder, root).items():
            found.setdefault(name, where)
    return found


def _declared_in(root: Path, workspace: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    prefix = "" if root == workspace else root.relative_to(workspace).as_posix() + "/"
    for req in sorted(root.glob("requirements*.txt")) + sorted(root.glob("requirements/*.txt")):
        try:
            lines = req.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith(("-", "git+", "http")):
                continue
            match = _REQ_NAME.match(line)
            if match:
                for name in import_names_of(match.group(1)):
                    found.setdefault(name, f"{prefix}{req.name} requires {match.group(1)}")
    pyproject = read_toml(root / "pyproject.toml")
    if pyproject.exists:
        project = pyproject.document.get("project", {})
        deps = list(project.get("dependencies", []) or [])
        for extra in (project.get("optional-dependencies", {}) or {}).values():
            deps.extend(extra)
        for dep in deps:
            match = _REQ_NAME.match(str(dep))
            if match:
                for name in import_names_of(match.group(1)):
                    found.setdefault(name, f"{prefix}pyproject.toml depends on {match.group(1)}")
    return found
