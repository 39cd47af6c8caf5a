"""``backendOrganizer.configure``: the editable plan's move, keep, exclude and reset of one file.

Each action becomes an edit of ``[tool.backend-organizer]`` in the workspace's ``pyproject.toml`` (see
:mod:`backend_organizer.core.scan.config_edit`), sent as one ``workspace/applyEdit`` so the editor can undo it
(a new file is created by the edit); clients without ``applyEdit`` get the file written by the server. The answer
holds the plan under the edited configuration (computed from the edited text, saved or not) and the file's
``rules``, ``keep`` and ``exclude``, so the editor can show excluded files too. ``"action": "show"`` edits
nothing and answers the same.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException

from ..core.api import (
    Config,
    ConfigEdit,
    OrganizerError,
    config_home,
    edit_config,
    organize_project,
    plan_to_json,
)
from .arguments import SHOW
from .capabilities import edit_support, supports_apply_edit
from .convert import replacement_edit
from .organize import ready_session, target_folder
from .state import invalid_params

if TYPE_CHECKING:
    from .arguments import ConfigureArguments
    from .state import OrganizerServer

LABEL = "Backend Organizer: edit the plan"


def _config_json(config: Config) -> dict[str, Any]:
    return {"rules": dict(config.rules), "keep": list(config.keep), "exclude": list(config.exclude)}


async def configure(ls: OrganizerServer, args: ConfigureArguments) -> dict[str, Any]:
    try:
        return await _configure(ls, args)
    except OrganizerError as exc:  # the editor shows the error of its request
        raise invalid_params(exc) from None


async def _configure(ls: OrganizerServer, args: ConfigureArguments) -> dict[str, Any]:
    folder = target_folder(ls, args.folder)
    session = await ready_session(ls, folder)
    root = session.root
    pyproject = config_home(folder, root) / "pyproject.toml"
    document = ls.workspace.text_documents.get(pyproject.as_uri())
    text = document.source if document is not None else pyproject.read_text("utf-8") if pyproject.is_file() else None
    rel_pyproject = pyproject.relative_to(root).as_posix()
    overlay = ls.overlay(session)
    if text is not None:
        overlay[rel_pyproject] = text

    def current() -> tuple[str, dict[str, str]]:
        plan = organize_project(session.project(folder, overlay))
        return plan.backend, {p.name: p.category for p in plan.packages}

    change: ConfigEdit | None = None
    applied = True
    if args.action != SHOW:
        backend, packages = await ls.off_loop(current)
        file = _relative(args.file, root)
        change = edit_config(text, args.action, file, backend, args.package, packages)
        if change.changed:
            applied = await _write(ls, pyproject, text, change, document.version if document else None)
            if applied:
                overlay[rel_pyproject] = change.text

    def after() -> dict[str, Any]:
        project = session.project(folder, overlay)
        return {"plan": plan_to_json(organize_project(project)), "config": _config_json(project.config)}

    result = await ls.off_loop(after)
    return {
        "applied": applied,
        "changed": bool(change and change.changed),
        "description": change.description if change else "",
        "pyproject": pyproject.as_uri(),
        **result,
    }


def _relative(file: str, root: Path) -> str:
    path = uris.to_fs_path(file) if "://" in file else file
    if not path:
        raise OrganizerError(f"not a file URI: {file!r}")
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            raise OrganizerError(f"{candidate} is outside the workspace root {root}") from None
    return candidate.as_posix()


async def _write(
    ls: OrganizerServer, pyproject: Path, text: str | None, change: ConfigEdit, version: int | None
) -> bool:
    """Send the edit of ``pyproject`` to the client (or write it when the client cannot apply edits)."""
    support = edit_support(ls.client_capabilities)
    can_create = support.create and support.document_changes
    if not supports_apply_edit(ls.client_capabilities) or (text is None and not can_create):
        pyproject.write_text(change.text, encoding="utf-8", newline="")
        return True
    uri = pyproject.as_uri()
    edit = replacement_edit(text or "", change.text, ls.encoding)
    identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    text_edit = types.TextDocumentEdit(text_document=identifier, edits=[edit])
    changes: list[Any] = [types.CreateFile(uri=uri), text_edit] if text is None else [text_edit]
    if support.document_changes:
        workspace_edit = types.WorkspaceEdit(document_changes=changes)
    else:
        workspace_edit = types.WorkspaceEdit(changes={uri: [edit]})
    params = types.ApplyWorkspaceEditParams(edit=workspace_edit, label=f"{LABEL}: {change.description}")
    try:
        result = await ls.workspace_apply_edit_async(params)
    except (JsonRpcException, asyncio.CancelledError, Exception) as exc:
        ls.show(f"{LABEL}: the editor answered with an error: {exc}", types.MessageType.Error)
        return False
    if not result.applied:
        ls.show(f"{LABEL}: the editor did not apply the edit: {result.failure_reason or 'no reason given'}")
    return bool(result.applied)
