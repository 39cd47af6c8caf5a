"""``backendOrganizer.organize`` and ``backendOrganizer.plan`` over the protocol, per client."""

from __future__ import annotations

import json
import re

import pytest
from helpers import cli, copy_example, run_pytest, snapshot
from lsp_harness import CLIENTS, lsp_session, open_document
from lsprotocol import types

ORGANIZE = "backendOrganizer.organize"
PLAN = "backendOrganizer.plan"


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_organize_applies_one_edit_equal_to_cli_apply(tmp_path, client_name):
    work = copy_example("flat_backend", tmp_path, "-lsp")
    reference = copy_example("flat_backend", tmp_path, "-cli")
    cli("apply", "--yes", str(reference))

    async with lsp_session(work, client_name) as client:
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=ORGANIZE))
        assert result["applied"] is True, result
        assert result["failureReason"] is None
        assert result["moves"] == 20
        assert len(client.applied_edits) == 1
        params = client.applied_edits[0]
        timings = [m.message for m in client.log_messages if "from the command to the last rename applied" in m.message]

    # where the time went, for the editors' end-to-end logs: planned, edit built, applied by the editor, in all
    (line,) = timings
    assert re.fullmatch(
        r"Organize backend structure: 20 moves, \d+ edits: planned [\d.]+ s, edit built [\d.]+ s, "
        r"applied by the editor [\d.]+ s; [\d.]+ s from the command to the last rename applied",
        line,
    ), line

    assert params.label == "Organize backend structure"
    changes = params.edit.document_changes
    kinds = [type(c).__name__ for c in changes]
    last_create = len(kinds) - 1 - kinds[::-1].index("CreateFile")
    first_edit = last_create + 2
    first_rename = kinds.index("RenameFile")
    last_rename = len(kinds) - 1 - kinds[::-1].index("RenameFile")
    # creates (each followed by its content) come first, then Python edits on old URIs, then renames,
    # then the edits to non-Python files
    assert kinds[:first_edit] == ["CreateFile", "TextDocumentEdit"] * (first_edit // 2)
    assert all(k == "TextDocumentEdit" for k in kinds[first_edit:first_rename])
    assert all(k == "RenameFile" for k in kinds[first_rename : last_rename + 1])
    assert all(k == "TextDocumentEdit" for k in kinds[last_rename + 1 :])
    renamed_from = {c.old_uri for c in changes if isinstance(c, types.RenameFile)}
    python_edits = [c for c in changes[first_edit:first_rename]]
    assert {e.text_document.uri for e in python_edits if e.text_document.uri.endswith("/agent.py")} <= renamed_from
    for change in changes:
        if isinstance(change, types.RenameFile):
            assert change.options is not None and change.options.ignore_if_exists is None  # Neovim 0.7 skips those
        if isinstance(change, types.CreateFile):
            assert change.options is None
        if isinstance(change, types.TextDocumentEdit):
            assert change.text_document.version is None  # nothing is open
    if client_name == "visual-studio-code":
        annotations = params.edit.change_annotations
        assert annotations["backend-organizer.move:agent.py"].label == "Move agent.py → agents/"
        assert "agent" in annotations["backend-organizer.move:agent.py"].description
        assert annotations["backend-organizer.confirm"].needs_confirmation is True
        assert not annotations["backend-organizer.imports"].needs_confirmation
    else:
        assert params.edit.change_annotations is None

    assert snapshot(work) == snapshot(reference)
    tests = run_pytest(work)
    assert tests.returncode == 0, tests.stdout + tests.stderr


async def test_plan_command_matches_cli_json_and_changes_nothing(tmp_path):
    work = copy_example("deploy_backend", tmp_path)
    before = snapshot(work)
    expected = json.loads(cli("plan", "--json", str(work)).stdout)
    async with lsp_session(work) as client:
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=PLAN, arguments=[{"path": work.as_uri()}])
        )
        assert client.applied_edits == []
        reports = [r for values in client.progress_reports.values() for r in values]
    assert result == expected
    assert snapshot(work) == before
    kinds = [type(r).__name__ for r in reports]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    assert {r.message for r in reports if isinstance(r, types.WorkDoneProgressReport)} >= {
        "scanning",
        "classifying",
        "rewriting references",
        "verifying",
    }


