"""``workspace/willRenameFiles``: the import and reference updates for files or folders the user moves.

The client performs the renames itself after applying the returned edit, so the edit only holds text
changes, addressed to the files' current (old) URIs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from ..core.api import OrganizerError, plan_moves
from .capabilities import edit_support
from .convert import plan_workspace_edit

if TYPE_CHECKING:
    from .session import Session
    from .state import OrganizerServer


def _moves(ls: OrganizerServer, params: types.RenameFilesParams) -> tuple[Session, dict[str, str]] | None:
    session = None
    moves: dict[str, str] = {}
    for item in params.files:
        old, new = ls.path_of(item.old_uri), ls.path_of(item.new_uri)
        if old is None or new is None:
            continue
        session = session or ls.session_for(old)
        if session is None:
            return None
        try:
            old_rel = old.relative_to(session.root).as_posix()
            new_rel = new.relative_to(session.root).as_posix()
        except ValueError:
            continue
        if old.is_dir():
            for file in old.rglob("*.py"):
                rel = file.relative_to(old).as_posix()
                moves[f"{old_rel}/{rel}"] = f"{new_rel}/{rel}"
        elif old.suffix == ".py" and new.suffix == ".py":
            moves[old_rel] = new_rel
    return (session, moves) if session is not None and moves else None


def _edit(ls: OrganizerServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    found = _moves(ls, params)
    if found is None:
        return None
    session, moves = found
    project = session.project(session.root, ls.overlay(session))
    moves = {src: dst for src, dst in moves.items() if src in project.indexes}
    if not moves:
        return None
    plan = plan_moves(project, moves)
    if not plan.changes:
        return None
    support = edit_support(ls.client_capabilities)
    return plan_workspace_edit(plan, ls.versions(session), support, ls.encoding, include_moves=False).edit


async def will_rename(ls: OrganizerServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    if params.files and all((f.old_uri, f.new_uri) in ls.own_renames for f in params.files):
        return None  # the renames of the server's own organize edit: their references are already in it
    try:
        return await ls.off_loop(_edit, ls, params)
    except OrganizerError as exc:
        ls.show(f"Backend Organizer could not update imports for this move: {exc}", types.MessageType.Warning)
        return None
