"""Applying a plan all-or-nothing, undoing it byte for byte, and recovering from an interrupted apply.

Before the first change, apply checks everything it can (targets free, files unchanged since planning,
readable, writable, inside the workspace, no symbolic links on the way, no uncommitted changes) and writes
a durable journal with the original bytes of every file it will rewrite. It then records the moves in the git
index, creates folders and files, rewrites each file in place and moves it, while git stages each file as
soon as it is final. If anything
fails, it rolls back at once; if the process dies, the next command finds the journal in state ``applying``
and rolls back. Rollback is state-based (it looks at the tree, not at a progress log), so it is correct at
every point of an interrupted apply.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import JournalError, PreflightError
from ..model import Plan
from .gitutil import (
    IndexStager,
    dirty_paths,
    git_dir,
    index_entries,
    one_view_of_the_repository,
    record_moves,
    restore_entries,
)
from .home import journal_home
from .journal import (
    Journal,
    JournalData,
    Step,
    cleanup_home,
    journals,
    new_journal,
    sha256,
    write_durable,
)
from .preflight import PathGuard, build_steps, file_mode, preflight

CRASH_ENV = "BACKEND_ORGANIZER_CRASH_AFTER"


class SimulatedCrash(BaseException):
    """Raised by the fault-injection hook; deliberately not an Exception so nothing cleans up after it."""


@dataclass
class ApplyResult:
    journal: Path
    moved: int
    written: int
    created: int
    git: bool
    #: Paths whose new content is staged in the git index (with the renames); empty without git or staging.
    staged: list[str] = field(default_factory=list)
    #: Touched paths left unstaged because they had uncommitted changes before apply (``--allow-dirty``).
    unstaged: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    restored: int
    conflicts: list[str] = field(default_factory=list)


# -- apply ----------------------------------------------------------------------------------------------


def _crash_hook(crash_after: int | None) -> Callable[[int], None]:
    env = os.environ.get(CRASH_ENV)
    limit = int(env) if env else crash_after

    def hook(done: int) -> None:
        if limit is not None and done >= limit:
            if env:
                os._exit(99)
            raise SimulatedCrash(f"simulated crash after step {done}")

    return hook


def _write_file(path: Path, data: bytes, mode: int = -1) -> None:
    """Replace ``path`` atomically; it keeps its permission bits (or gets ``mode``; a new file gets the umask's)."""
    tmp = path.with_name(f".{path.name}.bo-tmp")
    tmp.write_bytes(data)
    if mode < 0:
        mode = file_mode(path)
    if mode >= 0:
        os.chmod(tmp, mode)
    os.replace(tmp, path)


def apply_plan(
    plan: Plan, allow_dirty: bool = False, crash_after: int | None = None, stage: bool = True
) -> ApplyResult:
    """Apply ``plan`` to disk, journaled and all-or-nothing. In a git work tree the whole change is staged (the
    renames as ``git mv`` records them, edited and new files as ``git add``) unless ``stage`` is False."""
    with one_view_of_the_repository():
        return _apply(plan, allow_dirty, crash_after, stage)


def _apply(plan: Plan, allow_dirty: bool, crash_after: int | None, stage: bool) -> ApplyResult:
    root = Path(plan.root)
    pending = [j for j in journals(root) if j.read().state == "applying"]
    if pending:
        raise PreflightError("an interrupted apply must be rolled back first (run any command to recover)")
    steps, originals = build_steps(plan)
    preflight(plan, steps, originals, allow_dirty)
    gdir = git_dir(root)
    has_index = stage and gdir is not None and (gdir / "index").is_file()
    # one look at the index for every file that is written or moved
    tracked = index_entries(root, sorted({s.path for s in steps if s.op in {"write", "move"}})) if has_index else {}
    to_stage, unstaged = _staging(root, plan, steps, allow_dirty, tracked) if has_index else ([], [])
    data = JournalData(
        str(root),
        "applying",
        steps,
        git_index=has_index,
        summary={"moves": len(plan.moves), "changes": len(plan.changes)},
    )
    journal = None
    try:
        journal = new_journal(root)
        journal.save_blobs(list(originals.values()))
        if has_index:
            assert gdir is not None
            write_durable(journal.path / "git-index", (gdir / "index").read_bytes())
        journal.write(data)
    except OSError as exc:
        if journal is not None:
            journal.remove()
        cleanup_home(root)
        raise PreflightError(f"nothing was changed: the journal could not be written ({exc})") from exc

    hook = _crash_hook(crash_after)
    changes = {c.path: c for c in plan.changes}
    created = {c.path: c for c in plan.created}
    moves = [(m.src, m.dst) for m in plan.moves]
    stager: IndexStager | None = None
    try:
        if has_index and (moves or to_stage):
            # The index entries follow the renames first (the index only: the files have not moved yet); then
            # git hashes each staged file as soon as it is final, on another core, while the steps go on.
            record_moves(root, moves, tracked)
            if to_stage:
                stager = IndexStager(root)
        final_after = _final_paths(steps, set(to_stage)) if stager is not None else {}
        for number, step in enumerate(steps, start=1):
            if step.op == "mkdir":
                (root / step.path).mkdir()
            elif step.op == "write":
                _write_file(root / step.path, changes[step.path].new_bytes)
            elif step.op == "create":
                _write_file(root / step.path, created[step.path].content.encode("utf-8"))
            elif step.op == "move":
                os.rename(root / step.path, root / step.dst)
            if stager is not None:
                stager.add(final_after.get(number, ()))
            hook(number)
        if stager is not None:
            stager.finish()
        if has_index and (moves or to_stage):
            hook(len(steps) + 1)
    except Exception as exc:
        if stager is not None:
            stager.abort()
        result = rollback(journal, root)
        journal.remove()
        cleanup_home(root)
        detail = f"; could not restore: {', '.join(result.conflicts)}" if result.conflicts else ""
        raise PreflightError(f"apply failed ({exc}); rolled back, the tree is as it was{detail}") from exc
    except BaseException:
        if stager is not None:
            stager.abort()  # as when the process dies: git reads to the end of its input and finishes
        raise
    if hasattr(os, "sync"):
        os.sync()
    data.state = "applied"
    journal.write(data)
    return ApplyResult(
        journal.path,
        len(plan.moves),
        len(plan.changes),
        len(plan.created),
        bool(plan.moves and has_index),
        to_stage,
        unstaged,
    )


def _final_paths(steps: list[Step], staged: set[str]) -> dict[int, list[str]]:
    """Step number → the staged paths that reach their final place and content with that step."""
    last: dict[str, int] = {}
    for number, step in enumerate(steps, start=1):
        if step.op in {"write", "create"}:
            last[step.path] = number
        elif step.op == "move":
            last[step.dst] = number
    final: dict[int, list[str]] = {}
    for path in sorted(staged):
        final.setdefault(last.get(path, len(steps)), []).append(path)
    return final


def _staging(
    root: Path, plan: Plan, steps: list[Step], allow_dirty: bool, tracked: dict[str, tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Final paths to ``git add`` after the renames: edited tracked files and new files; and the touched files
    left unstaged because they had uncommitted changes of the user's (only possible with ``allow_dirty``)."""
    moved = {m.src: m.dst for m in plan.moves}
    written = [s.path for s in steps if s.op == "write"]
    dirty = set(dirty_paths(root, written)) if allow_dirty else set()
    stage = [moved.get(p, p) for p in written if p in tracked and p not in dirty]
    stage += [c.path for c in plan.created]
    return sorted(set(stage)), sorted(moved.get(p, p) for p in dirty)


# -- rollback, undo, recovery ---------------------------------------------------------------------------


def _remove_generated(directory: Path) -> None:
    """Remove __pycache__ folders (generated by running the code) so a created folder can be removed."""
    cache = directory / "__pycache__"
    if cache.is_dir() and all(p.suffix == ".pyc" for p in cache.iterdir()):
        shutil.rmtree(cache)


def _unsafe_paths(data: JournalData, root: Path) -> list[str]:
    """Journal paths that would lead out of the workspace (``..``, absolute, or through a symlink)."""
    guard = PathGuard(root)
    bad = []
    for step in data.steps:
        for rel in (step.path, step.dst):
            if not rel:
                continue
            try:
                guard(rel)
            except PreflightError as exc:
                bad.append(str(exc))
    return bad


def rollback(journal: Journal, root: Path, strict: bool = False) -> RestoreResult:
    """Restore the tree under ``root`` from a journal, newest step first.

    ``strict`` (undo) refuses content it did not write. Paths are always checked against ``root`` (the
    workspace the journal was found in, never the path recorded in it), so a copied, edited or corrupted
    journal can never make it write outside the workspace.
    """
    data = journal.read()
    unsafe = _unsafe_paths(data, root)
    if unsafe:
        raise JournalError("refusing to restore from this journal: " + "; ".join(unsafe))
    result = RestoreResult(0)
    for step in data.steps:
        for rel in (step.path, step.dst):
            if rel:
                tmp = (root / rel).with_name(f".{Path(rel).name}.bo-tmp")
                if tmp.exists():
                    tmp.unlink()
    for step in reversed(data.steps):
        path = root / step.path
        if step.op == "move":
            dst = root / step.dst
            if dst.exists() and not path.exists():
                os.rename(dst, path)
                result.restored += 1
            if step.mode >= 0 and path.is_file() and file_mode(path) != step.mode:
                os.chmod(path, step.mode)
        elif step.op == "create":
            if path.exists():
                if strict and sha256(path.read_bytes()) != step.after:
                    result.conflicts.append(step.path)
                    continue
                path.unlink()
                result.restored += 1
        elif step.op == "write":
            original = journal.blob(step.before)
            if path.exists():
                current = path.read_bytes()
                if current == original:
                    if step.mode >= 0 and file_mode(path) != step.mode:
                        os.chmod(path, step.mode)
                        result.restored += 1
                    continue
                if strict and sha256(current) != step.after:
                    result.conflicts.append(step.path)
                    continue
            _write_file(path, original, step.mode)
            result.restored += 1
        elif step.op == "mkdir" and path.is_dir():
            _remove_generated(path)
            try:
                path.rmdir()
            except OSError:
                result.conflicts.append(f"{step.path}/ (not empty)")
    gdir = git_dir(root)
    backup = journal.path / "git-index"
    if data.git_index and gdir is not None and backup.is_file():
        if data.state == "applying":
            lock = gdir / "index.lock"
            if lock.exists():
                lock.unlink()
            _write_file(gdir / "index", backup.read_bytes())
        else:
            touched = [p for s in data.steps if s.op != "mkdir" for p in (s.path, s.dst) if p]
            restore_entries(root, backup, touched)
    return result


def changed_since_apply(journal: Journal, root: Path) -> list[str]:
    """Files an undo would overwrite that no longer hold what apply wrote."""
    data = journal.read()
    changed: list[str] = []
    moved_dst = {s.path: s.dst for s in data.steps if s.op == "move"}
    written = {s.path for s in data.steps if s.op == "write"}
    for step in data.steps:
        if step.op == "write":
            where = moved_dst.get(step.path, step.path)
            path = root / where
            if not path.is_file() or sha256(path.read_bytes()) != step.after:
                changed.append(where)
        elif step.op == "create":
            path = root / step.path
            if not path.is_file() or sha256(path.read_bytes()) != step.after:
                changed.append(step.path)
        elif step.op == "move":
            moved = root / step.dst
            if not moved.is_file():
                changed.append(f"{step.dst} (missing)")
            elif step.after and step.path not in written and sha256(moved.read_bytes()) != step.after:
                changed.append(step.dst)
            if (root / step.path).exists():
                changed.append(f"{step.path} (exists again)")
    return changed


def undo_last(root: Path) -> RestoreResult:
    """Undo the newest completed apply, byte for byte; refuses if its files changed since."""
    with one_view_of_the_repository():
        return _undo_last(root)


def _undo_last(root: Path) -> RestoreResult:
    applied = [j for j in journals(root) if j.read().state == "applied"]
    if not applied:
        raise JournalError(f"nothing to undo: no applied reorganization is recorded for {root}")
    journal = applied[-1]
    unsafe = _unsafe_paths(journal.read(), root)
    if unsafe:
        raise JournalError("refusing to undo: " + "; ".join(unsafe))
    changed = changed_since_apply(journal, root)
    if changed:
        raise JournalError(
            "refusing to undo: these files changed since the reorganization was applied, and undo would "
            "overwrite or lose those changes:\n  " + "\n  ".join(changed)
        )
    result = rollback(journal, root, strict=True)
    if result.conflicts:
        raise JournalError("undo could not restore: " + ", ".join(result.conflicts))
    journal.remove()
    cleanup_home(root)
    return result


def recover(root: Path) -> RestoreResult | None:
    """Roll back an interrupted apply, if there is one; also clears half-written journals."""
    with one_view_of_the_repository():
        return _recover(root)


def _recover(root: Path) -> RestoreResult | None:
    home = journal_home(root)
    if not home.is_dir():
        return None
    for leftover in home.iterdir():
        if leftover.is_dir() and not (leftover / "journal.json").is_file():
            shutil.rmtree(leftover, ignore_errors=True)
    result = None
    for journal in journals(root):
        if journal.read().state == "applying":
            result = rollback(journal, root)
            journal.remove()
    cleanup_home(root)
    return result


def has_interrupted(root: Path) -> bool:
    return any(j.read().state == "applying" for j in journals(root))
