"""Fixtures for the reliability and safety tests (issue 7)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from backend_organizer.core.apply.transaction import CRASH_ENV  # noqa: E402
from safety_support import Immutable, copy_example, git_init  # noqa: E402


@pytest.fixture(autouse=True)
def _no_crash_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash hook reads the environment: make sure no test inherits it by accident."""
    monkeypatch.delenv(CRASH_ENV, raising=False)


@pytest.fixture
def flat(tmp_path: Path) -> Path:
    """A copy of examples/flat_backend outside any git repository (journal in <root>/.backend-organizer)."""
    return copy_example(tmp_path / "flat")


@pytest.fixture
def flat_git(tmp_path: Path) -> Path:
    """A copy of examples/flat_backend as a clean git repository (journal and index backup in .git)."""
    return git_init(copy_example(tmp_path / "flat_git"))


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder on a RAM file system when there is one (fsync and rename are 5x faster there, which
    keeps the crash-at-every-step loops quick); falls back to ``tmp_path``."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="bo-safety-", dir=shm))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Immutable]:
    """Real permission errors (chattr +i) that also stop root; skipped where chattr does not work."""
    if os.name != "posix" or not Immutable.available(tmp_path):
        pytest.skip("chattr +i is not available on this file system")
    guard = Immutable()
    try:
        yield guard
    finally:
        guard.clear_all()
