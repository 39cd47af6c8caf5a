"""Applying on disk from the server, for editors that cannot rename files (Emacs eglot 1.9, ...); and undo.

``backendOrganizer.organize`` and ``backendOrganizer.moveModule`` come here when the client lists no
``rename``/``create`` in ``workspace.workspaceEdit.resourceOperations``; ``backendOrganizer.undo`` always
does. The server asks first (``window/showMessageRequest``), then runs the core's journaled transaction,
the same one as ``backend-organizer apply`` and ``undo`` (so either can undo what the other did), and
reports with ``window/showMessage``. The commands answer at once (``{"pending": true}``) and do the work
afterwards, because it waits for the user and clients give up on a request after a while (eglot and lsp-mode
after 10 s, which would also abort the question); the last message of each starts with the action's label.

The editor owns the text of the documents it has open, and the server changes their files underneath it:

- **Unsaved buffers make it refuse, naming them.** The plan is made from the files on disk, because that is
  what the transaction rewrites and journals. Writing a buffer's unsaved text would save it without being
  asked to; rewriting the file while the buffer holds other text would leave a buffer whose next save puts
  the old imports back. Saving is one command in every editor, and the refusal says which files.
- **Clean buffers of files rewritten in place get the same change as text edits** (one
  ``workspace/applyEdit`` holding only ``TextDocumentEdit``s), so they never hold the stale text that a
  later save would write over the new file. The edits go out *before* the files are written: an editor
  that sees its file change on disk first treats the edit as a conflict (Emacs asks "changed on disk;
  really edit the buffer?" for each file, and its "reread from disk?" would apply the edits twice). The
  disk then receives the same text; if the transaction fails, the buffers get their old text back.
- **Buffers of files that move (or that undo deletes) are not edited**: they visit a path that no longer
  exists, and saving one would recreate the old module beside the moved one. The server opens the new
  location with ``window/showDocument`` when the client supports it, and names them in a warning.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..core.api import (
    DecodeError,
    DiskEffect,
    OrganizerError,
    Plan,
    apply_plan,
    build_steps,
    decode_source,
    dirty_paths,
    git_dir,
    pending_undo,
    plan_effect,
    preflight,
    undo_last,
)
from .capabilities import supports_apply_edit, supports_show_document
from .convert import replacement_edit, uri_of
from .state import NOT_APPLIED

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

    from .state import OrganizerServer

log = logging.getLogger("backend_organizer.lsp")
UNDO_HINT = "undo with the backendOrganizer.undo command or `backend-organizer undo`"
UNDO_LABEL = "Undo reorganization"
#: rel path → (open document, its text now, its text after the change)
BufferChanges = dict[str, tuple["TextDocument", str, str]]


def files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _text(path: Path, raw: bytes) -> str | None:
    if path.suffix in {".py", ".pyi"}:
        try:
            return decode_source(raw, path.name)[0]
        except DecodeError:
            return None
    return raw.decode("utf-8-sig", errors="replace")


def _shows(buffer: str, disk: str) -> bool:
    """Whether a buffer holds the file's text (editors such as Emacs show CRLF files with LF)."""
    return buffer == disk or buffer == disk.replace("\r\n", "\n")


def unsaved_documents(ls: OrganizerServer, root: Path) -> list[str]:
    """Open documents under ``root`` whose text is not what their file holds (or whose file is gone)."""
    unsaved = []
    for rel, document in ls.documents(root).items():
        try:
            disk = _text(root / rel, (root / rel).read_bytes())
        except OSError:
            disk = None
        if disk is None or not _shows(document.source, disk):
            unsaved.append(rel)
    return sorted(unsaved)


def refuse_unsaved(ls: OrganizerServer, root: Path) -> None:
    unsaved = unsaved_documents(ls, root)
    if unsaved:
        raise OrganizerError(
            "save these files first (the server changes the files on disk itself and never writes unsaved "
            "text): " + ", ".join(unsaved)
        )


def _buffer_changes(ls: OrganizerServer, root: Path, rewritten: Mapping[str, bytes]) -> BufferChanges:
    changes: BufferChanges = {}
    for rel, document in ls.documents(root).items():
        if rel not in rewritten:
            continue
        disk, new = _text(root / rel, (root / rel).read_bytes()), _text(root / rel, rewritten[rel])
        if disk is None or new is None or not _shows(document.source, disk):
            continue
        after = new if document.source == disk else new.replace("\r\n", "\n")
        if after != document.source:
            changes[rel] = (document, document.source, after)
    return changes


