"""Warm scans reuse the workspace listing only while every folder it came from is unchanged.

Each test ages the tree first (all times 100 s in the past), because a listing whose folders changed within
the last two seconds is never trusted (a change in the same clock tick leaves a folder's time alone).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from backend_organizer.core.scan import discovery
from backend_organizer.core.scan.listing import RACY_NS, StampedCache, Stamps
from backend_organizer.core.scan.project import ScanCache, scan
from helpers import git_init, write_files

FILES = {
    "main.py": "import models\nimport services\n",
    "models.py": "X = 1\n",
    "services.py": "import models\n",
    "lib/__init__.py": "",
    "lib/helpers.py": "Y = 2\n",
}


def _age(root: Path) -> None:
    """Set every time under ``root`` (``.git`` included) 100 s back, so that stamps are old enough to trust."""
    old = time.time() - 100
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.utime(os.path.join(folder, name), (old, old), follow_symlinks=False)
    os.utime(root, (old, old))


@pytest.fixture(params=["git", "plain"])
def tree(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = write_files(tmp_path / "repo", FILES)
    if request.param == "git":
        git_init(root)
    _age(root)
    return root


class _Counting:
    """Counts listings: the git listing for a repository, the directory walk otherwise."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for name in ("_git_files", "_walk_files"):
            original = getattr(discovery, name)

            def counted(*args, _original=original, _name=name):
                result = _original(*args)
                if _name == "_walk_files" or result is not None:
                    self.calls += 1
                return result

            monkeypatch.setattr(discovery, name, counted)


def _warm(root: Path, cache: ScanCache) -> set[str]:
    return set(scan(root, root, cache=cache).indexes)


def test_an_unchanged_tree_is_listed_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings = _Counting(monkeypatch)
    cache = ScanCache()
    first = _warm(tree, cache)
    assert first == set(FILES)
    assert _warm(tree, cache) == first
    assert _warm(tree, cache) == first
    assert listings.calls == 1


def test_editing_a_file_keeps_the_listing_and_rereads_the_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings = _Counting(monkeypatch)
    cache = ScanCache()
    _warm(tree, cache)
    (tree / "models.py").write_text("X = 1\nZ = 3\n")
    project = scan(tree, tree, cache=cache)
    assert "Z" in project.indexes["models.py"].top_names
    assert listings.calls == 1  # a file's content is not the listing's business


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda r: (r / "auth.py").write_text("A = 1\n"), set(FILES) | {"auth.py"}),
        (lambda r: (r / "lib" / "db.py").write_text("D = 1\n"), set(FILES) | {"lib/db.py"}),
        (lambda r: write_files(r, {"api/v1/routes.py": "R = 1\n"}), set(FILES) | {"api/v1/routes.py"}),
        (lambda r: (r / "services.py").unlink(), set(FILES) - {"services.py"}),
        (
            lambda r: (r / "lib" / "helpers.py").rename(r / "lib" / "tools.py"),
            set(FILES) - {"lib/helpers.py"} | {"lib/tools.py"},
        ),
        (
            lambda r: (r / "lib" / "helpers.py").rename(r / "helpers.py"),
            set(FILES) - {"lib/helpers.py"} | {"helpers.py"},
        ),
    ],
    ids=["added", "added-in-subfolder", "added-in-new-folders", "deleted", "renamed", "moved-up"],
)
def test_a_changed_folder_is_listed_again(tree: Path, change, expected: set[str]) -> None:
    cache = ScanCache()
    _warm(tree, cache)
    change(tree)
    assert _warm(tree, cache) == expected
    _age(tree)
    assert _warm(tree, cache) == expected  # and the new listing is the one kept


def test_a_file_replaced_by_a_link_is_seen(tree: Path) -> None:
    cache = ScanCache()
    _warm(tree, cache)
    (tree / "services.py").unlink()
    (tree / "services.py").symlink_to(tree / "models.py")
    project = scan(tree, tree, cache=cache)
    assert "services.py" in project.workspace.symlinks


