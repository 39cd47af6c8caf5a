"""The few git operations the engine needs: locate the git dir, dirty files, and recording moves in the index.

Moves are recorded in the index the way ``git mv`` records them (the entry keeps its blob and mode under the
new path), with one ``git update-index --index-info`` call for the whole plan instead of one process per file;
edited and new files are then staged with one ``git update-index --add``, so the whole change is one coherent
set in the index. Undo gives exactly the touched paths their entries from the index saved before apply.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

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


def git_dir(root: Path) -> Path | None:
    """Absolute path of the git directory of the work tree containing ``root``, if any."""
    try:
        result = _git(root, "rev-parse", "--absolute-git-dir")
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode().strip())


def toplevel(root: Path) -> Path | None:
    result = _git(root, "rev-parse", "--show-toplevel")
    return Path(result.stdout.decode().strip()) if result.returncode == 0 else None


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
    prefix_result = _git(root, "rev-parse", "--show-prefix")
    prefix = prefix_result.stdout.decode().strip() if prefix_result.returncode == 0 else ""
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
    result = _git(root, "rev-parse", "--show-prefix")
    return result.stdout.decode().strip() if result.returncode == 0 else ""


def stage_paths(root: Path, paths: list[str]) -> None:
    """``git add`` for these paths (content and mode from the work tree), in one index update."""
    if not paths:
        return
    data = "\0".join(paths).encode("utf-8", "surrogateescape") + b"\0"
    result = _git(root, "update-index", "--add", "-z", "--stdin", input_bytes=data)
    if result.returncode != 0:
        raise OSError(f"git update-index failed: {result.stderr.decode(errors='replace').strip()}")


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


def record_moves(root: Path, moves: list[tuple[str, str]]) -> None:
    """Move index entries from old to new paths (what ``git mv`` does to the index), atomically."""
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
