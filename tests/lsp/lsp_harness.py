"""pytest-lsp harness: start the real server over stdio with a recorded client's capabilities."""

from __future__ import annotations

import inspect
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from applier import EditRejected, apply_workspace_edit
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CLIENTS = ["visual-studio-code", "neovim@v0.7.0", "neovim@v0.11.0"]
SERVER = [sys.executable, "-m", "backend_organizer", "lsp"]


@asynccontextmanager
async def lsp_session(
    root: Path,
    capabilities: types.ClientCapabilities | str = "visual-studio-code",
    apply: Callable[[types.ApplyWorkspaceEditParams], Any] | None = None,
    initialization_options: dict | None = None,
    answer: str | Callable[[types.ShowMessageRequestParams], str | None] | None = None,
    client_name: str | None = None,
) -> AsyncIterator[LanguageClient]:
    """A client connected to a fresh server whose workspace folder is ``root``.

    The client records every ``workspace/applyEdit`` in ``client.applied_edits`` and, unless ``apply`` says
    otherwise, applies it to disk like an editor followed by "Save All". It records every
    ``window/showMessageRequest`` in ``client.message_requests`` and answers with the action titled
    ``answer`` (or what ``answer(params)`` returns; None: the user dismissed it). ``capabilities`` names a
    pytest-lsp snapshot ("emacs" is eglot's: no ``resourceOperations``) or gives them; ``client_name`` goes
    in ``clientInfo``.
    """
    client = await ClientServerConfig(server_command=SERVER).start()
    client.applied_edits = []  # type: ignore[attr-defined]
    client.open_versions = {}  # type: ignore[attr-defined]
    client.message_requests = []  # type: ignore[attr-defined]

    @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
    def on_message_request(params: types.ShowMessageRequestParams) -> types.MessageActionItem | None:
        client.message_requests.append(params)  # type: ignore[attr-defined]
        titles = [a.title for a in params.actions or []]
        title = answer(params) if callable(answer) else answer
        return types.MessageActionItem(title=title) if title in titles else None

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    async def on_apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        client.applied_edits.append(params)  # type: ignore[attr-defined]
        if apply is not None:
            result = apply(params)
            return await result if inspect.isawaitable(result) else result
        try:
            apply_workspace_edit(params.edit, client.open_versions)  # type: ignore[attr-defined]
        except EditRejected as exc:
            return types.ApplyWorkspaceEditResult(applied=False, failure_reason=str(exc))
        return types.ApplyWorkspaceEditResult(applied=True)

    caps = client_capabilities(capabilities) if isinstance(capabilities, str) else capabilities
    await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=initialization_options,
            client_info=types.ClientInfo(name=client_name) if client_name else None,
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


def open_document(client: LanguageClient, path: Path, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=path.read_text(encoding="utf-8")
            )
        )
    )
    client.open_versions[uri] = version  # type: ignore[attr-defined]
    return uri
