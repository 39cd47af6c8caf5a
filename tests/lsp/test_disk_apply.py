"""Clients that cannot rename files (eglot's capabilities): the server asks, applies on disk, and undoes.

The client here behaves like such an editor: it answers ``window/showMessageRequest`` and applies text edits
to its open buffers only (never to disk, never a resource operation), reporting each change back.
"""

from __future__ import annotations

import ast
import asyncio
import subprocess

from applier import apply_text_edits
from helpers import cli, copy_example, git_init, run_pytest, snapshot
from lsp_harness import lsp_session, open_document
from lsprotocol import types

ORGANIZE = "backendOrganizer.organize"
UNDO = "backendOrganizer.undo"
EMACS = "emacs"  # pytest-lsp's eglot snapshot: documentChanges, no resourceOperations, no resolveSupport


class Buffers:
    """Open documents as an editor holds them: edits change the buffer (and its version), not the file."""

    def __init__(self) -> None:
        self.client = None
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    def open(self, client, path) -> str:
        self.client = client
        uri = open_document(client, path)
        self.texts[uri], self.versions[uri] = path.read_text(encoding="utf-8"), 1
        return uri

    def apply(self, params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        for change in params.edit.document_changes or []:
            assert isinstance(change, types.TextDocumentEdit), f"a resource operation for this client: {change}"
            uri, version = change.text_document.uri, change.text_document.version
            if uri not in self.texts or (version is not None and version != self.versions[uri]):
                return types.ApplyWorkspaceEditResult(applied=False, failure_reason=f"not open at {version}: {uri}")
        for change in params.edit.document_changes or []:
            uri = change.text_document.uri
            self.texts[uri] = apply_text_edits(self.texts[uri], change.edits)
            self.versions[uri] += 1
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=self.texts[uri])],
                )
            )
        return types.ApplyWorkspaceEditResult(applied=True)


def _git_status(root) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout


async def _run(client, command: str, *arguments) -> str:
    """Run a command that the server carries out after answering; the message that reports its outcome."""
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=list(arguments) or None)
    )
    assert answer == {"pending": True, "failureReason": None}
    label = {ORGANIZE: "Organize backend structure:", UNDO: "Undo reorganization:"}.get(command, "Move ")
    for _ in range(3000):  # waits for the server (planning, the user's answer, the transaction), no deadline
        done = [m.message for m in client.messages if m.message.startswith(label)]
        if done:
            return done[-1]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no outcome message; messages: {[m.message for m in client.messages]}")


async def test_organize_asks_applies_on_disk_edits_open_buffers_and_cli_undo_restores(tmp_path):
    work = copy_example("flat_backend", tmp_path, "lsp")
    reference = copy_example("flat_backend", tmp_path, "cli")
    git_init(work)
    git_init(reference)
    before = snapshot(work)
    cli("apply", "--yes", str(reference))
    agent_before = (work / "agent.py").read_text()
    buffers = Buffers()
    async with lsp_session(work, EMACS, apply=buffers.apply, answer="Organize") as client:
        main = buffers.open(client, work / "main.py")
        agent = buffers.open(client, work / "agent.py")
        outcome = await _run(client, ORGANIZE)
        asked = list(client.message_requests)
        edits = list(client.applied_edits)
        messages = [m.message for m in client.messages]
    assert outcome.startswith("Organize backend structure: moved 20 files, edited 20, created 10 and staged")
    assert len(asked) == 1
    assert asked[0].message.startswith("Organize backend structure: move 20 files, edit 20 and create 10?")
    assert "backendOrganizer.undo" in asked[0].message
    assert [a.title for a in asked[0].actions] == ["Organize", "Cancel"]

    assert snapshot(work) == snapshot(reference)  # the CLI's transaction, byte for byte
    # the one open buffer rewritten in place got the same change, versioned; the moved one was left alone
    assert len(edits) == 1
    assert [(c.text_document.uri, c.text_document.version) for c in edits[0].edit.document_changes] == [(main, 1)]
    assert buffers.texts[main] == (work / "main.py").read_text()
    assert buffers.texts[agent] == agent_before  # it moved: a save must not recreate it, so it keeps its text
    assert any("agent.py (now agents/agent.py)" in m and "without saving" in m for m in messages)
    assert "R  agent.py -> agents/agent.py" in _git_status(work)  # staged as the CLI stages it

    tests = run_pytest(work)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    cli("undo", "--yes", str(work))
    assert snapshot(work) == before
    assert _git_status(work) == ""


async def test_declining_changes_nothing(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    before = snapshot(work, include_git=True)
    async with lsp_session(work, EMACS, answer="Cancel") as client:
        outcome = await _run(client, ORGANIZE)
        assert len(client.message_requests) == 1
        assert client.applied_edits == []
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert outcome == "Organize backend structure: cancelled; nothing was changed."
    assert errors == []
    assert snapshot(work, include_git=True) == before  # no journal either


async def test_unsaved_buffers_are_refused_before_asking(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    before = snapshot(work)
    async with lsp_session(work, EMACS, answer="Organize") as client:
        uri = open_document(client, work / "database.py")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text="# not saved\n")],
            )
        )
        outcome = await _run(client, ORGANIZE)
        assert client.message_requests == []
        assert client.applied_edits == []
    assert outcome.startswith("Organize backend structure: save these files first")
    assert outcome.endswith(": database.py")
    assert snapshot(work) == before


