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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from ..core.api import (
    CONFIG_ACTIONS,
    Config,
    ConfigEdit,
    OrganizerError,
    config_home,
    edit_config,
    organize_project,
    plan_to_json,
)
from .capabilities import edit_support, supports_apply_edit
from .convert import replacement_edit
from .organize import Arguments, _session, _target

if TYPE_CHECKING:
    from .server import OrganizerServer

LABEL = "Backend Organizer: edit the plan"
SHOW = "show"


@dataclass(frozen=True)
class ConfigureArguments:
    """``{"path": folder URI?, "action", "file": path from the root or file URI, "package"?}``."""

    folder: Path | None
    action: str
    file: str
    package: str | None


def parse_arguments(args: tuple[Any, ...]) -> ConfigureArguments:
    value = args[0] if len(args) == 1 else None
    expected = '{"action": "move|keep|exclude|reset|show", "file": ..., "package": ..., "path": folder URI}'
    if not isinstance(value, Mapping):
        raise JsonRpcInvalidParams.of(ValueError(f"expected one argument: {expected}"))
    unknown = set(value) - {"path", "action", "file", "package"}
    if unknown:
        raise JsonRpcInvalidParams.of(ValueError(f"unknown argument keys: {', '.join(sorted(unknown))}"))
    action, file, package, folder = (value.get(k) for k in ("action", "file", "package", "path"))
    if action not in (*CONFIG_ACTIONS, SHOW):
        raise JsonRpcInvalidParams.of(ValueError(f'"action" must be one of {", ".join((*CONFIG_ACTIONS, SHOW))}'))
    if action != SHOW and not isinstance(file, str):
        raise JsonRpcInvalidParams.of(ValueError('"file" must be a path from the workspace root or a file URI'))
    if action == "move" and not isinstance(package, str):
        raise JsonRpcInvalidParams.of(ValueError('"package" must name the target package of a move'))
    if folder is not None and not isinstance(folder, str):
        raise JsonRpcInvalidParams.of(ValueError('"path" must be a folder URI'))
    folder_path = uris.to_fs_path(folder) if folder and "://" in folder else folder
    return ConfigureArguments(Path(folder_path) if folder_path else None, action, file or "", package)


def _config_json(config: Config) -> dict[str, Any]:
    return {"rules": dict(config.rules), "keep": list(config.keep), "exclude": list(config.exclude)}


async def configure(ls: OrganizerServer, args: ConfigureArguments) -> dict[str, Any]:
    try:
        return await _configure(ls, args)
    except OrganizerError as exc:  # the editor shows the error of its request
        raise JsonRpcInvalidParams.of(ValueError(str(exc))) from None


async def _configure(ls: OrganizerServer, args: ConfigureArguments) -> dict[str, Any]:
    folder = _target(ls, Arguments(args.folder))
    session = await _session(ls, folder)
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
