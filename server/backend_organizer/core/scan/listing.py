"""Remembering which files a workspace holds between scans, and telling cheaply whether that still holds.

A warm language server scans the workspace on every request; listing it again (a ``git ls-files`` process
and an ``lstat`` per file) cost more than the rest of a warm scan. A directory's modification time changes
whenever an entry is added to it, removed from it or renamed in or out of it, so a listing still holds while
every directory it could have come from keeps its time, and so do the files that decide what git leaves out
(the index, ``info/exclude``, ``.gitignore`` files, the user's global ignore file and git configuration).

Those directories are every folder under the root that the listing walks into: for git, everything except
what git ignores (asked once per listing, ``--ignored --directory``), skipped tool folders and nested
repositories; without git, what the directory walk visits. A stamp taken within :data:`RACY_NS` of the
listing does not count as proof (a change in the same clock tick as the listing leaves the time alone; git's
"racily clean" rule): such a listing is made again next time, until it is old enough to trust.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .gitquery import git_output

T = TypeVar("T")

#: How recent a stamp may be and still prove nothing changed (covers coarse file-system clocks).
RACY_NS = 2_000_000_000

Stamp = tuple[int, int, int]


def stamp_of(path: str) -> Stamp:
    """(mtime, size, inode) of ``path`` without following a link; all -1 when it does not exist."""
    try:
        st = os.lstat(path)
    except OSError:
        return (-1, -1, -1)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class Stamps:
    """The stamps of some paths; ``trusted`` is False when one was too recent to prove anything."""

    paths: tuple[str, ...]
    values: tuple[Stamp, ...]
    trusted: bool

    @classmethod
    def take(cls, paths: Iterable[str], started_ns: int) -> Stamps:
        """Stamps of ``paths``; ``started_ns`` is when the work they vouch for began (before it read anything)."""
        ordered = tuple(dict.fromkeys(paths))
        values = tuple(stamp_of(p) for p in ordered)
        trusted = all(v[0] < started_ns - RACY_NS for v in values)
        return cls(ordered, values, trusted)

    def hold(self) -> bool:
        """Whether nothing stamped has changed (and the stamps were old enough to prove it)."""
        if not self.trusted:
            return False
        return all(stamp_of(p) == v for p, v in zip(self.paths, self.values, strict=True))


@dataclass
class _Entry(Generic[T]):
    value: T
    stamps: Stamps


class StampedCache:
    """Results keyed by their inputs, each valid while its :class:`Stamps` hold."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, _Entry[object]] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], tuple[T, Iterable[str]]]) -> T:
        """The cached value for ``key`` if its stamps hold, else ``make()``'s value, stamped with the paths it
        returns (an empty list: never cached)."""
        entry = self._entries.get(key)
        if entry is not None and entry.stamps.hold():
            return entry.value  # type: ignore[return-value]
        started = time.time_ns()
        value, paths = make()
        paths = list(paths)
        if paths:
            self._entries[key] = _Entry(value, Stamps.take(paths, started))
        else:
            self._entries.pop(key, None)
        return value


def git_watch_paths(
    root: Path, listed: Iterable[str], skip: Callable[[str], bool], shallow: Callable[[str], bool] = lambda rel: False
) -> list[str] | None:
    """Every path whose stamp must hold for ``git ls-files --others --exclude-standard`` (and ``--cached``)
    at ``root`` to list the same files: the folders it descends into and git's own inputs. ``skip`` prunes a
    folder (relative path); ``shallow`` folders are stamped themselves but not entered (a virtualenv: what
    makes it one is its own entry). ``None`` when that cannot be told cheaply (the git folder is elsewhere: a
    worktree, a submodule, a root below the top)."""
    git_dir = root / ".git"
    if not git_dir.is_dir() or git_dir.is_symlink():
        return None
    ignored = _ignored_dirs(root)
    if ignored is None:
        return None
    base = str(root)
    home = os.path.expanduser("~")
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    paths = [
        os.path.join(base, ".git", "index"),
        os.path.join(base, ".git", "info", "exclude"),
        os.path.join(base, ".git", "config"),
        os.path.join(home, ".gitconfig"),
        os.path.join(config_home, "git", "config"),
        os.path.join(config_home, "git", "ignore"),
    ]
    excludes_file = git_output(root, "config", "--path", "--get", "core.excludesFile")
    if excludes_file:
        paths.append(os.path.join(base, os.path.expanduser(excludes_file.strip())))
    paths.extend(os.path.join(base, rel) for rel in listed if rel.rsplit("/", 1)[-1] == ".gitignore")
    paths.extend(_walked_dirs(base, lambda rel: rel in ignored or skip(rel), shallow, nested_repos=False))
    return paths


def walk_watch_paths(root: Path, skip: Callable[[str], bool], shallow: Callable[[str], bool]) -> list[str]:
    """The folders a directory walk of ``root`` visits (pruned by ``skip``, a relative path), and the
    ``shallow`` ones it stops at (stamped, not entered)."""
    return _walked_dirs(str(root), skip, shallow, nested_repos=True)


def _walked_dirs(
    base: str, skip: Callable[[str], bool], shallow: Callable[[str], bool], nested_repos: bool
) -> list[str]:
    """``base`` and the folders under it that the listing descends into; ``shallow`` folders and nested
    repositories (when git lists none of their files) are stamped themselves but not entered: losing a
    ``.git`` or ``pyvenv.cfg`` changes only the folder's own time."""
    found = [base]
    pending = [("", base)]
    while pending:
        rel_dir, path = pending.pop()
        try:
            with os.scandir(path) as entries:
                children = [(e.name, e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        except OSError:
            continue
        for name, child in children:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if skip(rel):
                continue
            found.append(child)
            if shallow(rel) or (not nested_repos and os.path.lexists(os.path.join(child, ".git"))):
                continue
            pending.append((rel, child))
    return found


def _ignored_dirs(root: Path) -> frozenset[str] | None:
    """The folders git ignores as a whole (relative, no trailing slash)."""
    listed = git_output(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")
    if listed is None:
        return None
    return frozenset(n[:-1] for n in listed.split("\0") if n.endswith("/"))
