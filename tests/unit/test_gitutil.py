"""The engine's git queries are read-only: they never write, or lock, the user's index."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from backend_organizer.core.apply.gitutil import dirty_paths, index_entries

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="git")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def _repo_with_stale_index(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "t")
    for name in ("main.py", "models.py"):
        (root / name).write_text(f"# {name}\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    # same content, new mtime: a plain `git status` would refresh the index's stat data and rewrite it under
    # .git/index.lock, which a kill at that moment leaves behind
    later = os.stat(root / "main.py").st_mtime + 100
    os.utime(root / "main.py", (later, later))
    return root


def test_status_queries_leave_the_index_untouched(tmp_path: Path) -> None:
    root = _repo_with_stale_index(tmp_path)
    index = root / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    assert dirty_paths(root, ["main.py", "models.py"]) == []
    assert set(index_entries(root, ["main.py", "models.py"])) == {"main.py", "models.py"}
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert not (root / ".git" / "index.lock").exists()


def test_the_control_case_does_rewrite_the_index(tmp_path: Path) -> None:
    """Without the setting, git itself refreshes the index: the test above would catch a regression."""
    root = _repo_with_stale_index(tmp_path)
    index = root / ".git" / "index"
    before = index.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "GIT_OPTIONAL_LOCKS"}
    subprocess.run(["git", "-C", str(root), "status", "--porcelain"], check=True, capture_output=True, env=env)
    assert index.read_bytes() != before


def test_discovery_lists_git_files_only_inside_a_work_tree(tmp_path: Path) -> None:
    """One ``git ls-files --others`` decides both questions: inside a work tree it lists the files (tracked and
    untracked, not ignored); in a .git folder, a bare repository or no repository it fails, and the scan walks."""
    from backend_organizer.core.scan.discovery import _git_files

    root = _repo_with_stale_index(tmp_path)
    (root / "new.py").write_text("x = 1\n")
    (root / ".gitignore").write_text("ignored.py\n")
    (root / "ignored.py").write_text("")
    assert _git_files(root) == [".gitignore", "main.py", "models.py", "new.py"]
    assert _git_files(root / ".git") is None
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    (bare / "loose.py").write_text("")
    assert _git_files(bare) is None
    outside = tmp_path / "plain"
    outside.mkdir()
    assert _git_files(outside) is None


def test_one_view_of_the_repository_gives_gits_answers_once(tmp_path: Path, monkeypatch) -> None:
    """Inside the block the git folder, top level and prefix come from one git process per root, and equal
    what each question alone gets, in a repository's subfolder and outside any repository."""
    from backend_organizer.core.apply import gitutil

    repo = tmp_path / "repo"
    (repo / "backend").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    outside = tmp_path / "plain"
    outside.mkdir()
    real = gitutil._git
    calls: list[tuple] = []

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    for root in (repo / "backend", repo, outside):
        alone = (gitutil.git_dir(root), gitutil.toplevel(root), gitutil._prefix(root))
        calls.clear()
        monkeypatch.setattr(gitutil, "_git", counting)
        with gitutil.one_view_of_the_repository():
            together = (gitutil.git_dir(root), gitutil.toplevel(root), gitutil._prefix(root), gitutil.git_dir(root))
        monkeypatch.setattr(gitutil, "_git", real)
        assert together[:3] == alone and together[3] == alone[0], root
        # in a work tree one joint question; outside one, the joint question fails, then each is asked alone
        assert len(calls) == (4 if root == outside else 1), calls
    assert gitutil._prefix(repo / "backend") == "backend/"
