"""``backendOrganizer.configure``: plan-view edits as one undoable ``workspace/applyEdit`` of pyproject.toml."""

from __future__ import annotations

import tomllib

import pytest
from helpers import copy_example
from lsp_harness import lsp_session
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

CONFIGURE = "backendOrganizer.configure"
PLAN = "backendOrganizer.plan"


def _destinations(plan: dict) -> dict[str, str | None]:
    return {d["path"]: d["to"] for d in plan["decisions"]}


async def _configure(client, **arguments):
    params = types.ExecuteCommandParams(command=CONFIGURE, arguments=[arguments])
    return await client.workspace_execute_command_async(params)


async def test_move_keep_exclude_reset_edit_pyproject_and_change_the_plan(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    pyproject = work / "pyproject.toml"
    async with lsp_session(work) as client:
        shown = await _configure(client, action="show")
        assert shown["changed"] is False and not client.applied_edits
        assert _destinations(shown["plan"])["helpers.py"] == "utils/helpers.py"
        assert shown["config"] == {"rules": {}, "keep": [], "exclude": []}

        moved = await _configure(client, action="move", file="helpers.py", package="services")
        assert moved["applied"] and moved["changed"]
        assert _destinations(moved["plan"])["helpers.py"] == "services/helpers.py"
        first = client.applied_edits[0]
        assert first.label == 'Backend Organizer: edit the plan: rules "helpers.py" = "services"'
        kinds = [type(c).__name__ for c in first.edit.document_changes]
        assert kinds == ["CreateFile", "TextDocumentEdit"]  # no pyproject.toml yet: the edit creates it
        assert pyproject.read_text() == '[tool.backend-organizer]\nrules = { "helpers.py" = "services" }\n'

        kept = await _configure(client, action="keep", file=(work / "auth.py").as_uri())
        assert _destinations(kept["plan"])["auth.py"] is None
        assert "auth.py" not in {m["from"] for m in kept["plan"]["moves"]}

        excluded = await _configure(client, action="exclude", file="seed_data.py")
        assert "seed_data.py" not in _destinations(excluded["plan"])
        assert excluded["config"] == {
            "rules": {"helpers.py": "services"},
            "keep": ["auth.py"],
            "exclude": ["seed_data.py"],
        }
        assert [type(c).__name__ for c in client.applied_edits[-1].edit.document_changes] == ["TextDocumentEdit"]

        # the plan command (from disk, as the CLI) agrees
        plan = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=PLAN))
        assert _destinations(plan)["helpers.py"] == "services/helpers.py" and "seed_data.py" not in _destinations(plan)

        reset = await _configure(client, action="reset", file="helpers.py")
        assert _destinations(reset["plan"])["helpers.py"] == "utils/helpers.py"
    table = tomllib.loads(pyproject.read_text())["tool"]["backend-organizer"]
    assert table == {"keep": ["auth.py"], "exclude": ["seed_data.py"]}


async def test_edits_the_open_buffer_by_its_version_and_plans_with_its_unsaved_text(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    pyproject = work / "pyproject.toml"
    pyproject.write_text('[project]\nname = "flat"  # keep me\n')
    async with lsp_session(work, apply=lambda params: types.ApplyWorkspaceEditResult(applied=True)) as client:
        unsaved = '[project]\nname = "flat"  # keep me\n\n[tool.backend-organizer]\nkeep = ["main.py"]\n'
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=pyproject.as_uri(), language_id="toml", version=7, text=unsaved
                )
            )
        )
        result = await _configure(client, action="move", file="helpers.py", package="agents")
        change = client.applied_edits[0].edit.document_changes[0]
        assert change.text_document.version == 7
        assert change.edits[0].new_text == 'rules = { "helpers.py" = "agents" }\n'
        assert change.edits[0].range.start == types.Position(line=5, character=0)
        # the answer's plan uses the edited buffer, although the editor has not saved it
        assert _destinations(result["plan"])["helpers.py"].endswith("/helpers.py")
        assert result["config"]["keep"] == ["main.py"] and result["config"]["rules"] == {"helpers.py": "agents"}
    assert pyproject.read_text() == '[project]\nname = "flat"  # keep me\n'


async def test_rejected_edit_and_bad_arguments(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    rejected = types.ApplyWorkspaceEditResult(applied=False, failure_reason="user said no")
    async with lsp_session(work, apply=lambda params: rejected) as client:
        result = await _configure(client, action="keep", file="helpers.py")
        assert result["applied"] is False and _destinations(result["plan"])["helpers.py"] == "utils/helpers.py"
        with pytest.raises(JsonRpcInvalidParams, match="action"):
            await _configure(client, action="shred", file="helpers.py")
        with pytest.raises(JsonRpcInvalidParams, match="not a Python identifier"):
            await _configure(client, action="move", file="helpers.py", package="no-such")
    assert not (work / "pyproject.toml").exists()


async def test_without_apply_edit_the_server_writes_the_file(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    caps = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(apply_edit=False))
    async with lsp_session(work, caps) as client:
        result = await _configure(client, action="exclude", file="helpers.py")
        assert result["applied"] and not client.applied_edits
    assert (work / "pyproject.toml").read_text() == '[tool.backend-organizer]\nexclude = ["helpers.py"]\n'
