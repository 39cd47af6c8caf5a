"""Checks on names around the moves that the rewrite cannot fix: shadowing, and links to modules outside.

Modules named like the standard library, modules shadowed by a package of the same name, and symbolic links
to modules outside the workspace that import what moves (refused: the tool never edits outside it).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ..decide.classify import STDLIB
from ..errors import PlanError
from ..model import Finding
from ..rules.context import MoveContext
from ..scan.layout import join, parent_dir
from ..scan.memo import MemoKey
from ..scan.project import Project

#: The backend's top-level modules named like the standard library or like a package beside them: the only
#: ones :func:`shadow_findings` can report, found once per project (a warm server plans many moves on one).
SHADOW_CANDIDATES: MemoKey[tuple[str, ...]] = MemoKey("shadow_candidates")


def _shadow_candidates(project: Project) -> tuple[str, ...]:
    found = project.memo.get(SHADOW_CANDIDATES)
    if found is None:
        found = tuple(
            src
            for src in sorted(p for p in project.indexes if parent_dir(p) == project.backend)
            if (name := posixpath.basename(src)[:-3]) in STDLIB
            or project.layout.is_package(join(parent_dir(src), name))
        )
        project.memo.put(SHADOW_CANDIDATES, found)
    return found


def shadow_findings(project: Project, moves: Mapping[str, str]) -> list[Finding]:
    """Backend modules whose import name means something else than the file: stdlib names, shadowed files."""
    findings = []
    layout = project.layout
    for src in _shadow_candidates(project):
        name = posixpath.basename(src)[:-3]
        dst = moves.get(src)
        if name in STDLIB and project.as_import_root:
            after = (
                f"the project's own imports keep using it (now {dst}), but other code importing {name!r} gets "
                "the standard library after the move"
                if dst
                else "it stays, so it keeps shadowing it (standard-library code that imports it gets this file)"
            )
            findings.append(
                Finding(
                    src,
                    1,
                    "stdlib-shadow",
                    f"{src} shadows the standard-library module {name!r} for code run from here; " + after,
                )
            )
        package = join(parent_dir(src), name)
        if layout.is_package(package):
            findings.append(
                Finding(
                    src,
                    1,
                    "shadowed-module",
                    f"{src} is shadowed by the package {package}/ (`import {name}` gives the "
                    "package), so nothing imports it today" + (f"; after the move it is {dst}" if dst else ""),
                )
            )
    return findings


def data_file_findings(project: Project, moves: Mapping[str, str]) -> list[Finding]:
    """Moved modules that name a data file lying next to them (``from_file("flight_options.widget")``): after
    the move the file is no longer next to the module, and code that finds it relative to the module (or to
    its caller) fails; ``__file__``-relative paths are rewritten elsewhere, these names are not."""
    others = {rel for rel in project.other_files if not rel.endswith(".py")}
    moving = set(moves)
    findings = []
    for src, dst in sorted(moves.items()):
        index = project.indexes.get(src)
        if index is None or parent_dir(src) == parent_dir(dst):
            continue
        for ref in index.strings:
            value = ref.value
            if "/" in value or ref.kind != "dotted" or ref.span[0] in index.file_uses:
                continue
            beside = join(parent_dir(src), value)
            if beside in others and beside not in moving:
                findings.append(
                    Finding(
                        src,
                        ref.span[0],
                        "data-file-left-behind",
                        f"{value!r} names {beside}, a file next to {posixpath.basename(src)}; after the move to "
                        f"{parent_dir(dst)}/ it is not next to the module any more: if the code finds it relative "
                        "to the module, move the file along or give its path",
                    )
                )
    return findings


def refuse_outside_links(project: Project, ctx: MoveContext) -> None:
    """A symlinked module pointing outside the workspace cannot be edited; refuse if it imports what moves."""
    problems = []
    for rel, index in sorted(project.outside_links.items()):
        for stmt in index.imports:
            names = [stmt.module or ""] if stmt.is_from else [a.name for a in stmt.names]
            for name in names:
                chain = ctx.old.resolve_from(rel, name) if name and not stmt.level else None
                if chain and any(t.path in ctx.moves for t in chain):
                    problems.append(f"  {rel}:{stmt.line}: imports {name}, which moves")
    if problems:
        raise PlanError(
            "these files are symbolic links to modules outside the workspace, which the tool will not edit, and "
            "they import modules that would move:\n"
            + "\n".join(problems)
            + "\nReplace the links with copies, or keep those modules in place with [tool.backend-organizer] keep."
        )
