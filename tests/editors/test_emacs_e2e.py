"""Emacs 28 in batch mode (Debian's emacs-nox, elpa-eglot 1.9, elpa-lsp-mode 8.0) against the real server.

eglot cannot rename files, so organizing from it goes through the server-side apply: the user picks
"Organize backend structure" from ``M-x eglot-code-actions``, confirms the server's question, and the
server runs the CLI's journaled transaction (``backend-organizer undo`` undoes it). lsp-mode renames files
itself, applying every text edit before any resource operation; the server's edit order (text edits on the
old URIs, then the renames; new files by their content alone) is what makes that come out right. Both
results are compared with the CLI's byte for byte, then the copy's own tests run. Each client also takes a
stale-import quick fix. The Elisp drivers are in ``emacs/``; the simulated user's answers are recorded in
the result's ``prompts``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from editors_common import require
from helpers import cli, copy_example, git_init, run_pytest, snapshot

DRIVERS = Path(__file__).parent / "emacs"
ELPA = Path("/usr/share/emacs/site-lisp/elpa")
CLIENTS = {"eglot": "elpa-eglot", "lspmode": "elpa-lsp-mode"}
STALE = (
    '"""Merged from an old branch."""\nimport json\nfrom session_service import SessionService\n\n'
    "SERVICE = SessionService\nDUMP = json.dumps\n"
)


def emacs_for(client: str) -> str:
    """Emacs, when it and the client's Debian package are installed (else skip, or fail in CI)."""
    emacs = require(shutil.which("emacs"), "Emacs (Debian emacs-nox)")
    package = "lsp-mode" if client == "lspmode" else client
    require(next((str(p) for p in ELPA.glob(f"{package}-*")), None), f"{client} (Debian {CLIENTS[client]})")
    return emacs


def run_emacs(emacs: str, script: str, tmp_path: Path, **env: str) -> dict:
    out = tmp_path / f"{script}.json"
    state = tmp_path / "emacs-state"
    state.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PY": sys.executable,
        "OUT": str(out),
        "STATE": str(state),
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    result = subprocess.run(
        [emacs, "-Q", "--batch", "-l", str(DRIVERS / script)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.exists(), f"emacs wrote no result (rc={result.returncode}):\n{result.stdout}\n{result.stderr}"
    data = json.loads(out.read_text())
    assert "error" not in data, f"{data['error']}\n{data.get('messages', '')[-4000:]}\n{result.stderr[-4000:]}"
    return data


@pytest.mark.parametrize("client", CLIENTS)
def test_organize_from_emacs_matches_the_cli(tmp_path, client):
    emacs = emacs_for(client)
    work = copy_example("flat_backend", tmp_path, client)
    reference = copy_example("flat_backend", tmp_path, "cli")
    git_init(work)
    git_init(reference)
    before = snapshot(work)
    cli("apply", "--yes", str(reference))

    result = run_emacs(emacs, f"{client}-organize.el", tmp_path, WS=str(work))

    assert not [b["file"] for b in result["buffers"] if b["modified"]], "buffers left unsaved"
    if client == "eglot":
        pick, question, *saves = result["prompts"]
        assert pick.startswith("[eglot] Pick an action")
        assert "Organize backend structure: move 20 files, edit 20 and create 10?" in question
        # main.py's buffer got the same edit as its file, so Emacs only notes the file's new modification time
        assert saves == ["main.py has changed since visited or saved.  Save anyway? "]
        assert (
            "Organize backend structure: moved 20 files, edited 20, created 10 and staged the change in git"
            in (result["outcome"])
        )
    else:
        assert result["prompts"] == []  # the only code action on main.py's first line runs directly
    assert snapshot(work) == snapshot(reference)
    tests = run_pytest(work)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    if client == "eglot":  # the server's apply is the CLI's transaction: the CLI undoes it
        cli("undo", "--yes", str(work))
        assert snapshot(work) == before


def test_undo_from_eglot_restores_a_cli_apply(tmp_path):
    emacs = emacs_for("eglot")
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    before = snapshot(work)
    cli("apply", "--yes", str(work))

    result = run_emacs(emacs, "eglot-undo.el", tmp_path, WS=str(work))

    assert "Undo reorganization: restored " in result["outcome"]
    assert "Undo the last reorganization of flat_backend/: move 20 files back and restore 20?" in result["prompts"][0]
    assert not [b["file"] for b in result["buffers"] if b["modified"]]
    assert snapshot(work) == before


@pytest.mark.parametrize("client", CLIENTS)
def test_stale_import_quick_fix_in_emacs(tmp_path, client):
    emacs = emacs_for(client)
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    report = work / "report.py"
    report.write_text(STALE)
    git_init(work)

    result = run_emacs(emacs, f"{client}-quickfix.el", tmp_path, WS=str(work), FILE="report.py", LINE="3")

    assert [d["line"] for d in result["diagnostics"]] == [3]
    assert "stale import: module 'session_service' does not resolve here" in result["diagnostics"][0]["text"]
    assert len(result["prompts"]) == 1  # the code action menu; the fix is applied without another question
    assert report.read_text().splitlines()[2] == "from services.session_service import SessionService"
    assert cli("check", str(work), check=False).returncode == 0
