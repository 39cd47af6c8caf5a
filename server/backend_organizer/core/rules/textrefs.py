"""Updating references to moved files outside Python code, and the packaging traps they hide.

Handled per kind of file: command lines (Makefile, Procfile, shell scripts, Dockerfile RUN/CMD/ENTRYPOINT,
docker-compose, CI workflows, tox), entry points and module lists in ``pyproject.toml`` and ``setup.cfg``,
``.vscode/launch.json`` programs, paths in config files, and documentation (Markdown/reST code and prose).
Every edit carries a reason and is marked as one to confirm in editors. Traps the tool cannot fix safely
(setuptools flat-layout discovery, a Dockerfile that copies only ``*.py``) are reported.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ..model import CreatedFile, EditKind, FileChange, Finding, Move, PackageChoice, TextEdit
from ..scan.globs import NamePatterns
from ..scan.launchers import APP_TOOLS
from ..scan.project import Project
from ..scan.runcontext import default_base, segments
from ..scan.sourcefile import apply_edits, line_starts
from .commands import LineEdit, rewrite_command_line
from .packaging import PackagingRewriter
from .renamer import Renamer
from .structure import structure_edit

_COMMAND_FILES = (
    "Makefile",
    "makefile",
    "GNUmakefile",
    "*.mk",
    "Procfile",
    "Procfile.*",
    "*.sh",
    "*.bash",
    "*.zsh",
    "Dockerfile",
    "Dockerfile.*",
    "*.dockerfile",
    "Containerfile",
    "*.yml",
    "*.yaml",
    "tox.ini",
    "justfile",
    "Justfile",
    "*.cfg",
    "*.ini",
    "*.toml",
    "*.json",
    "README*.txt",
    "readme*.txt",
    "requirements*.txt",
    "*.md",
    "*.rst",
    ".env.example",
)
_MAX_BYTES = 2_000_000
_LAUNCH_PROGRAM = re.compile(r'"program"(\s*:\s*)"\$\{workspaceFolder\}/([^"]+\.py)"')


_COMMAND_NAMES = NamePatterns(_COMMAND_FILES)


def _wanted(rel: str) -> bool:
    return _COMMAND_NAMES.match(posixpath.basename(rel))


def _read_text(path: Path) -> tuple[str, str] | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) > _MAX_BYTES or b"\0" in raw:
        return None
    for encoding in ("utf-8", "utf-8-sig"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.encode(encoding) == raw:
            return text, encoding
    return None


_WORD = re.compile(r"\w+")


def moved_words(moves: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Every folder and module name on the paths of the moved files, before and after: a command or path that
    refers to a moved file spells one of them as a whole word (``seed`` in ``python seed.py``, ``tools`` in
    ``python -m tools`` for ``tools/__main__.py``)."""
    words: set[str] = set()
    for path in (p for move in moves for p in move):
        words.update(path[:-3].split("/") if path.endswith(".py") else path.split("/"))
    return frozenset(words)


def _line_edits(
    rel: str,
    text: str,
    base_dir: str,
    renamer: Renamer,
    kind: str,
    dirs: set[str],
    cwd: str | None = None,
    words: frozenset[str] | None = None,
) -> list[TextEdit]:
    """Edits to the commands and paths of one file, each command resolved in the folder it runs in (after
    ``cd DIR``, ``WORKDIR``, ``working-directory``: see :mod:`runcontext`). With ``words`` (see
    :func:`moved_words`), a command that spells none of them is not looked at."""
    edits: list[TextEdit] = []
    starts = line_starts(text)
    own_table = _own_config_lines(text) if posixpath.basename(rel) == "pyproject.toml" else set()
    for segment in segments(rel, text, base_dir, dirs):
        piece = segment.text
        if segment.line in own_table or not _may_name_code(piece):
            continue
        if words is not None and words.isdisjoint(_WORD.findall(piece)):
            continue
        if segment.cwd is None:
            continue  # after a cd to a folder outside the workspace nothing can be resolved
        base = segment.cwd if segment.moved else base_dir
        runs_in = cwd if cwd is not None and not segment.moved else segment.cwd
        for edit in rewrite_command_line(piece, base, renamer, runs_in):
            edits.append(_to_text_edit(edit, starts[segment.line] + segment.start, kind))
    return edits


def _may_name_code(piece: str) -> bool:
    """Cheap test: a file path, an app string, ``-m`` or a server/worker CLI that names a module."""
    return ".py" in piece or ":" in piece or "-m" in piece or any(tool in piece for tool in APP_TOOLS)


def _own_config_lines(text: str) -> set[int]:
    """Lines (0-based) of the ``[tool.backend-organizer]`` tables: this tool's configuration, never rewritten."""
    inside = False
    lines: set[int] = set()
    for number, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.lstrip("[").startswith("tool.backend-organizer")
        if inside:
            lines.add(number)
    return lines


