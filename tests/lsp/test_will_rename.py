"""``workspace/willRenameFiles``: import updates for a file or a folder moved in the editor."""

from __future__ import annotations

import shutil

from applier import apply_workspace_edit
from helpers import cli, copy_example, run_pytest
from lsp_harness import lsp_session
from lsprotocol import types


async def test_moving_one_module_updates_its_importers(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    old, new = work / "helpers.py", work / "text" / "helpers.py"
    async with lsp_session(work) as client:
        edit = await client.workspace_will_rename_files_async(
            types.RenameFilesParams(files=[types.FileRename(old_uri=old.as_uri(), new_uri=new.as_uri())])
        )
    uris = {c.text_document.uri for c in edit.document_changes}
    assert (work / "session_service.py").as_uri() in uris
    assert not any(isinstance(c, types.RenameFile) for c in edit.document_changes)
    apply_workspace_edit(edit)
    new.parent.mkdir()
    old.rename(new)  # the editor performs the rename after applying the edit
    assert "from text.helpers import slugify as make_slug" in (work / "session_service.py").read_text()
    result = run_pytest(work)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_renaming_a_package_folder_updates_from_imports(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    old, new = work / "data", work / "retrieval"
    async with lsp_session(work) as client:
        edit = await client.workspace_will_rename_files_async(
            types.RenameFilesParams(files=[types.FileRename(old_uri=old.as_uri(), new_uri=new.as_uri())])
        )
    apply_workspace_edit(edit)
    shutil.move(old, new)
    assert "from retrieval import vector_store" in (work / "agents" / "agent.py").read_text()
    result = run_pytest(work)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_renames_of_the_servers_own_organize_edit_are_ignored(tmp_path):
    """VS Code reports the renames of an applied WorkspaceEdit back as willRenameFiles while applying it."""
    work = copy_example("flat_backend", tmp_path)
    answers = []

    async def apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        renames = [c for c in params.edit.document_changes if isinstance(c, types.RenameFile)]
        answers.append(
            await client.workspace_will_rename_files_async(
                types.RenameFilesParams(files=[types.FileRename(old_uri=r.old_uri, new_uri=r.new_uri) for r in renames])
            )
        )
        apply_workspace_edit(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    async with lsp_session(work, apply=apply) as client:
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="backendOrganizer.organize")
        )
        messages = [m for m in client.messages if m.type in (types.MessageType.Warning, types.MessageType.Error)]
    assert result["applied"] is True
    assert answers == [None]
    assert messages == []
