"""Crash safety of ``apply`` (issue 7): interrupt it everywhere, recover, and demand the exact original tree.

* the test hook (``crash_after=k``) after every step ``k``, recovered through the API and through the CLI
  (every command recovers first), outside git and inside a git repository (apply also edits the index);
* crashes *inside* a step (temp file written but not renamed, rename not done, git index lock held, journal
  half written, journal written but no step done);
* a real process death: ``BACKEND_ORGANIZER_CRASH_AFTER=k`` (``os._exit``) and ``SIGKILL`` of the process group
  at random (seeded) moments;
* failures halfway (disk full, I/O error, permission error, a real ``chattr +i`` folder): apply rolls back and
  says so;
* undo: byte-for-byte after a completed apply; refuses and names files changed since; never writes outside
  the workspace.

"Identical" always means: the same set of files, folders and symlinks, the same bytes and permission bits in
every file, the same ``git ls-files -s`` and ``git status --porcelain --ignored``, and no journal left behind.
Set ``BO_SAFETY_KILLS`` to a larger number for a longer random-SIGKILL run, and ``BO_SAFETY_FULL=1`` to recover
every step boundary both through the API and through the CLI (by default they alternate).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backend_organizer.cli.main import main as cli_main
from backend_organizer.core.apply import journal as journal_mod
from backend_organizer.core.apply import transaction
from backend_organizer.core.apply.journal import journals
from backend_organizer.core.apply.transaction import (
    CRASH_ENV,
    SimulatedCrash,
    apply_plan,
    build_steps,
    has_interrupted,
    recover,
    undo_last,
)
from backend_organizer.core.errors import JournalError, OrganizerError, PreflightError
from backend_organizer.core.planner import plan_organize
from safety_support import (
    CLI,
    assert_no_journal,
    assert_same,
    cli,
    copy_example,
    describe_difference,
    git_init,
    one_line,
    run_cli,
    snapshot,
)

KILLS = int(os.environ.get("BO_SAFETY_KILLS", "3"))
FULL = os.environ.get("BO_SAFETY_FULL", "") not in ("", "0")


def _make(fast_dir: Path, git: bool, name: str = "ws") -> Path:
    root = copy_example(fast_dir / name)
    return git_init(root) if git else root


def _applied_snapshot(root: Path, git: bool):
    """The tree after a clean, complete apply (then undone, which is itself checked)."""
    original = snapshot(root)
    plan = plan_organize(root)
    apply_plan(plan)
    applied = snapshot(root)
    undo_last(root)
    assert_same(original, snapshot(root), "after a clean apply + undo")
    assert_no_journal(root)
    return applied


def _boundaries(plan, git: bool) -> list[int]:
    steps, _ = build_steps(plan)
    # with a git index there is one more boundary: after the index was updated, before "applied" is recorded
    return list(range(1, len(steps) + (2 if git else 1)))


# -- the test hook at every step boundary ----------------------------------------------------------------


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("via", ["api", "cli"] if FULL else ["alternating"])
def test_crash_after_every_step_then_recover(fast_dir: Path, git: bool, via: str, capsys) -> None:
    """By default recovery alternates between recover() (odd k) and a CLI command (even k);
    BO_SAFETY_FULL=1 recovers every k both ways."""
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)
    steps, _ = build_steps(plan)
    assert {s.op for s in steps} == {"mkdir", "write", "create", "move"}, "the example must exercise every step kind"
    failures: list[str] = []
    for k in _boundaries(plan, git):
        with pytest.raises(SimulatedCrash):
            apply_plan(plan, crash_after=k)
        assert has_interrupted(root), f"k={k}: the interrupted apply is not detectable"
        if snapshot(root) == original:
            failures.append(f"k={k}: the tree is still the original after {k} steps were done")
        if via == "api" or (via == "alternating" and k % 2 == 1):
            result = recover(root)
            assert result is not None, f"k={k}: recover() found nothing to recover"
        else:
            capsys.readouterr()
            cli_main(["check", str(root)])
            err = one_line(capsys.readouterr().err)
            if "Recovered from an interrupted apply" not in err:
                failures.append(f"k={k}: the CLI did not say it recovered: {err[:200]!r}")
        after = snapshot(root)
        if after != original:
            failures.append(f"k={k} ({steps[min(k, len(steps)) - 1]}):\n{describe_difference(original, after)}")
            break  # the next iterations would start from a wrong tree
        assert not has_interrupted(root)
        assert_no_journal(root)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_apply_after_a_crash_recovers_then_gives_the_clean_result(fast_dir: Path, git: bool, capsys) -> None:
    root = _make(fast_dir, git)
    original = snapshot(root)
    applied = _applied_snapshot(root, git)
    plan = plan_organize(root)
    boundaries = _boundaries(plan, git)
    for k in sorted({boundaries[0], boundaries[len(boundaries) // 2], boundaries[-1]}):
        with pytest.raises(SimulatedCrash):
            apply_plan(plan, crash_after=k)
        assert cli_main(["apply", "--yes", str(root)]) == 0
        assert "Recovered from an interrupted apply" in one_line(capsys.readouterr().err)
        assert_same(applied, snapshot(root), f"(apply after a crash at step {k} vs a clean apply)")
        undo_last(root)
        assert_same(original, snapshot(root), f"(undo after the recovering apply, k={k})")
        assert_no_journal(root)


def test_apply_refuses_while_an_interrupted_apply_is_pending(flat: Path) -> None:
    original = snapshot(flat)
    plan = plan_organize(flat)
    with pytest.raises(SimulatedCrash):
        apply_plan(plan, crash_after=3)
    half = snapshot(flat)
    with pytest.raises(PreflightError, match="interrupted apply must be rolled back first"):
        apply_plan(plan)
    assert snapshot(flat) == half, "a refused apply changed the tree"
    recover(flat)
    assert_same(original, snapshot(flat))


# -- crashes inside a step -----------------------------------------------------------------------------


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_crash_inside_every_file_write(fast_dir: Path, git: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp file is written, the process dies before it is renamed over the target."""
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)
    real_write = transaction._write_file
    count = len(plan.changes) + len(plan.created)
    for m in range(1, count + 1):
        calls = 0

        def dying_write(path: Path, data: bytes, m: int = m) -> None:
            nonlocal calls
            calls += 1
            if calls == m:
                path.with_name(f".{path.name}.bo-tmp").write_bytes(data[: len(data) // 2])
                raise SimulatedCrash(f"died inside write #{m}")
            real_write(path, data)

        monkeypatch.setattr(transaction, "_write_file", dying_write)
        with pytest.raises(SimulatedCrash):
            apply_plan(plan)
        monkeypatch.setattr(transaction, "_write_file", real_write)
        assert any(p.name.endswith(".bo-tmp") for p in root.rglob("*")), "the half-written temp file is missing"
        recover(root)
        assert_same(original, snapshot(root), f"(crash inside write #{m})")
        assert_no_journal(root)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_crash_inside_every_move(fast_dir: Path, git: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)
    real_rename = os.rename
    for m in range(1, len(plan.moves) + 1, 3):
        calls = 0

        def dying_rename(src, dst, m: int = m):
            nonlocal calls
            calls += 1
            if calls == m:
                raise SimulatedCrash(f"died inside move #{m}")
            return real_rename(src, dst)

        monkeypatch.setattr(os, "rename", dying_rename)
        with pytest.raises(SimulatedCrash):
            apply_plan(plan)
        monkeypatch.setattr(os, "rename", real_rename)
        recover(root)
        assert_same(original, snapshot(root), f"(crash inside move #{m})")
        assert_no_journal(root)


def test_crash_while_git_holds_the_index_lock(flat_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git update-index was killed with index.lock held and the index half updated."""
    original = snapshot(flat_git)
    plan = plan_organize(flat_git)

    def dying_record(root: Path, moves, tracked=None) -> None:
        index = root / ".git" / "index"
        (root / ".git" / "index.lock").write_bytes(index.read_bytes()[:100])
        raise SimulatedCrash("git died holding index.lock")

    monkeypatch.setattr(transaction, "record_moves", dying_record)
    with pytest.raises(SimulatedCrash):
        apply_plan(plan)
    monkeypatch.undo()
    assert (flat_git / ".git" / "index.lock").exists()
    recover(flat_git)
    assert_same(original, snapshot(flat_git))
    assert_no_journal(flat_git)
    # and git itself works again
    assert cli("check", str(flat_git)).returncode in (0, 1)
    assert subprocess.run(["git", "-C", str(flat_git), "status"], capture_output=True).returncode == 0


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("when", ["journal-half-written", "journal-written-no-step-done"])
def test_crash_around_the_journal(
    fast_dir: Path, git: bool, when: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)
    steps, _ = build_steps(plan)
    if when == "journal-half-written":

        def dying_write(self, data) -> None:
            (self.path / ".journal.json.bo-tmp").write_bytes(b'{"root": "')
            raise SimulatedCrash("died while writing journal.json")

        monkeypatch.setattr(journal_mod.Journal, "write", dying_write)
    else:
        first = root / steps[0].path
        assert steps[0].op == "mkdir"
        real_mkdir = Path.mkdir

        def dying_mkdir(self, *args, **kwargs):
            if self == first:
                raise SimulatedCrash("died before the first step")
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", dying_mkdir)
    with pytest.raises(SimulatedCrash):
        apply_plan(plan)
    monkeypatch.undo()
    # the next command cleans up
    cli_main(["plan", str(root)])
    capsys.readouterr()
    assert_same(original, snapshot(root), f"({when})")
    assert_no_journal(root)


def test_crash_during_recovery_then_recover_again(flat_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recovery itself is interrupted after every one of its own changes; the next recovery still restores."""
    original = snapshot(flat_git)
    plan = plan_organize(flat_git)
    steps, _ = build_steps(plan)
    k = len(steps) + 1  # everything done, including the git index
    real = {"rename": os.rename, "replace": os.replace, "unlink": Path.unlink, "rmdir": Path.rmdir}
    m = 1
    while True:
        with pytest.raises(SimulatedCrash):
            apply_plan(plan, crash_after=k)
        calls = 0

        def counting(name: str, m: int = m):
            def wrapper(*args, **kwargs):
                nonlocal calls
                calls += 1
                if calls == m:
                    raise SimulatedCrash(f"died during recovery, change #{m}")
                return real[name](*args, **kwargs)

            return wrapper

        monkeypatch.setattr(os, "rename", counting("rename"))
        monkeypatch.setattr(os, "replace", counting("replace"))
        monkeypatch.setattr(Path, "unlink", counting("unlink"))
        monkeypatch.setattr(Path, "rmdir", counting("rmdir"))
        finished = False
        try:
            recover(flat_git)
            finished = True
        except SimulatedCrash:
            pass
        monkeypatch.undo()
        if not finished:
            assert has_interrupted(flat_git), f"recovery died at change #{m} and forgot the interrupted apply"
            recover(flat_git)
        assert_same(original, snapshot(flat_git), f"(recovery interrupted at its change #{m})")
        assert_no_journal(flat_git)
        if finished:
            break
        m += 11


# -- real process deaths ---------------------------------------------------------------------------------


def _expected_after_kill(root: Path) -> str:
    states = [j.read().state for j in journals(root)]
    return "applied" if "applied" in states else "original"


def _check_after_kill(root: Path, original, applied, label: str, use_cli: bool) -> None:
    expected = _expected_after_kill(root)
    if use_cli:
        result = run_cli("check", str(root))
        assert result.returncode in (0, 1), f"{label}: check failed after the kill: {result.stderr}"
    else:
        recover(root)
    if expected == "applied":
        assert_same(applied, snapshot(root), f"({label}: the apply had completed)")
        undo_last(root)
    assert_same(original, snapshot(root), f"({label})")
    assert_no_journal(root)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_process_dies_at_exact_steps(fast_dir: Path, git: bool) -> None:
    """``BACKEND_ORGANIZER_CRASH_AFTER=k``: the CLI process dies (os._exit) right after step k."""
    root = _make(fast_dir, git)
    original = snapshot(root)
    applied = _applied_snapshot(root, git)
    boundaries = _boundaries(plan_organize(root), git)
    # outside git: right after the first step and after the last; in git: halfway and after the index update
    chosen = [boundaries[len(boundaries) // 2], boundaries[-1]] if git else [boundaries[0], boundaries[-1]]
    for i, k in enumerate(chosen):
        result = run_cli("apply", "--yes", str(root), env={CRASH_ENV: str(k)})
        assert result.returncode == 99, f"k={k}: expected the process to die, got {result.returncode}"
        assert has_interrupted(root)
        assert snapshot(root) != original
        _check_after_kill(root, original, applied, f"os._exit after step {k}", use_cli=i % 2 == 0)


_CHILD = r"""
import sys, time
from backend_organizer.core import journal, transaction
from backend_organizer.cli.main import main

def say(what):
    sys.stdout.write(what + "\n")
    sys.stdout.flush()

real_new_journal = transaction.new_journal
def new_journal(root):
    say("journal")
    return real_new_journal(root)
transaction.new_journal = new_journal

def crash_hook(crash_after):
    def hook(done):
        say(f"step {done}")
        time.sleep(0.002)  # widen the window a little; the kill still lands anywhere in the next steps
    return hook
transaction._crash_hook = crash_hook
sys.exit(main(["apply", "--yes", sys.argv[1]]))
"""


def _spawn(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    env.pop(CRASH_ENV, None)
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
        text=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: git update-index dies with it, like power loss
    proc.wait(timeout=30)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_sigkill_at_random_moments_during_apply(fast_dir: Path, git: bool) -> None:
    """SIGKILL lands at a random moment after a random step (or while the journal is written)."""
    root = _make(fast_dir, git)
    original = snapshot(root)
    applied = _applied_snapshot(root, git)
    n_steps = len(build_steps(plan_organize(root))[0])
    child = fast_dir / "child.py"
    child.write_text(_CHILD)
    rng = random.Random(7 if git else 11)
    outcomes = []
    for i in range(KILLS):
        marker = "journal" if i == 0 else f"step {rng.randint(1, n_steps)}"
        delay = rng.uniform(0, 0.004)
        proc = _spawn([sys.executable, str(child), str(root)])
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == marker:
                break
        time.sleep(delay)
        _kill(proc)
        outcomes.append((marker, _expected_after_kill(root)))
        _check_after_kill(
            root, original, applied, f"SIGKILL {delay * 1000:.1f} ms after {marker!r}", use_cli=i % 2 == 1
        )
    assert any(o == "original" for _, o in outcomes), f"no kill interrupted the apply: {outcomes}"


def test_sigkill_of_the_cli_at_random_times(fast_dir: Path) -> None:
    """The plain CLI, killed after a random delay anywhere in its life (start-up, planning, apply)."""
    root = _make(fast_dir, git=True)
    original = snapshot(root)
    applied = _applied_snapshot(root, True)
    start = time.monotonic()
    proc = _spawn([CLI, "apply", "--yes", str(root)])
    proc.wait(timeout=120)
    lifetime = time.monotonic() - start
    undo_last(root)
    assert_same(original, snapshot(root))
    rng = random.Random(2024)
    for i in range(KILLS):
        delay = rng.uniform(0.5 * lifetime, 1.05 * lifetime)
        proc = _spawn([CLI, "apply", "--yes", str(root)])
        time.sleep(delay)
        _kill(proc)
        _check_after_kill(root, original, applied, f"SIGKILL after {delay:.3f}s of {lifetime:.3f}s", use_cli=i % 2 == 0)


# -- failures halfway -----------------------------------------------------------------------------------


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO, errno.EACCES], ids=["ENOSPC", "EIO", "EACCES"])
def test_error_halfway_rolls_back_and_says_so(
    fast_dir: Path, git: bool, error: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)
    real_write = transaction._write_file
    count = len(plan.changes) + len(plan.created)
    for m in (1, count // 2, count):
        calls = 0

        def failing_write(path: Path, data: bytes, m: int = m) -> None:
            nonlocal calls
            calls += 1
            if calls == m:
                raise OSError(error, os.strerror(error), str(path))
            real_write(path, data)

        monkeypatch.setattr(transaction, "_write_file", failing_write)
        with pytest.raises(PreflightError) as info:
            apply_plan(plan)
        monkeypatch.setattr(transaction, "_write_file", real_write)
        message = str(info.value)
        assert "rolled back" in message and os.strerror(error) in message, message
        assert_same(original, snapshot(root), f"(errno {error} at write #{m})")
        assert_no_journal(root)


def test_move_fails_halfway_rolls_back(flat_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = snapshot(flat_git)
    plan = plan_organize(flat_git)
    real_rename = os.rename
    target = len(plan.moves) // 2
    calls = 0

    def failing_rename(src, dst):
        nonlocal calls
        calls += 1
        if calls == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(PreflightError, match="rolled back, the tree is as it was"):
        apply_plan(plan)
    monkeypatch.undo()
    assert_same(original, snapshot(flat_git))
    assert_no_journal(flat_git)


def test_git_update_index_failure_rolls_back(flat_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = snapshot(flat_git)
    plan = plan_organize(flat_git)

    def failing_record(root, moves, tracked=None):
        raise OSError("git update-index failed: fatal: Unable to create index.lock: File exists")

    monkeypatch.setattr(transaction, "record_moves", failing_record)
    with pytest.raises(PreflightError, match="rolled back"):
        apply_plan(plan)
    monkeypatch.undo()
    assert_same(original, snapshot(flat_git))
    assert_no_journal(flat_git)


def test_staging_that_cannot_take_the_index_lock_rolls_back(flat_git: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another git process takes index.lock after the moves are recorded: the streaming ``git update-index
    --add`` fails at once, apply keeps feeding it nothing, then rolls the tree and the index back."""
    original = snapshot(flat_git)  # with the index (ls-files -s) and git status
    plan = plan_organize(flat_git)
    real_record = transaction.record_moves

    def record_then_lock(root: Path, moves, tracked=None) -> None:
        real_record(root, moves, tracked)
        (root / ".git" / "index.lock").write_bytes(b"held by someone else")

    monkeypatch.setattr(transaction, "record_moves", record_then_lock)
    with pytest.raises(PreflightError, match=r"(?s)git update-index failed: .*index\.lock.*rolled back"):
        apply_plan(plan)
    monkeypatch.undo()
    assert_same(original, snapshot(flat_git))
    assert_no_journal(flat_git)


def _readonly_destination(root: Path, immutable) -> Path:
    """An existing, empty ``utils/`` folder (it becomes the utils package) that nobody may write into."""
    utils = root / "utils"
    utils.mkdir()
    immutable.set(utils)
    return utils


def test_readonly_destination_folder_rolls_back_and_says_so(flat: Path, immutable) -> None:
    """A real permission error (chattr +i, stops root too) on a folder apply must write into."""
    _readonly_destination(flat, immutable)
    original = snapshot(flat)
    result = cli("apply", "--yes", str(flat))
    err = one_line(result.stderr)
    assert result.returncode == 2, (result.returncode, err)
    assert "utils" in err and ("nothing was changed" in err or "rolled back, the tree is as it was" in err), err
    assert_same(original, snapshot(flat))
    assert_no_journal(flat)


def test_preflight_catches_a_readonly_destination_folder(flat: Path, immutable) -> None:
    _readonly_destination(flat, immutable)
    plan = plan_organize(flat)
    with pytest.raises(PreflightError) as info:
        apply_plan(plan)
    message = one_line(str(info.value))
    assert message.startswith("nothing was changed") and "utils" in message, message


def test_readonly_file_is_refused_by_preflight(flat: Path, immutable) -> None:
    immutable.set(flat / "agent.py")  # agent.py is rewritten and moved
    original = snapshot(flat)
    result = cli("apply", "--yes", str(flat))
    err = one_line(result.stderr)
    assert result.returncode == 2
    assert "nothing was changed" in err and "agent.py: not writable" in err, err
    assert_same(original, snapshot(flat))
    assert_no_journal(flat)


def test_readonly_backend_folder_is_refused_by_preflight(flat: Path, immutable) -> None:
    immutable.set(flat)
    original = snapshot(flat)
    result = cli("apply", "--yes", str(flat))
    err = one_line(result.stderr)
    assert result.returncode == 2, err
    assert "nothing was changed" in err or "not writable" in err or "Operation not permitted" in err, err
    immutable.clear(flat)
    assert_same(original, snapshot(flat))
    assert_no_journal(flat)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_disk_full_while_writing_the_journal(fast_dir: Path, git: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal cannot be written (disk full): a clear refusal, and nothing in the tree changed."""
    root = _make(fast_dir, git)
    original = snapshot(root)
    plan = plan_organize(root)

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(journal_mod, "write_durable", full)
    monkeypatch.setattr(transaction, "write_durable", full)
    with pytest.raises(OrganizerError) as info:
        apply_plan(plan)
    monkeypatch.undo()
    assert "No space left on device" in str(info.value)
    assert_same(original, snapshot(root), "(journal could not be written)")
    assert_no_journal(root)


# -- undo ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_undo_restores_byte_for_byte(fast_dir: Path, git: bool) -> None:
    root = _make(fast_dir, git)
    original = snapshot(root)
    assert cli("apply", "--yes", str(root)).returncode == 0
    applied = snapshot(root)
    assert applied != original
    if git:
        # moves are recorded like git mv: the index holds the new paths, the old ones are gone
        assert "agents/agent.py" in applied.git_index and "\tagent.py\n" not in applied.git_index
    result = cli("undo", "--yes", str(root))
    assert result.returncode == 0, result.stderr
    assert_same(original, snapshot(root), "(after apply + undo)")
    assert_no_journal(root)
    again = cli("undo", "--yes", str(root))
    assert again.returncode == 2 and "nothing to undo" in one_line(again.stderr)
    assert_same(original, snapshot(root), "(after a second, refused undo)")


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_apply_keeps_file_modes_and_undo_restores_them(fast_dir: Path, git: bool) -> None:
    """Moved, edited, moved-and-edited and new files: every permission bit survives apply, and undo restores
    the modes exactly (also after the user changed one); the journal records them."""
    root = _make(fast_dir, git=False)
    # moved and edited, moved only, edited only
    modes = {"seed_data.py": 0o755, "helpers.py": 0o640, "main.py": 0o700}
    for rel, mode in modes.items():
        (root / rel).chmod(mode)
    if git:
        git_init(root)
    original = snapshot(root)
    plan = plan_organize(root)
    edited, moved = {c.path for c in plan.changes}, {m.src for m in plan.moves}
    assert {"seed_data.py", "main.py"} <= edited and "helpers.py" not in edited
    assert {"seed_data.py", "helpers.py"} <= moved and "main.py" not in moved
    result = apply_plan(plan)
    steps = {(s.op, s.path): s.mode for s in journals(root)[-1].read().steps}
    assert steps[("write", "seed_data.py")] == 0o755 and steps[("move", "helpers.py")] == 0o640
    for rel, mode in modes.items():
        now = root / plan.new_path(rel)
        assert stat.S_IMODE(now.stat().st_mode) == mode, f"{plan.new_path(rel)} lost its mode"
    umask = os.umask(0)
    os.umask(umask)
    for created in plan.created:
        assert stat.S_IMODE((root / created.path).stat().st_mode) == 0o666 & ~umask, created.path
    if git:
        status = git_status(root)
        assert not [line for line in status.splitlines() if line[1] != " "], status
        assert "scripts/seed_data.py" in result.staged and "agents/__init__.py" in result.staged
        index = snapshot(root).git_index or ""
        assert "100755" in next(line for line in index.splitlines() if line.endswith("\tscripts/seed_data.py"))
    (root / "utils" / "helpers.py").chmod(0o600)  # the user tightens a moved file; undo restores the original
    undo_last(root)
    assert_same(original, snapshot(root), "(modes after apply + undo)")


def git_status(root: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_undo_refuses_and_names_a_file_changed_since_apply(fast_dir: Path, git: bool) -> None:
    root = _make(fast_dir, git)
    apply_plan(plan_organize(root))
    moved = root / "agents" / "agent.py"  # moved and rewritten by apply
    moved.write_bytes(moved.read_bytes() + b"\n# edited after the reorganization\n")
    (root / "auth" / "__init__.py").unlink()  # a created file removed since
    before = snapshot(root)
    result = cli("undo", "--yes", str(root))
    err = one_line(result.stderr)
    assert result.returncode == 2
    assert "refusing to undo" in err and "agents/agent.py" in err and "auth/__init__.py" in err, err
    assert "utils/helpers.py" not in err, "an unchanged file was reported as changed"
    assert_same(before, snapshot(root), "(a refused undo must change nothing)")
    with pytest.raises(JournalError, match=r"agents/agent\.py"):
        undo_last(root)


def test_undo_refuses_when_a_moved_but_unedited_file_changed(fast_dir: Path) -> None:
    root = _make(fast_dir, git=False)
    original = snapshot(root)
    plan = plan_organize(root)
    assert "helpers.py" not in {c.path for c in plan.changes} and plan.new_path("helpers.py") == "utils/helpers.py"
    apply_plan(plan)
    moved = root / "utils" / "helpers.py"
    moved.write_bytes(moved.read_bytes() + b"\n# edited after the reorganization\n")
    try:
        undo_last(root)
    except JournalError as exc:
        assert "utils/helpers.py" in str(exc)
        return
    raise AssertionError(
        "undo did not refuse; the tree now differs from the original:\n" + describe_difference(original, snapshot(root))
    )


def test_undo_refuses_when_a_moved_file_is_back_at_its_old_place(flat: Path) -> None:
    apply_plan(plan_organize(flat))
    (flat / "helpers.py").write_text("# a new file where helpers.py used to be\n")
    before = snapshot(flat)
    with pytest.raises(JournalError, match=r"helpers\.py \(exists again\)"):
        undo_last(flat)
    assert_same(before, snapshot(flat))


def test_undo_in_a_copied_workspace_never_touches_the_original(fast_dir: Path) -> None:
    first = copy_example(fast_dir / "first")
    original = snapshot(first)
    apply_plan(plan_organize(first))
    second = fast_dir / "second"
    shutil.copytree(first, second, symlinks=True)
    first_applied = snapshot(first)
    result = cli("undo", "--yes", str(second))
    assert_same(first_applied, snapshot(first), "(undo run in the copy wrote into the original workspace)")
    if result.returncode == 0:  # undoing the copy itself is right too, if it is exact
        assert_same(original, snapshot(second), "(undo of the copied workspace)")
    else:
        assert result.returncode == 2, one_line(result.stdout + result.stderr)


def test_undo_never_writes_outside_the_workspace_even_with_a_bad_journal(fast_dir: Path) -> None:
    root = copy_example(fast_dir / "ws")
    outside = fast_dir / "outside.py"
    outside.write_text("precious = True\n")
    apply_plan(plan_organize(root))
    [journal] = journals(root)
    data = json.loads((journal.path / "journal.json").read_text())
    data["steps"].append(
        {
            "op": "create",
            "path": "../outside.py",
            "dst": "",
            "before": "",
            "after": transaction.sha256(outside.read_bytes()),
        }
    )
    (journal.path / "journal.json").write_text(json.dumps(data))
    with pytest.raises(OrganizerError):
        undo_last(root)
    assert outside.read_text() == "precious = True\n", "undo deleted a file outside the workspace"


def test_undo_does_not_follow_a_symlink_out_of_the_workspace(fast_dir: Path) -> None:
    root = copy_example(fast_dir / "ws")
    apply_plan(plan_organize(root))
    elsewhere = fast_dir / "elsewhere"
    shutil.move(str(root / "utils"), str(elsewhere))
    (root / "utils").symlink_to(elsewhere, target_is_directory=True)
    outside_before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    with pytest.raises(OrganizerError):
        undo_last(root)
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == outside_before, (
        "undo changed files in a folder outside the workspace"
    )
