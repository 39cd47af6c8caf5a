"""``backendOrganizer.organize``, ``backendOrganizer.moveModule`` and ``backendOrganizer.plan``.

The plan is computed off the event loop from the open buffers, with ``$/progress`` reports per phase. The
edit goes to the client in one ``workspace/applyEdit``; package folders the client cannot create itself
(Neovim 0.7) are created on disk just before it, and removed again if the client rejects the edit. Clients
that cannot rename files get the same plan, made from the files on disk, applied by the server itself
(:mod:`.disk_apply`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..core.api import (
    OrganizerError,
    Plan,
    has_interrupted,
    organize_project,
    parent_dir,
    plan_moves,
    plan_to_json,
    propose_move,
    recover,
)
from . import disk_apply
from .capabilities import EditSupport, edit_support, supports_work_done_progress
from .convert import plan_workspace_edit
from .state import invalid_params

if TYPE_CHECKING:
    from .arguments import FolderArguments, MoveArguments
    from .session import Session
    from .state import OrganizerServer

LABEL = "Organize backend structure"


class _Progress:
    """``$/progress`` reports sent from the planning thread through the event loop."""

    def __init__(self, ls: OrganizerServer, token: str | None, loop: asyncio.AbstractEventLoop):
        self.ls, self.token, self.loop = ls, token, loop

    def __call__(self, phase: str) -> None:
        if self.token is not None:
            token = self.token
            report = types.WorkDoneProgressReport(message=phase)
            self.loop.call_soon_threadsafe(self.ls.work_done_progress.report, token, report)


async def _begin(ls: OrganizerServer, title: str) -> str | None:
    if not supports_work_done_progress(ls.client_capabilities):
        return None
    token = f"backend-organizer-{uuid.uuid4()}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception:
        return None
    ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0, cancellable=False))
    return token


def target_folder(ls: OrganizerServer, path: Path | None) -> Path:
    """The backend folder a command names (``None``: the last workspace folder), checked to be a folder of the
    workspace."""
    folders = ls.sessions.folders
    if not folders:
        raise invalid_params("the server has no workspace folder")
    if path is None:
        return folders[-1]
    path = path.resolve()
    if ls.sessions.folder_for(path) is None:
        raise OrganizerError(f"{path} is outside the workspace folders; refusing to touch it")
    if not path.is_dir():
        raise OrganizerError(f"{path} is not a folder")
    return path


async def ready_session(ls: OrganizerServer, folder: Path) -> Session:
    """The session of ``folder``, after rolling back an apply that was interrupted there."""
    session = ls.session_for(folder)
    if session is None:
        raise OrganizerError(f"{folder} is outside the workspace folders")
    if has_interrupted(session.root):
        result = await ls.off_loop(recover, session.root)
        ls.show(
            f"Backend Organizer rolled back an interrupted apply ({result.restored if result else 0} changes).",
            types.MessageType.Warning,
        )
    return session


async def _plan(
    ls: OrganizerServer, args: FolderArguments, title: str, from_disk: bool = False
) -> tuple[Plan, dict[str, int | None]]:
    """The plan for the target folder: from the open buffers, or (``from_disk``, all of them saved) the files."""
    folder = target_folder(ls, args.path)
    session = await ready_session(ls, folder)
    if from_disk:
        disk_apply.refuse_unsaved(ls, session.root)
    overlay = {} if from_disk else ls.overlay(session)
    versions = ls.versions(session)
    token = await _begin(ls, title)
    progress = _Progress(ls, token, asyncio.get_running_loop())
    try:

        def compute() -> Plan:
            progress("scanning")
            project = session.project(folder, overlay)
            return organize_project(project, progress=progress)

        plan = await ls.off_loop(compute)
    finally:
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
    return plan, versions


async def plan_json(ls: OrganizerServer, args: FolderArguments) -> dict[str, Any]:
    try:
        plan, _ = await _plan(ls, args, "Planning backend organization")
    except OrganizerError as exc:
        raise invalid_params(exc) from None
    return plan_to_json(plan)


def _on_disk(support: EditSupport) -> bool:
    """Whether the server applies plans itself: the client cannot create and rename files."""
    return not support.rename or not support.create


async def organize(ls: OrganizerServer, args: FolderArguments) -> dict[str, Any]:
    if _on_disk(edit_support(ls.client_capabilities)):
        return disk_apply.in_background(ls, LABEL, _organize_on_disk(ls, args))
    clock = Stopwatch()
    try:
        plan, versions = await _plan(ls, args, LABEL)
    except OrganizerError as exc:
        return ls.refuse(LABEL, str(exc))
    clock.lap("planned")
    if plan.is_empty:
        ls.show("The backend is already organized: nothing to move or rewrite.")
        return {"applied": True, "moves": 0, "edits": 0, "failureReason": None}
    return await send_edit(ls, plan, versions, LABEL, "Organized the backend", clock)


async def _organize_on_disk(ls: OrganizerServer, args: FolderArguments) -> None:
    try:
        plan, _ = await _plan(ls, args, LABEL, from_disk=True)
    except OrganizerError as exc:
        ls.refuse(LABEL, str(exc))
        return
    if plan.is_empty:
        ls.show(f"{LABEL}: the backend is already organized; nothing to move or rewrite.")
        return
    moves, edits = disk_apply.files(len(plan.moves)), len(plan.changes)
    question = f"{LABEL}: move {moves}, edit {edits} and create {len(plan.created)}?"
    await disk_apply.apply(ls, plan, question, "Organize", LABEL)


class Stopwatch:
    """Seconds since a command arrived, by phase, for the log line that says where an organize spent its time."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, label: str) -> None:
        now = time.perf_counter()
        self.laps.append((label, now - self.last))
        self.last = now

    def line(self, label: str, what: str) -> str:
        """``Organize backend structure: 20 moves, 61 edits: planned 0.214 s, edit built 0.006 s, applied by the
        editor 1.032 s; 1.252 s from the command to the last rename applied``."""
        phases = ", ".join(f"{name} {seconds:.3f} s" for name, seconds in self.laps)
        return f"{label}: {what}: {phases}; {self.last - self.start:.3f} s from the command to the last rename applied"