async def test_a_buffer_edited_while_the_question_is_open_is_not_overwritten(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    before = snapshot(work)
    buffers = Buffers()
    uri = None

    def type_then_confirm(_params):
        buffers.texts[uri] += "# typed while the question was open\n"
        buffers.versions[uri] += 1
        buffers.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=buffers.versions[uri]),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=buffers.texts[uri])],
            )
        )
        return "Organize"

    async with lsp_session(work, EMACS, apply=buffers.apply, answer=type_then_confirm) as client:
        uri = buffers.open(client, work / "main.py")
        outcome = await _run(client, ORGANIZE)
        assert client.applied_edits == []
    assert (
        outcome == "Organize backend structure: save these files first (the server changes the files on disk "
        "itself and never writes unsaved text): main.py"
    )
    assert buffers.texts[uri].endswith("# typed while the question was open\n")
    assert snapshot(work) == before


async def test_undo_command_restores_a_cli_apply_after_asking(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    before = snapshot(work)
    cli("apply", "--yes", str(work))
    organized = snapshot(work)
    buffers = Buffers()
    async with lsp_session(work, EMACS, apply=buffers.apply, answer="Cancel") as client:
        declined = await _run(client, UNDO)
    assert declined == "Undo reorganization: cancelled; nothing was changed."
    assert snapshot(work) == organized

    async with lsp_session(work, EMACS, apply=buffers.apply, answer="Undo") as client:
        main = buffers.open(client, work / "main.py")
        buffers.open(client, work / "agents" / "agent.py")
        outcome = await _run(client, UNDO, {"path": work.as_uri()})
        asked = client.message_requests[0].message
        messages = [m.message for m in client.messages]
        client.messages.clear()
        again = await _run(client, UNDO)
    assert asked == "Undo the last reorganization of flat_backend/: move 20 files back and restore 20?"
    assert outcome.startswith("Undo reorganization: restored ")
    assert snapshot(work) == before
    assert _git_status(work) == ""
    assert buffers.texts[main] == (work / "main.py").read_text()
    assert any("agents/agent.py (now agent.py)" in m for m in messages)
    assert again.startswith("Undo reorganization: nothing to undo")


def _command_of(action) -> types.Command:
    """lsprotocol 2025.0.0 decodes a CodeAction carrying a command as a bare Command (style-anchors §8.6)."""
    if isinstance(action, types.CodeAction):
        return action.command
    raw = ast.literal_eval(action.command)
    return types.Command(title=raw["title"], command=raw["command"], arguments=raw.get("arguments"))


async def test_move_action_carries_a_command_the_server_applies(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    before = snapshot(work)
    buffers = Buffers()
    async with lsp_session(work, EMACS, apply=buffers.apply, answer="Move") as client:
        uri = buffers.open(client, work / "session_service.py")
        chat = buffers.open(client, work / "chat_service.py")
        zero = types.Position(line=0, character=0)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=zero, end=zero),
                context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.RefactorMove]),
            )
        )
        assert [a.title for a in actions] == ["Move `session_service.py` to services/"]
        command = _command_of(actions[0])
        assert command.command == "backendOrganizer.moveModule"
        outcome = await _run(client, command.command, *command.arguments)
        asked = client.message_requests[0].message
    assert outcome.startswith("Move session_service.py to services/: moved 1 file, edited ")
    assert asked.startswith("Move session_service.py to services/ and edit ")
    assert (work / "services" / "session_service.py").is_file() and not (work / "session_service.py").exists()
    assert "from services.session_service import SessionService" in buffers.texts[chat]
    assert buffers.texts[chat] == (work / "chat_service.py").read_text()
    tests = run_pytest(work)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    cli("undo", "--yes", str(work))
    assert snapshot(work) == before


async def test_stale_import_quick_fix_is_a_plain_text_edit(tmp_path):
    """The stale-import fixes need no rename, so eglot applies them as they are."""
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    report = work / "report.py"
    report.write_text("from session_service import SessionService\n\nSERVICE = SessionService\n")
    async with lsp_session(work, EMACS) as client:
        uri = open_document(client, report)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        diagnostics = client.diagnostics[uri]
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diagnostics[0].range,
                context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
            )
        )
    assert [a.title for a in actions] == ["Update import to `services.session_service`"]
    changes = actions[0].edit.document_changes
    assert all(isinstance(c, types.TextDocumentEdit) for c in changes)


async def test_client_without_apply_edit_is_told_to_revert_its_buffers(tmp_path):
    """Vim's ALE declares ``applyEdit: false``: the server still applies on disk, and names the buffers."""
    work = copy_example("flat_backend", tmp_path)
    caps = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(apply_edit=False))
    async with lsp_session(work, caps, answer="Organize") as client:
        open_document(client, work / "main.py")
        outcome = await _run(client, ORGANIZE)
        messages = [m.message for m in client.messages]
        assert client.applied_edits == []
    assert outcome.startswith("Organize backend structure: moved 20 files")
    assert "These open buffers hold the old text; revert them from disk before editing: main.py" in messages
