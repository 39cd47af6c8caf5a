"""The few git operations the engine needs: locate the git dir, dirty files, and recording moves in the index.

Moves are recorded in the index the way ``git mv`` records them (the entry keeps its blob and mode under the
new path), with one ``git update-index --index-info`` call for the whole plan instead of one process per file;
edited and new files are then staged by one ``git update-index --add`` fed as apply goes (:class:`IndexStager`),
so the whole change is one coherent set in the index. Undo gives exactly the touched paths their entries from
the index saved before apply.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Read-only commands (``status`` above all) otherwise refresh the index opportunistically under
# ``.git/index.lock``; a process killed meanwhile would leave that lock behind with no journal to clear it,
# and every later git command in the user's repository would fail until they deleted it by hand.
_NO_OPTIONAL_LOCKS = {"GIT_OPTIONAL_LOCKS": "0"}


def _git(
    root: Path, *args: str, input_bytes: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        input=input_bytes,
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, **_NO_OPTIONAL_LOCKS, **(env or {})},
    )


_facts = threading.local()


@contextlib.contextmanager
def one_view_of_the_repository() -> Iterator[None]:
    """Within the block (one apply, undo or recovery), where the repository is (its git folder, top level and
    the root's prefix) is asked of git once per root: a transaction does not move the repository, and each
    question costs a git process."""
    outer = getattr(_facts, "memo", None)
    if outer is None:
        _facts.memo = {}
    try:
        yield
    finally:
        if outer is None:
            _facts.memo = None


def _remembered(kind: str, root: Path, ask: Callable[[], T]) -> T:
    memo: dict[tuple[str, str], Any] | None = getattr(_facts, "memo", None)
    if memo is None:
        return ask()
    key = (kind, str(root))
    if ("asked", str(root)) not in memo:
        memo[("asked", str(root))] = True
        memo.update(_all_facts(root))  # the first question asks all three at once, where git can answer them
    if key not in memo:
        memo[key] = ask()
    return memo[key]


def _all_facts(root: Path) -> dict[tuple[str, str], Any]:
    """The git folder, top level and prefix of ``root`` from one ``git rev-parse``; nothing when that fails
    (outside a work tree, in a git folder: then each is asked alone, as without the memo)."""
    try:
        result = _git(root, "rev-parse", "--absolute-git-dir", "--show-toplevel", "--show-prefix")
    except (OSError, subprocess.SubprocessError):
        return {}
    lines = result.stdout.decode().split("\n")
    if result.returncode != 0 or len(lines) < 3:
        return {}
    return {
        ("git_dir", str(root)): Path(lines[0].strip()),
        ("toplevel", str(root)): Path(lines[1].strip()),
        ("prefix", str(root)): lines[2].strip(),
    }


def git_dir(root: Path) -> Path | None:
    """Absolute path of the git directory of the work tree containing ``root``, if any."""
    return _remembered("git_dir", root, lambda: _ask_git_dir(root))


def _ask_git_dir(root: Path) -> Path | None:
    try:
        result = _git(root, "rev-parse", "--absolute-git-dir")
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode().strip())


def toplevel(root: Path) -> Path | None:
    def ask() -> Path | None:
        result = _git(root, "rev-parse", "--show-toplevel")
        return Path(result.stdout.decode().strip()) if result.returncode == 0 else None

    return _remembered("toplevel", root, ask)


def dirty_paths(root: Path, paths: list[str]) -> list[str]:
    """Which of ``paths`` (relative to ``root``) have uncommitted changes (staged, unstaged or untracked)."""
    if not paths:
        return []
    result = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
    if result.returncode != 0:
        return []
    top = toplevel(root)
    entries = [e for e in result.stdout.decode("utf-8", "surrogateescape").split("\0") if e]
    dirty: list[str] = []
    skip = False
    for entry in entries:
        if skip:
            skip = False
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":
            skip = True
        if status == "??":
            continue  # untracked files are not "uncommitted changes" to tracked content
        absolute = (top / path) if top else (root / path)
        try:
            dirty.append(absolute.relative_to(root).as_posix())
        except ValueError:
            dirty.append(path)
    return sorted(set(dirty))


def index_entries(root: Path, paths: list[str]) -> dict[str, tuple[str, str]]:
    """``path -> (mode, blob sha)`` for the given paths that are tracked (stage 0)."""
    if not paths:
        return {}
    result = _git(root, "ls-files", "-s", "-z", "--", *paths)
    entries: dict[str, tuple[str, str]] = {}
    prefix = _prefix(root)
    for item in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not item:
            continue
        meta, path = item.split("\t", 1)
        mode, sha, stage = meta.split()
        if stage == "0":
            rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            entries[rel] = (mode, sha)
    return entries


def _prefix(root: Path) -> str:
    def ask() -> str:
        result = _git(root, "rev-parse", "--show-prefix")
        return result.stdout.decode().strip() if result.returncode == 0 else ""

    return _remembered("prefix", root, ask)


class IndexStager:
    """``git update-index --add`` (what ``git add`` does to the index) fed one path at a time while apply works:
    git reads its input as it comes, so it hashes each file on another core as soon as apply says it is final.

    It holds ``index.lock`` from start to :meth:`finish`; :meth:`abort` ends it the way the death of apply
    would (end of input: git records what it read, then releases the lock) before a rollback restores the
    index. Its errors go to a file, not a pipe, so git can never block on them while apply writes paths."""

    def __init__(self, root: Path):
        import tempfile

        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish or abort)
        self._broken = False
        self._process = subprocess.Popen(
            ["git", "-C", str(root), "update-index", "--add", "-z", "--stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._errors,
            bufsize=0,
            env={**os.environ, **_NO_OPTIONAL_LOCKS},
        )

    def add(self, paths: Iterable[str]) -> None:
        data = b"".join(path.encode("utf-8", "surrogateescape") + b"\0" for path in paths)
        if not data or self._broken:
            return
        try:
            self._process.stdin.write(data)  # type: ignore[union-attr]
        except (BrokenPipeError, OSError):
            self._broken = True  # git stopped early (it could not take the lock): finish() says why

    def finish(self) -> None:
        """Wait for git; raise OSError when it failed."""
        code = self._end()
        self._errors.seek(0)
        message = self._errors.read().decode(errors="replace").strip()
        self._errors.close()
        if code != 0 or self._broken:
            raise OSError(f"git update-index failed: {message or f'exit status {code}'}")

    def abort(self) -> None:
        self._end()
        self._errors.close()

    def _end(self) -> int:
        with contextlib.suppress(OSError):
            self._process.stdin.close()  # type: ignore[union-attr]
        try:
            return self._process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self._process.kill()
            return self._process.wait()


def restore_entries(root: Path, backup_index: Path, paths: list[str]) -> None:
    """Give ``paths`` the index entries they have in ``backup_index`` (removing those it does not list), leaving
    every other entry of the index as it is."""
    if not paths:
        return
    env_result = _git(root, "ls-files", "-s", "-z", "--", *paths, env={"GIT_INDEX_FILE": str(backup_index)})
    prefix = _prefix(root)
    saved: dict[str, str] = {}
    for item in env_result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if item:
            meta, path = item.split("\t", 1)
            mode, sha, stage = meta.split()
            if stage == "0":
                saved[path[len(prefix) :] if prefix and path.startswith(prefix) else path] = f"{mode} {sha}"
    fmt = _git(root, "rev-parse", "--show-object-format").stdout.decode().strip()
    zeros = "0" * (64 if fmt == "sha256" else 40)
    lines = []
    for path in dict.fromkeys(paths):
        lines.append(f"{saved[path]}\t{prefix}{path}" if path in saved else f"0 {zeros}\t{prefix}{path}")
    _index_info(root, lines)


def record_moves(root: Path, moves: list[tuple[str, str]], tracked: dict[str, tuple[str, str]] | None = None) -> None:
    """Move index entries from old to new paths (what ``git mv`` does to the index), atomically; ``tracked``:
    the sources' index entries when the caller has them already (:func:`index_entries`)."""
    if tracked is None:
        tracked = index_entries(root, [src for src, _ in moves])
    if not tracked:
        return
    prefix = _prefix(root)
    lines = []
    for src, dst in moves:
        if src in tracked:
            mode, sha = tracked[src]
            lines.append(f"0 {'0' * len(sha)}\t{prefix}{src}")
            lines.append(f"{mode} {sha}\t{prefix}{dst}")
    _index_info(root, lines)


def _index_info(root: Path, lines: list[str]) -> None:
    """One ``git update-index --index-info`` for all these ``mode sha\tpath`` lines (atomic for the index)."""
    result = _git(
        root,
        "update-index",
        "-z",
        "--index-info",
        input_bytes="\0".join(lines).encode("utf-8", "surrogateescape") + b"\0",
    )
    if result.returncode != 0:
        raise OSError(f"git update-index failed: {result.stderr.decode(errors='replace').strip()}")
