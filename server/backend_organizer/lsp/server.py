"""The pygls server instance, its capabilities and the registration of every feature.

Features live in one module each (``organize``, ``plan_config``, ``diagnostics``, ``code_actions``,
``file_moves``), the state they share in :mod:`.state`; the handlers registered here only route to them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris

from ..core.api import OrganizerError
from . import code_actions, diagnostics, file_moves, organize, plan_config
from .arguments import configure_arguments, folder_arguments, move_arguments
from .state import OrganizerServer

ORGANIZE = "backendOrganizer.organize"
PLAN = "backendOrganizer.plan"
MOVE_MODULE = code_actions.MOVE_COMMAND
UNDO = "backendOrganizer.undo"
CONFIGURE = "backendOrganizer.configure"


SERVER = OrganizerServer()


@SERVER.feature(types.INITIALIZE)
def on_initialize(ls: OrganizerServer, params: types.InitializeParams) -> None:
    """``initialize``: remember the workspace folders and configuration overrides."""
    folders = [Path(p) for f in (params.workspace_folders or []) if (p := uris.to_fs_path(f.uri))]
    if not folders and params.root_uri and (root := uris.to_fs_path(params.root_uri)):
        folders = [Path(root)]
    if not folders and params.root_path:
        folders = [Path(params.root_path)]
    ls.sessions.set_folders(folders)
    ls.client_name = params.client_info.name if params.client_info else ""
    options = params.initialization_options
    if isinstance(options, Mapping):
        if isinstance(options.get("config"), Mapping):
            ls.sessions.overrides = dict(options["config"])
        if options.get("resultMessages") is False:
            ls.result_messages = False  # the client reports organize results itself


@SERVER.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def on_folders(ls: OrganizerServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    """``workspace/didChangeWorkspaceFolders``."""
    current = set(ls.sessions.folders)
    current -= {Path(p) for f in params.event.removed if (p := uris.to_fs_path(f.uri))}
    current |= {Path(p) for f in params.event.added if (p := uris.to_fs_path(f.uri))}
    ls.sessions.set_folders(list(current))


@SERVER.command(ORGANIZE)
async def cmd_organize(ls: OrganizerServer, *args: Any) -> dict[str, Any]:
    """``backendOrganizer.organize [{"path": uri}]``: plan and send one ``workspace/applyEdit``."""
    return await organize.organize(ls, folder_arguments(args))


@SERVER.command(PLAN)
async def cmd_plan(ls: OrganizerServer, *args: Any) -> dict[str, Any]:
    """``backendOrganizer.plan [{"path": uri}]``: the plan as JSON, changing nothing."""
    return await organize.plan_json(ls, folder_arguments(args))


@SERVER.command(MOVE_MODULE)
async def cmd_move_module(ls: OrganizerServer, *args: Any) -> dict[str, Any]:
    """``backendOrganizer.moveModule {"uri", "src", "dst"}``: the "Move module" action as a command."""
    return await organize.move_module(ls, move_arguments(args))


@SERVER.command(UNDO)
async def cmd_undo(ls: OrganizerServer, *args: Any) -> dict[str, Any]:
    """``backendOrganizer.undo [{"path": uri}]``: ask, then undo the last apply on disk (the CLI's too)."""
    return await organize.undo(ls, folder_arguments(args))


@SERVER.command(CONFIGURE)
async def cmd_configure(ls: OrganizerServer, *args: Any) -> dict[str, Any]:
    """``backendOrganizer.configure {"action", "file", "package"?, "path"?}``: move, keep, exclude or reset one
    file of the plan by editing ``[tool.backend-organizer]``; answers the new plan."""
    return await plan_config.configure(ls, configure_arguments(args))


@SERVER.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: OrganizerServer, params: types.DidOpenTextDocumentParams) -> None:
    diagnostics.schedule(ls, params.text_document.uri, delay=0.0)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: OrganizerServer, params: types.DidChangeTextDocumentParams) -> None:
    diagnostics.schedule(ls, params.text_document.uri)


@SERVER.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: OrganizerServer, params: types.DidSaveTextDocumentParams) -> None:
    diagnostics.schedule(ls, params.text_document.uri, delay=0.0)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: OrganizerServer, params: types.DidCloseTextDocumentParams) -> None:
    diagnostics.clear(ls, params.text_document.uri)


@SERVER.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.SourceFixAll,
            types.CodeActionKind.Source,
            types.CodeActionKind.RefactorMove,
        ],
        resolve_provider=True,
    ),
)
async def code_action(ls: OrganizerServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    """``textDocument/codeAction``: stale-import fixes, organize, move this module."""
    return await code_actions.actions(ls, params)


@SERVER.feature(types.CODE_ACTION_RESOLVE)
async def code_action_resolve(ls: OrganizerServer, action: types.CodeAction) -> types.CodeAction:
    """``codeAction/resolve``: compute the edit of "Move module to package"."""
    return await code_actions.resolve(ls, action)


@SERVER.feature(
    types.WORKSPACE_WILL_RENAME_FILES,
    types.FileOperationRegistrationOptions(
        filters=[
            types.FileOperationFilter(
                scheme="file",
                pattern=types.FileOperationPattern(glob="**/*.py", matches=types.FileOperationPatternKind.File),
            ),
            types.FileOperationFilter(
                scheme="file",
                pattern=types.FileOperationPattern(glob="**", matches=types.FileOperationPatternKind.Folder),
            ),
        ]
    ),
)
async def will_rename(ls: OrganizerServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    """``workspace/willRenameFiles``: import and reference updates for files moved in the editor."""
    return await file_moves.will_rename(ls, params)


def run(tcp: str | None = None, log_file: str | None = None, verbose: int = 0) -> None:
    """Start the server on stdio (or TCP ``host:port``). Logs never go to stdout."""
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING,
        handlers=[handler],
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    logging.getLogger("pygls").setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)
    if tcp:
        host, _, port = tcp.rpartition(":")
        SERVER.start_tcp(host or "127.0.0.1", int(port))
    else:
        SERVER.start_io()


__all__ = ["CONFIGURE", "MOVE_MODULE", "ORGANIZE", "PLAN", "SERVER", "UNDO", "OrganizerError", "OrganizerServer", "run"]
