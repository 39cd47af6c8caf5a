"""Where a workspace's journals live, and whether an interrupted apply waits for recovery.

Every command asks :func:`needs_recovery` before anything else, so the usual answer ("no journal folder at
all") is found without starting git: the nearest ``.git`` folder above the root is where ``git rev-parse``
would find the repository. Anything unusual (``GIT_DIR`` and friends, a ``.git`` file of a worktree or
submodule, a ``.git`` folder without ``HEAD``) is asked of git.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .gitutil import git_dir

#: Environment variables that change where git finds the repository.
_GIT_LOCATION_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")


def journal_home(root: Path) -> Path:
    """The folder that holds this workspace's journals."""
    return _home(root, git_dir(root))


def _home(root: Path, gdir: Path | None) -> Path:
    if gdir is not None:
        import hashlib

        return gdir / "backend-organizer" / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return root / ".backend-organizer"


def _certainly_no_journals(root: Path) -> bool:
    """True when no journal folder can exist for ``root``, told without running git; False when unsure."""
    if any(name in os.environ for name in _GIT_LOCATION_ENV) or (root / ".backend-organizer").exists():
        return False
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return (dot_git / "HEAD").is_file() and not (dot_git / "backend-organizer").exists()
        if dot_git.exists():
            return False  # a gitdir file (worktree, submodule): git knows where it points
    return True  # no repository: journals would be in root/.backend-organizer, which is absent


def _existing_home(root: Path) -> Path | None:
    """This workspace's journal folder, if it has one (git is asked where the repository is at most once)."""
    root = Path(os.path.abspath(root))
    if _certainly_no_journals(root):
        return None
    gdir = git_dir(root)
    if gdir is not None and not (gdir / "backend-organizer").is_dir():
        return None
    home = _home(root, gdir)
    return home if home.is_dir() else None


def journal_home_exists(root: Path) -> bool:
    """Whether this workspace has a journal folder (so that recovery has anything to look at)."""
    return _existing_home(root) is not None


def needs_recovery(root: Path) -> bool:
    """Whether recovery has anything to do here: a journal still ``applying`` (an interrupted apply) or a
    journal folder without its ``journal.json`` (cut off while it was being made). Every command asks this
    first, so it reads only each journal's state (the steps of a large apply are most of the file); a journal it
    cannot read counts, so that recovery reports it."""
    home = _existing_home(root)
    if home is None:
        return False
    for entry in home.iterdir():
        if not entry.is_dir():
            continue
        try:
            state = json.loads((entry / "journal.json").read_text()).get("state")
        except (OSError, ValueError, AttributeError):
            return True
        if state != "applied":
            return True
    return False
