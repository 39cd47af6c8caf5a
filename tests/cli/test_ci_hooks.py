"""pre-commit and CI: ``plan --check``, ``check --format github``, and the hooks through ``pre-commit try-repo``.

``try-repo`` clones this repository (a local path, no network) and installs it into a fresh virtualenv with
pip, which fetches its dependencies from the package index like any ``language: python`` hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, cli, copy_example, git_init

STALE = '"""Merged from an old branch."""\nfrom session_service import SessionService\n\nSERVICE = SessionService\n'


def test_plan_check_fails_on_a_flat_backend_and_passes_once_organized(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    flat = cli("plan", "--check", str(work), check=False)
    assert flat.returncode == 1
    lines = flat.stdout.splitlines()
    assert lines[0] == (
        "Not organized (.): 20 files would move, 20 would be edited and 10 created; run `backend-organizer apply .`"
    )
    assert "  move agent.py → agents/agent.py  (name word 'agent': AI/ML agents and processing)" in lines
    assert "  create agents/__init__.py" in lines
    assert "  edit main.py (9 edits)" in lines
    assert "  edit database.py (1 edit)" in lines
    json_check = cli("plan", "--check", "--json", str(work), check=False)
    assert json_check.returncode == 1 and json_check.stdout.lstrip().startswith("{")

    cli("apply", "--yes", str(work))
    organized = cli("plan", "--check", str(work), check=False)
    assert (organized.returncode, organized.stdout) == (0, "")


def test_check_github_format_annotates_with_checkout_relative_paths(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    (work / "report.py").write_text(STALE)
    (work / "broken.py").write_text("def f(:\n")
    result = cli("check", "--format", "github", str(work), check=False, env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=flat_backend/report.py,line=2,col=1,title=stale-import::module 'session_service' does not "
        "resolve here; the workspace has it as services.session_service (use `from services.session_service "
        "import SessionService`)",
        "::warning file=flat_backend/broken.py,line=1,col=1,title=unparsable::syntax error: invalid syntax",
    ]
    text = cli("check", str(work), check=False)
    assert text.stdout.startswith("report.py:2:1: stale-import module 'session_service' does not resolve here")


def test_github_annotations_escape_what_workflow_commands_reserve() -> None:
    from backend_organizer.cli.render import github_annotation

    line = github_annotation("error", "a,b:c.py", 3, 4, "stale-import", "100% wrong\nsecond line")
    assert line == "::error file=a%2Cb%3Ac.py,line=3,col=4,title=stale-import::100%25 wrong%0Asecond line"


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def test_hooks_manifest_is_valid(tmp_path: Path) -> None:
    result = _pre_commit("validate-manifest", str(REPO / ".pre-commit-hooks.yaml"), cwd=REPO, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module (pre-commit reuses it while this repository's commit is the same)."""
    return tmp_path_factory.mktemp("pre-commit-home")


def test_try_repo_plan_check_fails_on_a_flat_backend(tmp_path: Path, pre_commit_home: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    result = _pre_commit("try-repo", str(REPO), "--all-files", cwd=work, home=pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "backend-organizer check (stale imports)" in output
    assert "Not organized (.): 20 files would move" in output
    assert "move agent.py → agents/agent.py" in output
    lines = output.splitlines()
    assert any(line.startswith("backend-organizer check (stale imports)") and line.endswith("Passed") for line in lines)
    assert any(line.startswith("backend-organizer plan --check") and line.endswith("Failed") for line in lines)


def test_try_repo_check_fails_on_a_stale_import_of_an_organized_backend(tmp_path: Path, pre_commit_home: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    (work / "report.py").write_text(STALE)
    git_init(work)
    result = _pre_commit("try-repo", str(REPO), "--all-files", cwd=work, home=pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "report.py:2:1: stale-import module 'session_service' does not resolve here" in output
    lines = output.splitlines()
    assert any(line.startswith("backend-organizer check (stale imports)") and line.endswith("Failed") for line in lines)
    assert any(line.startswith("backend-organizer plan --check") and line.endswith("Passed") for line in lines)
