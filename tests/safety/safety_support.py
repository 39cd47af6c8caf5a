"""Shared helpers for the reliability and safety tests (issue 7): copies of the example backends,
byte-exact snapshots of a tree (files, folders, symlinks, modes, git index and status) and CLI runs.

This module is imported by the tests of this folder (``conftest.py`` puts the folder on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
BIN = Path(sys.executable).parent
CLI = str(BIN / "backend-organizer")

GIT_ID = [
    "-c",
    "user.name=Safety Test",
    "-c",
    "user.email=safety@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "core.quotePath=false",
]


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *GIT_ID, *args], capture_output=True, check=check, timeout=60)


def copy_example(dest: Path, name: str = "flat_backend") -> Path:
    """A fresh copy of ``examples/<name>`` at ``dest`` (which must not exist)."""
    shutil.copytree(EXAMPLES / name, dest, symlinks=True)
    return dest


def git_init(root: Path) -> Path:
    """Make ``root`` a git repository with everything committed (clean work tree)."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``root`` with the given files (text is written as UTF-8 with ``\\n`` kept verbatim)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root


# -- snapshots --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Everything observable about a work tree: entries (folder, file bytes + mode, symlink target) and git."""

    entries: dict[str, tuple]
    git_index: str | None
    git_status: str | None

    def files(self) -> dict[str, bytes]:
        return {k: v[1] for k, v in self.entries.items() if v[0] == "file"}


def _walk(root: Path, exclude_git: bool) -> dict[str, tuple]:
    entries: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        rel_dir = base.relative_to(root).as_posix()
        if exclude_git and rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in list(dirnames):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries[rel] = ("symlink", os.readlink(path))
                dirnames.remove(name)
            else:
                entries[rel] = ("dir", stat.S_IMODE(path.lstat().st_mode))
        for name in filenames:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries[rel] = ("symlink", os.readlink(path))
            else:
                entries[rel] = ("file", path.read_bytes(), stat.S_IMODE(path.lstat().st_mode))
    return entries


def snapshot(root: Path) -> Snapshot:
    """Byte-exact state of ``root`` (its ``.git`` folder is summarised by the index and status)."""
    is_git = (root / ".git").exists()
    index = status = None
    if is_git:
        index = git(root, "ls-files", "-s").stdout.decode("utf-8", "surrogateescape")
        status = git(root, "status", "--porcelain=v1", "--untracked-files=all", "--ignored").stdout.decode(
            "utf-8", "surrogateescape"
        )
    return Snapshot(_walk(root, exclude_git=is_git), index, status)


def describe_difference(before: Snapshot, after: Snapshot) -> str:
    lines: list[str] = []
    for rel in sorted(set(before.entries) | set(after.entries)):
        old, new = before.entries.get(rel), after.entries.get(rel)
        if old == new:
            continue
        if old is None:
            lines.append(f"+ {rel} ({new[0]}) appeared")
        elif new is None:
            lines.append(f"- {rel} ({old[0]}) disappeared")
        elif old[0] != new[0]:
            lines.append(f"~ {rel}: {old[0]} became {new[0]}")
        elif old[0] == "file" and old[1] != new[1]:
            diff = difflib.unified_diff(
                old[1].decode("utf-8", "replace").splitlines(),
                new[1].decode("utf-8", "replace").splitlines(),
                "before",
                "after",
                lineterm="",
                n=1,
            )
            lines.append(f"~ {rel}: bytes differ\n    " + "\n    ".join(list(diff)[:30]))
        else:
            lines.append(f"~ {rel}: {old!r:.80} -> {new!r:.80}")
    if before.git_index != after.git_index:
        diff = difflib.unified_diff(
            (before.git_index or "").splitlines(),
            (after.git_index or "").splitlines(),
            "index before",
            "index after",
            lineterm="",
            n=0,
        )
        lines.append("git index differs:\n    " + "\n    ".join(list(diff)[:30]))
    if before.git_status != after.git_status:
        lines.append(f"git status differs:\n  before: {before.git_status!r}\n  after:  {after.git_status!r}")
    return "\n".join(lines)


def assert_same(before: Snapshot, after: Snapshot, context: str = "") -> None:
    if before != after:
        raise AssertionError(f"tree differs from the original {context}:\n{describe_difference(before, after)}")


def assert_no_journal(root: Path) -> None:
    """No journal (interrupted or leftover) remains, neither in the tree nor in the git folder."""
    assert not (root / ".backend-organizer").exists(), "a .backend-organizer journal folder was left in the tree"
    gdir = root / ".git"
    if gdir.is_dir():
        leftovers = list((gdir / "backend-organizer").rglob("*")) if (gdir / "backend-organizer").exists() else []
        assert not leftovers, f"journal leftovers in .git/backend-organizer: {leftovers[:5]}"
        assert not (gdir / "index.lock").exists(), ".git/index.lock left behind"


# -- CLI --------------------------------------------------------------------------------------------------


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``backend-organizer ARGS`` in a subprocess (wide, uncoloured output)."""
    full_env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
    full_env.pop("BACKEND_ORGANIZER_CRASH_AFTER", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [CLI, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``backend-organizer ARGS`` in this process (same code path as the console script, much faster)."""
    from backend_organizer.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "400"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return subprocess.CompletedProcess(["backend-organizer", *args], code, out.getvalue(), err.getvalue())


def one_line(text: str) -> str:
    """Collapse whitespace so that assertions do not depend on how the console wrapped a message."""
    return " ".join(text.split())


# -- immutable files (real permission errors even for root) ----------------------------------------------


class Immutable:
    """``chattr +i`` on paths (EPERM for every writer, root included), always undone at teardown."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    @staticmethod
    def available(probe_dir: Path) -> bool:
        probe = probe_dir / ".chattr-probe"
        probe.write_text("x")
        try:
            ok = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
        except OSError:
            return False
        if ok:
            subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
        probe.unlink()
        return ok

    def set(self, path: Path) -> None:
        subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
        self.paths.append(path)

    def clear(self, path: Path) -> None:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
        if path in self.paths:
            self.paths.remove(path)

    def clear_all(self) -> None:
        for path in list(self.paths):
            self.clear(path)
