"""Every command asks whether a journal exists before anything else; the answer found without git must be the
one git gives, wherever the repository is (or is not)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from backend_organizer.core.apply import home
from backend_organizer.core.apply.gitutil import git_dir
from helpers import git_init, write_files

FILES = {"main.py": "import models\n", "models.py": "X = 1\n"}


def _by_git(root: Path) -> bool:
    """The definition: the journal folder of the git directory git reports (or of the root without one)."""
    return home._home(root, git_dir(root)).is_dir()


def _journal(root: Path) -> None:
    home.journal_home(root).mkdir(parents=True)


def _plain(tmp_path: Path) -> Path:
    return write_files(tmp_path / "plain", FILES)


def _repo(tmp_path: Path) -> Path:
    root = write_files(tmp_path / "repo", FILES)
    git_init(root)
    return root


def _subfolder_of_repo(tmp_path: Path) -> Path:
    repo = write_files(tmp_path / "repo", {"backend/main.py": "import models\n", "backend/models.py": ""})
    git_init(repo)
    return repo / "backend"


def _worktree(tmp_path: Path) -> Path:
    repo = _repo(tmp_path)
    subprocess.run(["git", "worktree", "add", "-q", str(tmp_path / "wt")], cwd=repo, check=True)
    return tmp_path / "wt"


def _not_a_repository_inside_one(tmp_path: Path) -> Path:
    repo = _repo(tmp_path)
    inner = write_files(repo / "inner", FILES)
    (inner / ".git").mkdir()  # no HEAD: git keeps looking upwards
    return inner


SETUPS = [_plain, _repo, _subfolder_of_repo, _worktree, _not_a_repository_inside_one]


@pytest.mark.parametrize("setup", SETUPS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("with_journal", [False, True])
def test_the_quick_answer_is_gits(tmp_path: Path, setup, with_journal: bool) -> None:
    root = setup(tmp_path)
    if with_journal:
        _journal(root)
    assert home.journal_home_exists(root) == _by_git(root) == with_journal


def test_git_dir_from_the_environment_is_asked_of_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    elsewhere = write_files(tmp_path / "elsewhere", FILES)
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(elsewhere))
    _journal(elsewhere)
    assert home.journal_home_exists(elsewhere) and _by_git(elsewhere)


def test_no_git_process_when_there_is_no_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_git(*args, **kwargs):
        raise AssertionError("ran git")

    monkeypatch.setattr(home, "git_dir", no_git)
    for setup in (_plain, _repo, _subfolder_of_repo):
        assert not home.needs_recovery(setup(tmp_path / setup.__name__))