async def _edit_buffers(ls: OrganizerServer, changes: BufferChanges, label: str, back: bool = False) -> str | None:
    """Send ``changes`` (or, ``back``, their inverse) as one text-only applyEdit; why it failed, or None."""
    if not changes or not supports_apply_edit(ls.client_capabilities):
        return None
    edits: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    for document, before, after in changes.values():
        old, new = (after, before) if back else (before, after)
        # the way back is unversioned: the client may not have reported its new version yet
        identifier = types.OptionalVersionedTextDocumentIdentifier(
            uri=document.uri, version=None if back else document.version
        )
        edits.append(types.TextDocumentEdit(text_document=identifier, edits=[replacement_edit(old, new, ls.encoding)]))
    try:
        result = await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=types.WorkspaceEdit(document_changes=edits), label=label)
        )
    except Exception as exc:  # an error answer (pygls raises JsonRpc*Error) or a lost connection
        return f"the editor answered with an error: {exc}"
    return None if result.applied else (result.failure_reason or "the editor did not apply them")


async def confirm(ls: OrganizerServer, message: str, action: str) -> str | None:
    """Ask with ``window/showMessageRequest``: None when the user chose ``action``, else why not."""
    try:
        answer = await ls.window_show_message_request_async(
            types.ShowMessageRequestParams(
                type=types.MessageType.Info,
                message=message,
                actions=[types.MessageActionItem(title=action), types.MessageActionItem(title="Cancel")],
            )
        )
    except Exception as exc:
        return f"the editor could not ask for confirmation (window/showMessageRequest: {exc})"
    return None if answer is not None and answer.title == action else "cancelled"


def in_background(ls: OrganizerServer, label: str, work: Coroutine[Any, Any, Any]) -> dict[str, Any]:
    """Answer the command now and do ``work`` afterwards: it waits for the user's answer, and clients time
    their requests out (eglot and lsp-mode after 10 s). The outcome is a ``window/showMessage`` starting
    with ``label``."""
    if ls.disk_work is not None and not ls.disk_work.done():
        work.close()
        reason = "another change is waiting for an answer or being applied; finish that one first"
        ls.show(f"{label}: {reason}", types.MessageType.Error)
        return {"pending": False, "failureReason": reason}

    async def guarded() -> None:
        try:
            await work
        except Exception as exc:  # reported, never lost in a task nobody awaits
            log.exception("%s failed", label)
            ls.show(f"{label}: failed: {exc}", types.MessageType.Error)

    ls.disk_work = asyncio.ensure_future(guarded())
    return {"pending": True, "failureReason": None}


async def _report_buffers(ls: OrganizerServer, root: Path, effect: DiskEffect, changes: BufferChanges) -> None:
    """Tell about open buffers whose file left its path (they must not be saved), and about rewritten ones
    the client could not be sent the change for (it does not take ``workspace/applyEdit``)."""
    if changes and not supports_apply_edit(ls.client_capabilities):
        ls.show(
            "These open buffers hold the old text; revert them from disk before editing: " + ", ".join(changes),
            types.MessageType.Warning,
        )
    open_docs = ls.documents(root)
    moved = {rel: effect.moved[rel] for rel in open_docs if rel in effect.moved}
    gone = [rel for rel in open_docs if rel in effect.removed]
    if supports_show_document(ls.client_capabilities):
        for new in moved.values():
            try:
                await ls.window_show_document_async(types.ShowDocumentParams(uri=uri_of(root, new), take_focus=False))
            except Exception as exc:  # the change is made; a client that cannot show it still gets the warning
                log.warning("window/showDocument %s failed: %s", new, exc)
    if moved or gone:
        names = [f"{old} (now {new})" for old, new in moved.items()] + [f"{rel} (deleted)" for rel in gone]
        ls.show(
            "These open buffers visit files that are no longer there; close them without saving (saving would "
            "recreate the old file): " + ", ".join(names),
            types.MessageType.Warning,
        )


