"""What every rewrite rule sees: the layouts before and after the moves, the plan-wide inputs, and one file.

:class:`MoveContext` is the pure geometry (old layout, new layout, file moves); :class:`PlanState` adds what
one plan shares between rules (the project, moved module names, moved package folders, the renamer for paths
and commands, the scripts that get a bootstrap); :class:`FileWork` is one Python file (or notebook cell) as a
rule receives it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import CreatedFile, Move, PackageChoice
from ..scan.index import FileIndex
from ..scan.layout import parent_dir
from ..scan.memo import MemoKey
from ..scan.sourcefile import SourceFile
from .moves import MoveContext as MoveContext

if TYPE_CHECKING:
    from ..scan.project import Project
    from .renamer import Renamer


@dataclass
class PlanState:
    """The inputs one plan shares between its rules."""

    project: Project
    ctx: MoveContext
    renamer: Renamer
    #: Every move of the plan (Python files and others), the files it creates and the packages it chose.
    moves: tuple[Move, ...] = ()
    created: tuple[CreatedFile, ...] = ()
    packages: tuple[PackageChoice, ...] = ()
    #: Whether text rules may add a "Project structure" section to the README (organizing does).
    add_structure: bool = False
    #: Moved files that get the run-by-path bootstrap (decided by the planner from run evidence).
    bootstrapped: frozenset[str] = frozenset()
    #: Python files the plan looks at (None: all of them).
    only: frozenset[str] | None = None
    indexes: dict[str, FileIndex] = field(init=False)

    def __post_init__(self) -> None:
        self.indexes = self.project.indexes

    @cached_property
    def looked_at(self) -> list[str]:
        """The Python files the plan looks at, sorted."""
        return sorted(self.indexes if self.only is None else self.only & set(self.indexes))

    @cached_property
    def moved_names(self) -> set[str]:
        """Module names (file stems) of the moved Python files."""
        return {posixpath.basename(src)[:-3] for src in self.ctx.moves}

    @cached_property
    def containers(self) -> set[str]:
        """Folders whose modules move (package attribute chains through them change)."""
        return moved_ancestors(self.ctx.moves)


@dataclass(frozen=True)
class FileWork:
    """One Python file as a rule receives it: where it is, where it goes, its text and its index."""

    path: str
    new_path: str
    source: SourceFile
    index: FileIndex


def moved_ancestors(moves: dict[str, str]) -> set[str]:
    """Every directory that (transitively) contains a moved file, before the move."""
    result: set[str] = set()
    for src in moves:
        directory = parent_dir(src)
        while directory not in result:
            result.add(directory)
            if not directory:
                break
            directory = parent_dir(directory)
    return result


def move_names(moves: Mapping[str, str]) -> set[str]:
    """Every name a reference to these moves could use: module names before and after, and the folders."""
    names = {posixpath.basename(p)[:-3] for p in (*moves, *moves.values())}
    return names | {part for dst in moves.values() for part in dst[:-3].split("/")}


_STRING_PART = re.compile(r"[./:]")


def strings_mention(index: FileIndex, names: set[str]) -> bool:
    """Whether a string of the file has one of ``names`` as a dotted, slashed or colon-separated part."""
    return any(part in names for ref in index.strings for part in _STRING_PART.split(ref.value))


#: Each dotted, slashed or colon-separated part of the project's module-path strings → the files with such a
#: string: :func:`files_whose_strings_mention` answers from it instead of splitting every string of every file.
STRING_PARTS: MemoKey[dict[str, set[str]]] = MemoKey("string_parts")


def files_whose_strings_mention(project: Project, names: set[str]) -> set[str]:
    """The Python files for which :func:`strings_mention` is true (from a memo made once per project)."""
    by_part = project.memo.get(STRING_PARTS)
    if by_part is None:
        by_part = {}
        for path, index in project.indexes.items():
            for ref in index.strings:
                for part in _STRING_PART.split(ref.value):
                    by_part.setdefault(part, set()).add(path)
        project.memo.put(STRING_PARTS, by_part)
    found: set[str] = set()
    for name in names:
        found |= by_part.get(name, set())
    return found
