"""Code actions: quick fixes for stale imports, "fix all", "Organize backend structure" and "Move module".

Listing is cheap (the stale-import diagnostics carry their replacement; the move target comes from the
cached classification); the move's WorkspaceEdit is computed only in ``codeAction/resolve``. For a client
that cannot rename files, an action that moves files carries the ``backendOrganizer.moveModule`` command
instead of an edit, and the server applies the move itself (after asking).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..core.api import STALE_IMPORT, OrganizerError, parent_dir, plan_moves, propose_move
from .capabilities import edit_support, supports_code_action_resolve
from .convert import plan_workspace_edit

if TYPE_CHECKING:
    from .state import OrganizerServer

MOVE_KIND = "move-module"
MOVE_COMMAND = "backendOrganizer.moveModule"


def _data(diagnostic: types.Diagnostic) -> dict[str, Any]:
    return diagnostic.data if isinstance(diagnostic.data, dict) else {}


def _fix(uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> types.WorkspaceEdit:
    edits = [types.TextEdit(range=d.range, new_text=_data(d)["replacement"]) for d in diagnostics]
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=edits,
            )
        ]
    )


def _stale(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == STALE_IMPORT and isinstance(d.data, dict) and "replacement" in d.data]


def _wanted(params: types.CodeActionParams, kind: str) -> bool:
    only = params.context.only
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


async def actions(ls: OrganizerServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    result: list[types.CodeAction] = []
    stale = _stale(list(params.context.diagnostics))
    if _wanted(params, types.CodeActionKind.QuickFix):
        for diagnostic in stale:
            result.append(
                types.CodeAction(
                    title=f"Update import to `{_data(diagnostic)['newModule']}`",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=_fix(uri, document.version, [diagnostic]),
                )
            )
    all_stale = _stale(_published(ls, uri)) or stale
    if all_stale and _wanted(params, types.CodeActionKind.SourceFixAll):
        result.append(
            types.CodeAction(
                title="Fix all stale imports in this file",
                kind=types.CodeActionKind.SourceFixAll,
                diagnostics=all_stale,
                edit=_fix(uri, document.version, all_stale),
            )
        )
    if _wanted(params, types.CodeActionKind.Source):
        result.append(
            types.CodeAction(
                title="Organize backend structure",
                kind=types.CodeActionKind.Source,
                command=types.Command(title="Organize backend structure", command="backendOrganizer.organize"),
            )
        )
    if _wanted(params, types.CodeActionKind.RefactorMove):
        try:
            move = await ls.off_loop(_proposal, ls, uri)
        except OrganizerError as exc:  # the policy of lsp/state.py: code actions log and offer nothing
            ls.log(f"no move action for {uri}: {exc}", types.MessageType.Warning)
            move = None
        if move is not None:
            src, dst = move
            data: dict[str, Any] = {"kind": MOVE_KIND, "uri": uri, "src": src, "dst": dst}
            folder = parent_dir(dst).rsplit("/", 1)[-1]
            action = types.CodeAction(
                title=f"Move `{src.rsplit('/', 1)[-1]}` to {folder}/",
                kind=types.CodeActionKind.RefactorMove,
                data=data,
            )
            if not edit_support(ls.client_capabilities).rename:
                action.command = _move_command(action.title, data)
            elif not supports_code_action_resolve(ls.client_capabilities):
                action = await resolve(ls, action)
            result.append(action)
    return result or None


def _move_command(title: str, data: dict[str, Any]) -> types.Command:
    """The server-applied form of a move, for clients without file renames."""
    return types.Command(title=title, command=MOVE_COMMAND, arguments=[{k: data[k] for k in ("uri", "src", "dst")}])


def _published(ls: OrganizerServer, uri: str) -> list[types.Diagnostic]:
    return list(ls.published.get(uri, []))


def _proposal(ls: OrganizerServer, uri: str) -> tuple[str, str] | None:
    located = ls.locate(uri)
    if located is None or located.path.suffix != ".py":
        return None
    project = ls.project(located, located.path.parent)
    rel = located.rel
    if parent_dir(rel) != project.backend or project.unparsable:
        return None
    found = propose_move(project, rel)
    return (found[0].src, found[0].dst) if found else None


def _move_edit(ls: OrganizerServer, data: dict[str, Any]) -> types.WorkspaceEdit | None:
    located = ls.locate(data["uri"])
    if located is None:
        return None
    session = located.session
    project = ls.project(located, located.path.parent)
    found = propose_move(project, data["src"])
    if found is None or found[0].dst != data["dst"]:
        return None
    move, created = found
    plan = plan_moves(project, [move], created)
    support = edit_support(ls.client_capabilities)
    build = plan_workspace_edit(
        plan,
        ls.versions(session),
        support,
        ls.encoding,
        client_adds_final_newline=ls.buffers_end_with_newline,
        text_edits_first=ls.applies_text_edits_first,
    )
    if not ls.creates_folders:
        # The client applies a resolved edit itself, with no request the server could act on first, and LSP has
        # no folder operation: for a client that does not make parent folders, the folders the plan lists
        # (nothing else) are made now. Clients that make them (VS Code) get no disk effect at all.
        for directory in build.new_dirs:
            directory.mkdir(exist_ok=True)
    return build.edit


async def resolve(ls: OrganizerServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    if data.get("kind") != MOVE_KIND:
        return action
    support = edit_support(ls.client_capabilities)
    if not support.rename:
        action.command = _move_command(action.title, data)
        return action
    try:
        edit = await ls.off_loop(_move_edit, ls, data)
    except OrganizerError as exc:
        action.disabled = types.CodeActionDisabled(reason=str(exc))
        return action
    if edit is None:
        action.disabled = types.CodeActionDisabled(reason="the module cannot be moved any more")
    else:
        action.edit = edit
    return action