def _to_text_edit(edit: LineEdit, offset: int, kind: str) -> TextEdit:
    edit_kind: EditKind = "script" if edit.kind == "script" else "docs" if kind == "docs" else "config"
    return TextEdit(offset + edit.start, offset + edit.end, edit.new_text, edit_kind, edit.reason, certain=False)


def _launch_json(text: str, base_dir: str, renamer: Renamer) -> list[TextEdit]:
    edits = []
    for match in _LAUNCH_PROGRAM.finditer(text):
        found = renamer.path(match.group(2), base_dir)
        if found is None:
            continue
        module = renamer.run_module(found[1], base_dir)
        if module is None:
            continue
        edits.append(
            TextEdit(
                match.start(),
                match.end(),
                f'"module"{match.group(1)}"{module}"',
                "script",
                f"{found[0]} moved to {found[1]}; debug it as a module",
                certain=False,
            )
        )
    return edits


def _dockerfile_findings(rel: str, text: str, packages: Iterable[PackageChoice]) -> list[Finding]:
    lines = text.splitlines()
    copies_all = any(re.match(r"\s*(COPY|ADD)\s+(--\S+\s+)*\.\s", line + " ", re.I) for line in lines)
    if copies_all:
        return []
    findings = []
    names = sorted(p.name for p in packages)
    for number, line in enumerate(lines, start=1):
        if re.match(r"\s*(COPY|ADD)\s", line, re.I) and "*.py" in line and names:
            suggestion = "; ".join(f"COPY {n}/ ./{n}/" for n in names)
            findings.append(
                Finding(
                    rel,
                    number,
                    "dockerfile-copies-only-py",
                    "this copies only top-level *.py files, so the new packages would be left out "
                    f"of the image; add: {suggestion}",
                )
            )
    return findings


def rewrite_text_files(
    project: Project,
    moves: list[Move],
    packages: tuple[PackageChoice, ...],
    created: list[CreatedFile],
    renamer: Renamer | None = None,
    add_structure: bool = True,
) -> tuple[list[FileChange], list[Finding], list[CreatedFile]]:
    """Edits to non-Python files, findings about packaging traps, and files to create (README section; without
    ``add_structure`` only an existing section is refreshed)."""
    if renamer is None or not moves:
        return [], [], []
    changes: list[FileChange] = []
    findings: list[Finding] = []
    packaging = PackagingRewriter(project, moves, packages, renamer)
    words = moved_words((m.src, m.dst) for m in moves)
    for rel in project.other_files:
        if not _wanted(rel):
            continue
        loaded = _read_text(project.root / rel)
        if loaded is None:
            continue
        text, encoding = loaded
        name = posixpath.basename(rel)
        base_dir = default_base(rel, project.backend)
        if name.startswith("Dockerfile") or name.endswith(".dockerfile") or name == "Containerfile":
            findings.extend(_dockerfile_findings(rel, text, packages))
        kind = "docs" if name.endswith((".md", ".rst", ".txt")) else "config"
        if name == "launch.json" and posixpath.basename(posixpath.dirname(rel)) == ".vscode":
            root_dir = posixpath.dirname(posixpath.dirname(rel))
            edits = _launch_json(text, root_dir, renamer)
            covered = [(e.start, e.end) for e in edits]
            edits += [
                e
                for e in _line_edits(rel, text, root_dir, renamer, kind, project.layout.dirs, root_dir, words)
                if not any(s <= e.start < t for s, t in covered)
            ]
        else:
            edits = _line_edits(rel, text, base_dir, renamer, kind, project.layout.dirs, words=words)
        if name == "pyproject.toml" or name == "setup.cfg":
            extra, more = packaging.rewrite(rel, text)
            covered = [(e.start, e.end) for e in extra]
            edits = [e for e in edits if not any(s <= e.start < t for s, t in covered)] + extra
            findings.extend(more)
        if edits:
            edits = _non_overlapping(edits)
            changes.append(
                FileChange(rel, text, apply_edits(text, edits), tuple(edits), is_python=False, encoding=encoding)
            )
    findings.extend(packaging.trap_findings())
    new_files: list[CreatedFile] = []
    if project.config.readme_structure:
        readme_change, readme_created = structure_edit(project, moves, packages, created, changes, add_structure)
        if readme_change is not None:
            changes = [c for c in changes if c.path != readme_change.path] + [readme_change]
        if readme_created is not None:
            new_files.append(readme_created)
    return changes, findings, new_files


def _non_overlapping(edits: list[TextEdit]) -> list[TextEdit]:
    kept: list[TextEdit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept
