"""Which Python a project targets, and saying so when its code uses syntax newer than the tool's Python.

A file that does not parse may be newer syntax (``except A, B:`` is valid in 3.14): when the project says it
targets a newer Python (``requires-python``, ``.python-version``) than the one the tool runs on, the error says
exactly that and which Python to run the tool with.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .tomlfiles import read_toml

_VERSION = re.compile(r"(\d+)\.(\d+)")


def target_python(root: Path) -> tuple[tuple[int, int], str] | None:
    """The oldest Python the project says it runs on, and where it says so (``requires-python``,
    ``.python-version``)."""
    found: list[tuple[tuple[int, int], str]] = []
    document = read_toml(root / "pyproject.toml").document
    requires = document.get("project", {}).get("requires-python")
    if isinstance(requires, str):
        lower = [m for m in re.finditer(r"(>=|~=|==|>)\s*(\d+\.\d+)", requires)]
        if lower:
            major, minor = _VERSION.match(lower[0].group(2)).groups()  # type: ignore[union-attr]
            found.append(((int(major), int(minor)), f'requires-python = "{requires}" in pyproject.toml'))
    try:
        pinned = (root / ".python-version").read_text(encoding="utf-8").strip().splitlines()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        pinned = ""
    match = _VERSION.match(pinned)
    if match:
        found.append(((int(match.group(1)), int(match.group(2))), f".python-version says {pinned}"))
    return max(found) if found else None


def explain_newer_syntax(
    problems: list[tuple[str, int, str]], target: tuple[tuple[int, int], str] | None
) -> list[tuple[str, int, str]]:
    """Say so when a syntax error may be newer syntax that this interpreter cannot parse."""
    running = sys.version_info[:2]
    if target is None or target[0] <= running:
        return problems
    (major, minor), where = target
    note = (
        f" (the project targets Python {major}.{minor}: {where}; this tool runs on Python "
        f"{running[0]}.{running[1]}, which cannot parse newer syntax: run backend-organizer with "
        f"python{major}.{minor}, e.g. `python{major}.{minor} -m pip install backend-organizer` then "
        f"`python{major}.{minor} -m backend_organizer plan`)"
    )
    return [(p, line, m + note if m.startswith("syntax error") else m) for p, line, m in problems]
