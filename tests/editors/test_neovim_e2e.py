"""Headless Neovim (Debian 0.7.2, and a current build when installed) against the real server.

Organize from Neovim's built-in client, write all buffers, and compare the tree with the CLI's result;
then take a stale-import quick fix through ``vim.lsp.buf.code_action``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from editors_common import neovims, require
from helpers import cli, copy_example, run_pytest, snapshot

LUA = Path(__file__).parent / "nvim"
NEOVIMS = neovims()


def run_nvim(nvim: str, script: str, tmp_path: Path, **env: str) -> dict:
    out = tmp_path / f"{script}.json"
    state = tmp_path / "nvim-state"
    state.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PY": sys.executable,
        "OUT": str(out),
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(state),
        "XDG_STATE_HOME": str(state),
        "XDG_DATA_HOME": str(state),
        "XDG_CONFIG_HOME": str(state),
        **env,
    }
    result = subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {LUA / script}"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.exists(), f"nvim wrote no result (rc={result.returncode}):\n{result.stdout}\n{result.stderr}"
    return json.loads(out.read_text())


@pytest.mark.parametrize(("label", "nvim"), NEOVIMS, ids=[label for label, _ in NEOVIMS])
def test_organize_from_neovim_matches_the_cli(tmp_path, label, nvim):
    nvim = require(nvim, f"Neovim ({label})")
    work = copy_example("flat_backend", tmp_path, "nvim")
    reference = copy_example("flat_backend", tmp_path, "cli")
    cli("apply", "--yes", str(reference))
    result = run_nvim(nvim, "organize.lua", tmp_path, WS=str(work))
    assert "error" not in result, result
    assert result["response"]["applied"] is True, result
    assert result["response"]["moves"] == 20
    assert snapshot(work) == snapshot(reference)
    tests = run_pytest(work)
    assert tests.returncode == 0, tests.stdout + tests.stderr


@pytest.mark.parametrize(("label", "nvim"), NEOVIMS, ids=[label for label, _ in NEOVIMS])
def test_stale_import_quick_fix_in_neovim(tmp_path, label, nvim):
    nvim = require(nvim, f"Neovim ({label})")
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    report = work / "report.py"
    report.write_text(
        '"""Merged from an old branch."""\nimport json\nfrom session_service import SessionService\n\n'
        "SERVICE = SessionService\nDUMP = json.dumps\n"
    )
    result = run_nvim(nvim, "quickfix.lua", tmp_path, WS=str(work), FILE="report.py", LINE="3")
    assert "error" not in result, result
    assert [d["lnum"] for d in result["diagnostics"]] == [2]
    assert result["diagnostics"][0]["source"] == "backend-organizer"
    assert result["picked"] == "Update import to `services.session_service`"
    assert report.read_text().splitlines()[2] == "from services.session_service import SessionService"
    assert cli("check", str(work)).returncode == 0