async def test_open_documents_are_planned_from_the_buffer_with_their_version(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    main = work / "main.py"
    async with lsp_session(work) as client:
        uri = open_document(client, main, version=7)
        unsaved = main.read_text() + "\nimport rate_limiting as _unsaved_rl\n"
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=8),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=unsaved)],
            )
        )
        client.open_versions[uri] = 8
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=ORGANIZE))
        edit = client.applied_edits[0].edit
    assert result["applied"] is True
    main_edit = next(
        c for c in edit.document_changes if isinstance(c, types.TextDocumentEdit) and c.text_document.uri == uri
    )
    assert main_edit.text_document.version == 8
    assert any(e.new_text == "from utils import rate_limiting as _unsaved_rl" for e in main_edit.edits)


async def test_client_without_file_renames_is_asked_and_a_dismissed_question_changes_nothing(tmp_path):
    """Without resourceOperations the server applies on disk itself, after asking (tests/lsp/test_disk_apply.py)."""
    import asyncio

    work = copy_example("flat_backend", tmp_path)
    before = snapshot(work)
    caps = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            apply_edit=True, workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
        )
    )
    async with lsp_session(work, caps) as client:
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=ORGANIZE))
        for _ in range(3000):
            if any(m.message.endswith("cancelled; nothing was changed.") for m in client.messages):
                break
            await asyncio.sleep(0.1)
        asked = [r.message for r in client.message_requests]
    assert result == {"pending": True, "failureReason": None}
    assert len(asked) == 1 and asked[0].startswith("Organize backend structure: move 20 files")
    assert client.applied_edits == []
    assert snapshot(work) == before


async def test_rejected_edit_is_reported_and_new_folders_are_removed(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    before = snapshot(work)

    def reject(_params):
        return types.ApplyWorkspaceEditResult(applied=False, failure_reason="document changed meanwhile")

    async with lsp_session(work, apply=reject) as client:
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=ORGANIZE))
        again = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=PLAN))
    assert result == {"applied": False, "moves": 0, "edits": 0, "failureReason": "document changed meanwhile"}
    assert snapshot(work) == before  # the package folders made for Neovim 0.7 are gone again
    assert again["moves"]  # the server is still running and answering


@pytest.mark.parametrize("arguments", [[42], [{"path": 3}], [{"path": "file:///x"}, {"y": 1}], [{"root": "x"}]])
async def test_malformed_arguments_are_json_rpc_errors(tmp_path, arguments):
    work = copy_example("flat_backend", tmp_path)
    async with lsp_session(work) as client:
        with pytest.raises(Exception, match=r"(?i)invalid params|argument|path"):
            await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command=ORGANIZE, arguments=arguments)
            )
        ok = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=PLAN))
    assert ok["moves"]


async def test_path_outside_the_workspace_is_refused(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    outside = copy_example("split_backend", tmp_path)
    before = snapshot(outside)
    async with lsp_session(work) as client:
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=ORGANIZE, arguments=[{"path": outside.as_uri()}])
        )
    assert result["applied"] is False
    assert "outside the workspace" in result["failureReason"]
    assert snapshot(outside) == before


async def test_large_workspace_planning_uses_worker_processes_without_hanging(tmp_path):
    """Above the parallel threshold the server parses in worker processes; forking a threaded server hung."""
    import asyncio

    from backend_organizer.core.scan.project import PARALLEL_THRESHOLD

    work = tmp_path / "big"
    work.mkdir()
    for i in range(PARALLEL_THRESHOLD + 20):
        (work / f"m{i}_service.py").write_text(f"from helpers import h\n\nX{i} = h({i})\n")
    (work / "helpers.py").write_text("def h(x):\n    return x\n")
    async with lsp_session(work) as client:
        result = await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command=PLAN)), timeout=120
        )
        again = await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command=PLAN)), timeout=60
        )
    assert len(result["moves"]) == PARALLEL_THRESHOLD + 21
    assert again == result


async def test_lsp_mode_gets_new_files_without_create_file(tmp_path):
    """lsp-mode applies every text edit before any resource operation: a CreateFile would land under the
    already-edited buffer of the new file ("changed on disk" on save), so new files get their content only."""
    work = copy_example("flat_backend", tmp_path)
    async with lsp_session(
        work, "visual-studio-code", apply=lambda _p: types.ApplyWorkspaceEditResult(applied=True), client_name="emacs"
    ) as client:
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=ORGANIZE))
        edit = client.applied_edits[0].edit
    assert result["applied"] is True
    kinds = [type(c).__name__ for c in edit.document_changes]
    assert "CreateFile" not in kinds
    init = next(c for c in edit.document_changes if c.text_document.uri.endswith("/agents/__init__.py"))
    assert init.text_document.version is None
    assert init.edits[0].new_text == '"""AI/ML agents and processing."""\n'
    assert kinds.index("RenameFile") > kinds.index("TextDocumentEdit")
    assert (work / "agents").is_dir()  # the folders exist before the edit, as for Neovim 0.7