def _preflight(plan: Plan, allow_dirty: bool) -> None:
    steps, originals = build_steps(plan)
    preflight(plan, steps, originals, allow_dirty)


async def apply(ls: OrganizerServer, plan: Plan, question: str, action: str, label: str) -> dict[str, Any]:
    """Ask, bring clean open buffers along, then apply ``plan`` on disk with the core's journaled transaction."""
    root = Path(plan.root)
    edits = sum(len(c.edits) for c in plan.changes)
    nothing = NOT_APPLIED
    touched = sorted({c.path for c in plan.changes} | {m.src for m in plan.moves})
    uncommitted = await ls.off_loop(dirty_paths, root, touched) if git_dir(root) is not None else []
    if uncommitted:
        question += f" These have uncommitted changes and stay unstaged: {', '.join(uncommitted)}."
    if reason := await confirm(ls, f"{question} The server writes it to disk; {UNDO_HINT}.", action):
        return ls.refuse(label, reason, nothing)
    try:
        refuse_unsaved(ls, root)  # again: buffers may have changed while the question was open
        await ls.off_loop(_preflight, plan, bool(uncommitted))
    except OrganizerError as exc:
        return ls.refuse(label, str(exc), nothing)
    effect = plan_effect(plan)
    changes = _buffer_changes(ls, root, effect.rewritten)
    if reason := await _edit_buffers(ls, changes, label):
        return ls.refuse(label, f"the editor did not take the edits to its open buffers: {reason}", nothing)
    try:
        result = await ls.off_loop(lambda: apply_plan(plan, allow_dirty=bool(uncommitted)))
    except OrganizerError as exc:
        await _edit_buffers(ls, changes, label, back=True)
        return ls.refuse(label, str(exc), nothing)
    await _report_buffers(ls, root, effect, changes)
    staged = " and staged the change in git" if result.staged or result.git else ""
    warnings = sum(1 for f in plan.findings if f.severity != "info")
    ls.show(
        f"{label}: moved {files(result.moved)}, edited {result.written}, created {result.created}{staged}"
        + (f"; {warnings} warnings in the log" if warnings else "")
        + f"; {UNDO_HINT}."
    )
    for finding in plan.findings:
        ls.log(f"{finding.path}:{finding.line}: {finding.code}: {finding.message}")
    return {"applied": True, "moves": result.moved, "edits": edits, "failureReason": None, "onDisk": True}


async def undo(ls: OrganizerServer, root: Path) -> dict[str, Any]:
    """``backendOrganizer.undo``: ask, then restore the tree from the newest journal (CLI apply or server)."""
    what, nothing = UNDO_LABEL, {"undone": False, "restored": 0}
    pending = await ls.off_loop(pending_undo, root)
    if pending is None:
        return ls.refuse(what, f"nothing to undo: no applied reorganization is recorded for {root}", nothing)
    if pending.changed:
        changed = "these files changed since the reorganization was applied: " + ", ".join(pending.changed)
        return ls.refuse(what, changed, nothing)
    try:
        refuse_unsaved(ls, root)
    except OrganizerError as exc:
        return ls.refuse(what, str(exc), nothing)
    moves, written = pending.summary.get("moves", 0), pending.summary.get("changes", 0)
    question = f"Undo the last reorganization of {root.name}/: move {files(moves)} back and restore {written}?"
    if reason := await confirm(ls, question, "Undo"):
        return ls.refuse(what, reason, nothing)
    try:
        refuse_unsaved(ls, root)  # again: buffers may have changed while the question was open
    except OrganizerError as exc:
        return ls.refuse(what, str(exc), nothing)
    changes = _buffer_changes(ls, root, pending.effect.rewritten)
    if reason := await _edit_buffers(ls, changes, what):
        return ls.refuse(what, f"the editor did not take the edits to its open buffers: {reason}", nothing)
    try:
        result = await ls.off_loop(undo_last, root)
    except OrganizerError as exc:
        await _edit_buffers(ls, changes, what, back=True)
        return ls.refuse(what, str(exc), nothing)
    await _report_buffers(ls, root, pending.effect, changes)
    ls.show(f"{what}: restored {result.restored} changes; the tree is as it was before the reorganization.")
    return {"undone": True, "restored": result.restored, "failureReason": None}
