"""One root-finding function: the CLI, the language server's sessions and the scan agree on the workspace."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from backend_organizer.cli.main import _root_for
from backend_organizer.core.api import scan, workspace_root
from backend_organizer.lsp.session import Sessions


def _tree(tmp_path: Path, git: bool) -> Path:
    repo = tmp_path / "repo"
    (repo / "backend").mkdir(parents=True)
    (repo / "backend" / "pyproject.toml").write_text('[project]\nname = "api"\n')
    (repo / "backend" / "main.py").write_text("import models\n")
    (repo / "backend" / "models.py").write_text("X = 1\n")
    if git:
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def test_git_top_wins_over_a_nested_pyproject(tmp_path: Path) -> None:
    repo = _tree(tmp_path, git=True)
    assert workspace_root(repo / "backend") == repo


def test_without_git_the_nearest_pyproject(tmp_path: Path) -> None:
    repo = _tree(tmp_path, git=False)
    assert workspace_root(repo / "backend") == repo / "backend"


def test_a_given_root_is_kept_absolute_and_unresolved(tmp_path: Path, monkeypatch) -> None:
    repo = _tree(tmp_path, git=True)
    (tmp_path / "link").symlink_to(repo, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert workspace_root(Path("link/backend"), Path("link")) == tmp_path / "link"
    # the CLI asks the same question and gets the same answer (it used to resolve the link to the repo)
    found = _root_for(argparse.Namespace(path="link/backend", root=None))
    assert found == workspace_root(Path("link/backend")) == scan(Path("link/backend")).root == tmp_path / "link"


def test_cli_session_and_scan_agree(tmp_path: Path) -> None:
    for git in (True, False):
        repo = _tree(tmp_path / str(git), git=git)
        folder = repo / "backend"
        cli = _root_for(argparse.Namespace(path=str(folder), root=None))
        sessions = Sessions()
        sessions.set_folders([repo])
        session = sessions.for_path(folder / "main.py")
        assert session is not None
        assert cli == session.root == scan(folder).root == workspace_root(folder), git
