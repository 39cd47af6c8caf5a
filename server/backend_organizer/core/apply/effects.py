"""What an apply or an undo will do to each file, for editors that hold some of those files open.

The language server applies plans on disk itself for editors that cannot rename files; before it does, it
brings their open buffers in line. These functions say, without changing anything, which files keep their
path and get new bytes, which leave their path, and which disappear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Plan
from .journal import Journal, journals
from .transaction import changed_since_apply


@dataclass(frozen=True)
class DiskEffect:
    """Paths are relative to the workspace root, as in a :class:`~backend_organizer.core.model.Plan`."""

    #: Files that stay where they are and get these bytes.
    rewritten: dict[str, bytes] = field(default_factory=dict)
    #: Files that leave their path: old path → new path.
    moved: dict[str, str] = field(default_factory=dict)
    #: Files that are deleted.
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingUndo:
    """The newest completed apply of a workspace, and what undoing it would do."""

    journal: Journal
    effect: DiskEffect
    #: ``{"moves": n, "changes": n}`` as recorded by apply.
    summary: dict[str, Any]
    #: Files that changed since the apply; undo refuses while there are any.
    changed: tuple[str, ...]


def plan_effect(plan: Plan) -> DiskEffect:
    moved = {m.src: m.dst for m in plan.moves}
    rewritten = {c.path: c.new_bytes for c in plan.changes if c.path not in moved}
    return DiskEffect(rewritten, moved)


def pending_undo(root: Path) -> PendingUndo | None:
    """What :func:`~backend_organizer.core.transaction.undo_last` would undo, or None when nothing is recorded."""
    applied = [j for j in journals(root) if j.read().state == "applied"]
    if not applied:
        return None
    journal = applied[-1]
    data = journal.read()
    moved_back = {s.dst: s.path for s in data.steps if s.op == "move"}
    moved = set(moved_back.values())
    rewritten = {s.path: journal.blob(s.before) for s in data.steps if s.op == "write" and s.path not in moved}
    removed = tuple(s.path for s in data.steps if s.op == "create")
    changed = tuple(changed_since_apply(journal, root))
    return PendingUndo(journal, DiskEffect(rewritten, moved_back, removed), dict(data.summary), changed)