def test_gitignore_and_git_exclude_changes_are_seen(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", {**FILES, "scratch.py": "S = 1\n"})
    git_init(root)
    subprocess.run(["git", "rm", "-q", "--cached", "scratch.py"], cwd=root, check=True)
    _age(root)
    cache = ScanCache()
    assert "scratch.py" in _warm(root, cache)
    (root / ".gitignore").write_text("scratch.py\n")
    assert "scratch.py" not in _warm(root, cache)
    (root / ".gitignore").write_text("")
    _age(root)
    assert "scratch.py" in _warm(root, cache)
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("scratch.py\n")  # the folder's time is not the repo's
    assert "scratch.py" not in _warm(root, cache)


def test_an_ignored_folder_that_stops_being_ignored_is_listed(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", {**FILES, ".gitignore": "generated/\n", "generated/gen.py": "G = 1\n"})
    git_init(root)
    _age(root)
    cache = ScanCache()
    assert "generated/gen.py" not in _warm(root, cache)
    (root / "generated" / "more.py").write_text("M = 1\n")  # an ignored folder is not watched: no listing needed
    (root / ".gitignore").write_text("")
    assert {"generated/gen.py", "generated/more.py"} <= _warm(root, cache)


def test_a_nested_repository_that_loses_its_git_folder_is_listed(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    git_init(root)
    nested = write_files(root / "vendor", {"vendored.py": "V = 1\n"})
    subprocess.run(["git", "init", "-q"], cwd=nested, check=True)
    _age(root)
    cache = ScanCache()
    assert "vendor/vendored.py" not in _warm(root, cache)
    subprocess.run(["rm", "-rf", str(nested / ".git")], check=True)
    assert "vendor/vendored.py" in _warm(root, cache)


def test_a_folder_that_stops_being_a_virtualenv_is_listed(tree: Path) -> None:
    venv = write_files(tree / "env", {"pyvenv.cfg": "home = /usr\n", "lib/site.py": "S = 1\n"})
    _age(tree)
    cache = ScanCache()
    assert "env/lib/site.py" not in _warm(tree, cache)
    (venv / "pyvenv.cfg").unlink()
    assert "env/lib/site.py" in _warm(tree, cache)


def test_a_backend_folder_appearing_beside_is_detected(tmp_path: Path) -> None:
    """Backend detection is cached too: a root without modules picks the one folder that has them."""
    root = write_files(
        tmp_path / "repo", {"docs/index.md": "# docs\n", "backend/main.py": "import models\n", "backend/models.py": ""}
    )
    git_init(root)
    _age(root)
    cache = ScanCache()
    assert scan(root, root, cache=cache).backend == "backend"
    (root / "main.py").write_text("print('root app')\n")  # now the root has modules of its own
    assert scan(root, root, cache=cache).backend == ""


def test_recent_stamps_prove_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    started = time.time_ns()
    assert not Stamps.take([str(tmp_path / "a")], started).trusted
    _age(tmp_path)
    stamps = Stamps.take([str(tmp_path / "a"), str(tmp_path / "missing")], time.time_ns())
    assert stamps.trusted and stamps.hold()
    (tmp_path / "missing").mkdir()  # a watched path that appears changes its stamp
    assert not stamps.hold()
    assert RACY_NS >= 1_000_000_000


def test_stamped_cache_keeps_only_values_with_stamps(tmp_path: Path) -> None:
    _age(tmp_path)
    cache = StampedCache()
    made: list[int] = []

    def make(paths: list[str]):
        def run():
            made.append(1)
            return len(made), paths

        return run

    assert cache.get_or_make("k", make([str(tmp_path)])) == 1
    assert cache.get_or_make("k", make([str(tmp_path)])) == 1
    assert cache.get_or_make("other", make([])) == 2  # nothing to watch: never kept
    assert cache.get_or_make("other", make([])) == 3
    (tmp_path / "new").write_text("")
    assert cache.get_or_make("k", make([str(tmp_path)])) == 4


def test_the_configured_excludes_file_is_watched(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", {**FILES, "scratch.py": "S = 1\n"})
    git_init(root)
    subprocess.run(["git", "rm", "-q", "--cached", "scratch.py"], cwd=root, check=True)
    excludes = tmp_path / "global-ignore"
    excludes.write_text("")
    subprocess.run(["git", "config", "core.excludesFile", str(excludes)], cwd=root, check=True)
    _age(tmp_path)
    cache = ScanCache()
    assert "scratch.py" in _warm(root, cache)
    excludes.write_text("scratch.py\n")
    assert "scratch.py" not in _warm(root, cache)