async def send_edit(
    ls: OrganizerServer,
    plan: Plan,
    versions: dict[str, int | None],
    label: str,
    done: str,
    clock: Stopwatch | None = None,
) -> dict[str, Any]:
    """Send ``plan`` as one ``workspace/applyEdit`` and report the client's answer (with ``clock``, log where the
    time went: the editor answers once every rename and edit is applied, after its preview if it shows one)."""
    support = edit_support(ls.client_capabilities)
    build = plan_workspace_edit(
        plan,
        versions,
        support,
        ls.encoding,
        client_adds_final_newline=ls.buffers_end_with_newline,
        text_edits_first=ls.applies_text_edits_first,
    )
    created_dirs = []
    for directory in build.new_dirs:
        if not directory.exists():
            directory.mkdir()
            created_dirs.append(directory)
    renames = {(c.old_uri, c.new_uri) for c in build.edit.document_changes or [] if isinstance(c, types.RenameFile)}
    ls.own_renames |= renames  # the client may report them back as workspace/willRenameFiles
    if clock is not None:
        clock.lap("edit built")
    try:
        result = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=build.edit, label=label))
        applied, reason = result.applied, result.failure_reason
    except (JsonRpcException, asyncio.CancelledError, Exception) as exc:
        applied, reason = False, f"the editor answered with an error: {exc}"
    finally:
        ls.own_renames -= renames
    if not applied:
        for directory in reversed(created_dirs):
            with contextlib.suppress(OSError):
                directory.rmdir()
        return ls.refuse(LABEL, reason or "the editor did not apply the edit (a document may have changed meanwhile)")
    if clock is not None:
        clock.lap("applied by the editor")
        ls.log(clock.line(label, f"{build.moves} moves, {build.edits} edits"))
    warnings = sum(1 for f in plan.findings if f.severity != "info")
    if ls.result_messages:
        ls.show(
            f"{done}: moved {len(plan.moves)} files, updated {build.edits} references"
            + (f"; {warnings} warnings in the log" if warnings else "")
            + ". Save all files to keep the edits."
        )
    for finding in plan.findings:
        ls.log(f"{finding.path}:{finding.line}: {finding.code}: {finding.message}")
    return {"applied": True, "moves": build.moves, "edits": build.edits, "failureReason": None}


async def move_module(ls: OrganizerServer, args: MoveArguments) -> dict[str, Any]:
    """``backendOrganizer.moveModule``: move one module to its package, as the "Move module" action does."""
    name, folder = args.src.rsplit("/", 1)[-1], parent_dir(args.dst).rsplit("/", 1)[-1]
    label = f"Move {name} to {folder}/"
    if _on_disk(edit_support(ls.client_capabilities)):
        return disk_apply.in_background(ls, label, _move(ls, args, label, on_disk=True))
    return await _move(ls, args, label, on_disk=False)


async def _move(ls: OrganizerServer, args: MoveArguments, label: str, on_disk: bool) -> dict[str, Any]:
    name = args.src.rsplit("/", 1)[-1]
    try:
        session = await ready_session(ls, args.path)
        if on_disk:
            disk_apply.refuse_unsaved(ls, session.root)
        overlay = {} if on_disk else ls.overlay(session)

        def compute() -> Plan | None:
            project = session.project(args.path.parent, overlay)
            found = propose_move(project, args.src)
            return plan_moves(project, [found[0]], found[1]) if found and found[0].dst == args.dst else None

        plan = await ls.off_loop(compute)
    except OrganizerError as exc:
        return ls.refuse(label, str(exc))
    if plan is None:
        return ls.refuse(label, f"{args.src} cannot be moved to {args.dst} any more")
    if on_disk:
        question = f"{label} and edit {disk_apply.files(len(plan.changes))}?"
        return await disk_apply.apply(ls, plan, question, "Move", label)
    return await send_edit(ls, plan, ls.versions(session), label, f"Moved {name}")


async def undo(ls: OrganizerServer, args: FolderArguments) -> dict[str, Any]:
    """``backendOrganizer.undo``: undo the newest apply of the target's workspace (from the CLI or the server)."""
    return disk_apply.in_background(ls, disk_apply.UNDO_LABEL, _undo(ls, args))


async def _undo(ls: OrganizerServer, args: FolderArguments) -> None:
    try:
        session = await ready_session(ls, target_folder(ls, args.path))
    except OrganizerError as exc:
        ls.show(f"{disk_apply.UNDO_LABEL}: {exc}", types.MessageType.Error)
        return
    await disk_apply.undo(ls, session.root)
