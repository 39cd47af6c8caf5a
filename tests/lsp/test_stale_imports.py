"""Stale-import diagnostics and their quick fixes, as a merged pre-reorganization branch would produce."""

from __future__ import annotations

import asyncio

from helpers import cli, copy_example
from lsp_harness import lsp_session, open_document
from lsprotocol import types

STALE_FILE = '''"""Weekly report, written on a branch from before the reorganization."""
from database import get_db
import vector_store
from session_service import SessionService  # sessions
import json
import database


def report():
    return json.dumps([get_db() is not None, vector_store.search, SessionService, database.load_messages])
'''


async def _diagnostics(client, uri, count, timeout=15.0):
    for _ in range(int(timeout / 0.1)):
        if len(client.diagnostics.get(uri, [])) >= count:
            return client.diagnostics[uri]
        await asyncio.sleep(0.1)
    return client.diagnostics.get(uri, [])


async def test_stale_imports_get_diagnostics_and_quick_fixes(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    report = work / "report.py"
    report.write_text(STALE_FILE)
    async with lsp_session(work) as client:
        uri = open_document(client, report)
        diagnostics = await _diagnostics(client, uri, 4)
        assert [d.code for d in diagnostics] == ["stale-import"] * 4
        assert all(d.source == "backend-organizer" for d in diagnostics)
        lines = sorted(d.range.start.line for d in diagnostics)
        assert lines == [1, 2, 3, 5]
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diagnostics[0].range,
                context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
            )
        )
        titles = sorted(a.title for a in actions)
        assert titles == [
            "Update import to `data.vector_store`",
            "Update import to `database.database`",
            "Update import to `database.database`",
            "Update import to `services.session_service`",
        ]
        assert all(a.is_preferred and a.kind == types.CodeActionKind.QuickFix for a in actions)
        fix_all = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
            )
        )
    assert [a.title for a in fix_all] == ["Fix all stale imports in this file"]
    from applier import apply_workspace_edit

    apply_workspace_edit(fix_all[0].edit, {uri: 1})
    fixed = report.read_text()
    assert "from database.database import get_db\n" in fixed
    assert "from data import vector_store\n" in fixed
    assert "from services.session_service import SessionService  # sessions\n" in fixed
    assert "from database import database\n" in fixed
    assert "import json\n" in fixed
    assert cli("check", str(work), check=False).returncode == 0


async def test_no_diagnostics_for_third_party_or_stdlib_imports(tmp_path):
    work = copy_example("chatkit_backend", tmp_path)
    cli("apply", "--yes", str(work))
    probe = work / "probe.py"
    probe.write_text("import logging\nimport json\nfrom agents import Agent\nimport requests_not_installed\n")
    async with lsp_session(work) as client:
        uri = open_document(client, probe)
        await asyncio.sleep(1.5)
        assert list(client.diagnostics.get(uri, [])) == []


async def test_diagnostics_follow_edits_in_the_buffer(tmp_path):
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    report = work / "report.py"
    report.write_text("import json\n")
    async with lsp_session(work) as client:
        uri = open_document(client, report)
        await asyncio.sleep(0.8)
        assert list(client.diagnostics.get(uri, [])) == []
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text="import json\nimport helpers\n")],
            )
        )
        diagnostics = await _diagnostics(client, uri, 1)
    assert len(diagnostics) == 1 and diagnostics[0].range.start.line == 1
    assert "utils.helpers" in diagnostics[0].message


async def test_no_diagnostic_or_quick_fix_for_lookalike_third_party_imports(tmp_path):
    """Untouched code whose imports resolve: ``chromadb.config`` is not the local ``config.py``, and a
    ``fixtures`` package that pytest's conftest puts on ``sys.path`` resolves."""
    from helpers import LOOKALIKE_IMPORTS, write_files

    write_files(tmp_path, {**LOOKALIKE_IMPORTS, "backend/report.py": "import triage\n"})
    files = ["backend/vector_store.py", "backend/storage.py", "backend/adk_agent.py", "tests/unit/test_replies.py"]
    async with lsp_session(tmp_path) as client:
        uris = [open_document(client, tmp_path / rel) for rel in files]
        control = open_document(client, tmp_path / "backend/report.py")  # a real stale import, opened last
        assert "agents.triage" in (await _diagnostics(client, control, 1))[0].message
        for uri in uris:
            assert list(client.diagnostics.get(uri, [])) == [], uri
            actions = await client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=types.Range(
                        start=types.Position(line=0, character=0), end=types.Position(line=0, character=5)
                    ),
                    context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
                )
            )
            assert not actions, (uri, [a.title for a in actions or []])
