"""Plain data the engine produces: text edits, file changes, moves, findings and the plan.

Everything here is a frozen dataclass of built-in types so that the CLI, the language server and tests can
consume it without knowing how it was computed. Paths are POSIX paths relative to the workspace root;
offsets are code-point offsets into the decoded text of a file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .findings import Severity

if TYPE_CHECKING:
    from .scan.import_model import ImportModel

EditKind = Literal["import", "usage", "string", "path", "config", "docs", "script"]


@dataclass(frozen=True, order=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``new_text``; ``certain`` is False for edits a human should confirm."""

    start: int
    end: int
    new_text: str
    kind: EditKind = "import"
    reason: str = ""
    certain: bool = True


@dataclass(frozen=True)
class FileChange:
    """All edits to one existing file, with the text before and after (``path`` is where it lives now)."""

    path: str
    old_text: str
    new_text: str
    edits: tuple[TextEdit, ...]
    is_python: bool = True
    encoding: str = "utf-8"

    @property
    def old_bytes(self) -> bytes:
        return self.old_text.encode(self.encoding)

    @property
    def new_bytes(self) -> bytes:
        return self.new_text.encode(self.encoding)


@dataclass(frozen=True)
class Move:
    """Move one file; ``reason`` says why it goes where it goes."""

    src: str
    dst: str
    reason: str
    category: str = ""


@dataclass(frozen=True)
class CreatedFile:
    """A new file (an ``__init__.py`` of a new package) and its content."""

    path: str
    content: str
    reason: str = ""


@dataclass(frozen=True)
class Finding:
    """A warning or note about something the tool could not or did not change, with file:line."""

    path: str
    line: int
    code: str
    message: str
    severity: Severity = "warning"  # the catalogue in findings.py gives each code its severity


@dataclass(frozen=True)
class Classification:
    """Where a backend file belongs (``package`` is None when it stays where it is) and why."""

    path: str
    category: str | None
    package: str | None
    reason: str
    #: The strongest signal that pointed elsewhere (``plan --explain`` shows every signal).
    runner_up: str = ""


@dataclass(frozen=True)
class PackageChoice:
    """The package a category maps to, and why that name (collisions make it differ from the category)."""

    category: str
    name: str
    path: str
    description: str
    reason: str
    exists: bool = False


@dataclass(frozen=True)
class Verification:
    """Outcome of the static check that every import still resolves to the same file after the plan."""

    checked_imports: int
    problems: tuple[Finding, ...] = ()
    #: Imports of workspace modules that resolve under no import model (not proven, left as they are).
    unresolved: tuple[Finding, ...] = ()
    #: The import models checked (``import root backend/``, ``package backend``).
    models: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def merged(self, other: Verification) -> Verification:
        """Both checks: a plan is proven only if it is proven under every model."""
        problems = tuple(dict.fromkeys((*self.problems, *other.problems)))
        return Verification(
            max(self.checked_imports, other.checked_imports),
            problems,
            self.unresolved,
            (*self.models, *(m for m in other.models if m not in self.models)),
        )


@dataclass(frozen=True)
class Plan:
    """The whole reorganization: moves, new files, edits, findings and the verification verdict."""

    root: str
    backend: str
    layout: Literal["import-root", "package", "both"]
    classifications: tuple[Classification, ...] = ()
    packages: tuple[PackageChoice, ...] = ()
    moves: tuple[Move, ...] = ()
    created: tuple[CreatedFile, ...] = ()
    changes: tuple[FileChange, ...] = ()
    findings: tuple[Finding, ...] = ()
    verification: Verification = field(default_factory=lambda: Verification(0))
    scanned_files: int = 0
    #: How the backend's code is imported when it runs, and the evidence for it.
    import_model: ImportModel | None = None
    #: Folders the plan creates (relative to ``root``, parents first), as the disk was when it was planned:
    #: editors that cannot create folders themselves get them from here, so converting a plan reads no disk.
    new_dirs: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.moves and not self.created and not self.changes

    def new_path(self, path: str) -> str:
        """Where ``path`` lives after the plan is applied."""
        for move in self.moves:
            if move.src == path:
                return move.dst
        return path


def folders_to_create(plan: Plan, exists: Callable[[str], bool]) -> list[str]:
    """The folders that new files and move destinations of ``plan`` need and that do not ``exist`` yet
    (relative paths, each after its parent), in the order the plan first needs them."""
    found: list[str] = []
    for path in [c.path for c in plan.created] + [m.dst for m in plan.moves]:
        directory = posixpath.dirname(path)
        chain = []
        while directory and directory not in found and not exists(directory):
            chain.append(directory)
            directory = posixpath.dirname(directory)
        found.extend(reversed(chain))
    return found
