"""The server's state: the workspace sessions, what the client can do, and the helpers every feature uses.

Feature modules (``organize``, ``diagnostics``, ``code_actions``, ``file_moves``, ``disk_apply``) take an
:class:`OrganizerServer` and import it from here; ``server`` only creates the instance and registers the
handlers, so no feature module imports ``server`` and there is no import cycle.

Error policy, in one place: an :class:`~backend_organizer.core.errors.OrganizerError` (the engine refusing
something, with a reason a person can act on) never escapes a handler. A command that changes things answers
``{"applied": false, "failureReason": reason}`` and shows the reason (:meth:`OrganizerServer.refuse`); a
command whose answer feeds the client's own view (``backendOrganizer.plan``, ``backendOrganizer.configure``)
fails the request with InvalidParams and the reason (:func:`invalid_params`), which that view shows;
diagnostics and code actions log it and offer nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..core.api import Project
from .session import Session, Sessions

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

T = TypeVar("T")

#: The answer of a command that changed nothing.
NOT_APPLIED: Mapping[str, Any] = {"applied": False, "moves": 0, "edits": 0}


@dataclass(frozen=True)
class Located:
    """A file or folder of a workspace: its path, its session and its path relative to the session's root."""

    path: Path
    session: Session
    rel: str


def invalid_params(reason: object) -> JsonRpcInvalidParams:
    """The JSON-RPC error of a request the server cannot answer, with a reason for the person."""
    return JsonRpcInvalidParams.of(ValueError(str(reason)))


class OrganizerServer(LanguageServer):
    """Holds the workspace sessions and the debounced diagnostics tasks."""

    def __init__(self) -> None:
        super().__init__("backend-organizer", __version__)
        self.sessions = Sessions()
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}
        self.client_name = ""
        self.result_messages = True
        self.own_renames: set[tuple[str, str]] = set()
        self.disk_work: asyncio.Future[None] | None = None

    # -- helpers used by the feature modules --------------------------------------------------------

    @property
    def buffers_end_with_newline(self) -> bool:
        """Whether the client writes a final newline itself (Neovim's 'fixeol'), so inserted text must not."""
        return self.client_name.lower() == "neovim"

    @property
    def creates_folders(self) -> bool:
        """Whether the client makes the parent folders of files it creates or renames into (VS Code and its
        forks do; Neovim 0.7 and pytest-lsp's test client do not, so the server makes them first)."""
        name = self.client_name.lower()
        return any(word in name for word in ("visual studio code", "code-server", "vscodium", "cursor"))

    @property
    def applies_text_edits_first(self) -> bool:
        """Whether the client applies a WorkspaceEdit's text edits before its resource operations (lsp-mode)."""
        return self.client_name == "emacs"

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def path_of(self, uri: str) -> Path | None:
        path = uris.to_fs_path(uri)
        return Path(path) if path else None

    def session_for(self, path: Path) -> Session | None:
        return self.sessions.for_path(path)

    def documents(self, root: Path) -> dict[str, TextDocument]:
        """Open documents under ``root``, by their path relative to it."""
        found: dict[str, TextDocument] = {}
        for uri, document in self.workspace.text_documents.items():
            path = self.path_of(uri)
            if path is not None and (path == root or root in path.parents):
                found[path.relative_to(root).as_posix()] = document
        return found

    def overlay(self, session: Session) -> dict[str, str]:
        """Open Python buffers of ``session`` as ``{relative path: text}``."""
        return {
            rel: document.source
            for rel, document in self.documents(session.root).items()
            if PurePosixPath(rel).suffix == ".py"
        }

    def versions(self, session: Session) -> dict[str, int | None]:
        return {rel: document.version for rel, document in self.documents(session.root).items()}

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking engine work in a thread so the server keeps answering."""
        return await asyncio.get_running_loop().run_in_executor(self.thread_pool, fn, *args)

    def show(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # -- one way from a URI to a project ----------------------------------------------------------------

    def locate(self, where: str | Path) -> Located | None:
        """The session of a document URI (or path), or ``None`` outside every workspace folder."""
        path = self.path_of(where) if isinstance(where, str) else where
        if path is None:
            return None
        session = self.session_for(path)
        if session is None:
            return None
        try:
            rel = path.relative_to(session.root).as_posix()
        except ValueError:
            return None
        return Located(path, session, rel)

    def project(
        self, located: Located, folder: Path | None = None, overlay: Mapping[str, str] | None = None
    ) -> Project:
        """A scan of ``located``'s workspace for the backend at ``folder`` (default: the workspace root), with
        the open buffers as overlays unless ``overlay`` is given (``{}`` reads the files on disk)."""
        session = located.session
        return session.project(folder or session.root, self.overlay(session) if overlay is None else overlay)

    # -- the one error policy -----------------------------------------------------------------------------

    def refuse(self, label: str, reason: object, result: Mapping[str, Any] = NOT_APPLIED) -> dict[str, Any]:
        """Show why ``label`` changed nothing (an error, or a note when the user cancelled) and answer with
        ``result`` and the reason."""
        if reason == "cancelled":
            self.show(f"{label}: cancelled; nothing was changed.")
        else:
            self.show(f"{label}: {reason}", types.MessageType.Error)
        return {**result, "failureReason": str(reason)}
