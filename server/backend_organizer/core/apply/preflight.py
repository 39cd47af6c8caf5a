"""Everything apply checks before its first change, and the ordered steps of a plan.

Targets are free, files are unchanged since planning, readable and writable, inside the workspace with no
symbolic link on the way, and carry no uncommitted changes (unless allowed); every problem is listed in one
:class:`PreflightError`. Steps record the SHA-256 and permission bits of what they change.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import PreflightError
from ..model import Plan, folders_to_create
from ..scan.layout import parent_dir
from .gitutil import dirty_paths, git_dir
from .journal import Step, sha256


class PathGuard:
    """Checks that relative paths stay in the workspace without passing through a symbolic link.

    Each folder is looked at once, so checking every file of a large plan costs one ``lstat`` per folder.
    """

    def __init__(self, root: Path):
        self.root = root
        self.safe_dirs: set[str] = {""}

    def __call__(self, rel: str) -> Path:
        parts = rel.split("/")
        if not rel or rel.startswith("/") or any(part in {"", ".", ".."} for part in parts):
            raise PreflightError(f"{rel}: resolves outside the workspace; refusing to touch it")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if depth < len(parts) and sub in self.safe_dirs:
                continue
            if os.path.islink(self.root / sub):
                raise PreflightError(f"{rel}: {sub} is a symbolic link; refusing to follow it")
            if depth < len(parts):
                self.safe_dirs.add(sub)
        return self.root / rel


def build_steps(plan: Plan) -> tuple[list[Step], dict[str, bytes]]:
    """The ordered steps of a plan, and the original bytes of every rewritten file: folders, new files, then each
    file rewritten in place and at once moved (so it is final early: git stages it meanwhile), then the files
    that only move."""
    root = Path(plan.root)
    originals: dict[str, bytes] = {}
    # the disk as it is now, not as it was planned: a folder made since is not made again
    steps = [Step("mkdir", d) for d in folders_to_create(plan, lambda d: (root / d).exists())]
    steps.extend(Step("create", c.path, after=sha256(c.content.encode("utf-8"))) for c in plan.created)
    moves = {m.src: m for m in plan.moves}
    for change in plan.changes:
        original = change.old_bytes
        originals[change.path] = original
        after = sha256(change.new_bytes)
        mode = file_mode(root / change.path)
        steps.append(Step("write", change.path, before=sha256(original), after=after, mode=mode))
        move = moves.pop(change.path, None)
        if move is not None:
            steps.append(Step("move", move.src, move.dst, after=after, mode=mode))
    for move in moves.values():  # moved as is: remember its content so undo can tell if it changed since
        try:
            content_hash = sha256((root / move.src).read_bytes())
        except OSError:
            content_hash = ""  # preflight reports the unreadable file
        steps.append(Step("move", move.src, move.dst, after=content_hash, mode=file_mode(root / move.src)))
    return steps, originals


def file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return -1


def preflight(plan: Plan, steps: list[Step], originals: dict[str, bytes], allow_dirty: bool) -> None:
    """Every check that can be made before the first change; raises PreflightError listing all problems."""
    root = Path(plan.root)
    problems: list[str] = []
    _inside = PathGuard(root)
    folders: dict[Path, bool] = {}

    def writable_folder(path: Path) -> bool:  # asked once per folder, however many files it holds
        known = folders.get(path)
        if known is None:
            known = folders[path] = os.access(path, os.W_OK)
        return known

    def check(fn: Callable[[], None]) -> None:
        try:
            fn()
        except PreflightError as exc:
            problems.append(str(exc))

    for step in steps:
        if step.op == "write":

            def _write(step: Step = step) -> None:
                path = _inside(step.path)
                try:
                    current = path.read_bytes()
                except OSError as exc:
                    raise PreflightError(f"{step.path}: cannot read ({exc.strerror})") from None
                if current != originals[step.path]:
                    raise PreflightError(f"{step.path}: changed since the plan was made; plan again")
                if not os.access(path, os.W_OK):
                    raise PreflightError(f"{step.path}: not writable")
                if not writable_folder(path.parent):
                    raise PreflightError(f"{parent_dir(step.path) or '.'}: folder not writable")

            check(_write)
        elif step.op == "create":

            def _create(step: Step = step) -> None:
                path = _inside(step.path)
                if path.exists():
                    raise PreflightError(f"{step.path}: already exists")
                if path.parent.is_dir() and not writable_folder(path.parent):
                    raise PreflightError(f"{parent_dir(step.path) or '.'}: folder not writable")

            check(_create)
        elif step.op == "move":

            def _move(step: Step = step) -> None:
                src = _inside(step.path)
                dst = _inside(step.dst)
                if not src.is_file():
                    raise PreflightError(f"{step.path}: missing")
                if dst.exists():
                    raise PreflightError(f"{step.dst}: already exists")
                if not writable_folder(src.parent):
                    raise PreflightError(f"{parent_dir(step.path) or '.'}: folder not writable")
                if dst.parent.is_dir() and not writable_folder(dst.parent):
                    raise PreflightError(f"{parent_dir(step.dst) or '.'}: folder not writable")

            check(_move)
        elif step.op == "mkdir":

            def _mkdir(step: Step = step) -> None:
                path = _inside(step.path)
                if path.exists() and not path.is_dir():
                    raise PreflightError(f"{step.path}: exists and is not a folder")

            check(_mkdir)
    if not allow_dirty and git_dir(root) is not None:
        touched = sorted({s.path for s in steps if s.op in {"write", "move"}})
        dirty = dirty_paths(root, touched)
        if dirty:
            problems.append(
                "uncommitted changes in files this would touch (commit or stash them, or pass --allow-dirty): "
                + ", ".join(dirty)
            )
    if problems:
        raise PreflightError("nothing was changed:\n  " + "\n  ".join(problems))
