"""Where apply records what it is about to do, so that undo and crash recovery can restore every byte.

A journal is a folder holding ``journal.json`` (the steps, with SHA-256 of every file before and after) and
``blobs.pack`` (the original bytes of every file apply rewrites, one after the other, written and flushed to
disk once), plus a copy of the git index. It lives in the git
directory when there is one (so it never shows up as a change), else in ``<root>/.backend-organizer/``.
Journals stack: each apply pushes one, each undo pops the newest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .home import journal_home

State = Literal["applying", "applied"]
FORMAT = 1


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_durable(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename + fsync of the folder)."""
    tmp = path.with_name(f".{path.name}.bo-tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


@dataclass
class Step:
    """One reversible operation: ``mkdir``, ``write``, ``create`` or ``move`` (paths relative to the root)."""

    op: Literal["mkdir", "write", "create", "move"]
    path: str
    dst: str = ""
    before: str = ""
    after: str = ""
    #: Permission bits of the file before the step (``write``/``move``), restored exactly by undo; -1: unknown.
    mode: int = -1


@dataclass
class JournalData:
    root: str
    state: State
    steps: list[Step] = field(default_factory=list)
    git_index: bool = False
    created_journal_root: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT


class Journal:
    """One journal folder."""

    def __init__(self, path: Path):
        self.path = path
        self._index: dict[str, list[int]] | None = None

    @property
    def pack(self) -> Path:
        return self.path / "blobs.pack"

    def save_blobs(self, blobs: list[bytes]) -> None:
        """Store the original contents in one file, flushed to disk once; indexed by SHA-256."""
        index: dict[str, list[int]] = {}
        offset = 0
        with open(self.pack, "wb") as handle:
            for data in blobs:
                digest = sha256(data)
                if digest in index:
                    continue
                handle.write(data)
                index[digest] = [offset, len(data)]
                offset += len(data)
            handle.flush()
            os.fsync(handle.fileno())
        write_durable(self.path / "blobs.json", json.dumps(index).encode())
        self._index = index

    def blob(self, digest: str) -> bytes:
        if self._index is None:
            self._index = json.loads((self.path / "blobs.json").read_text())
        offset, length = self._index[digest]
        with open(self.pack, "rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def write(self, data: JournalData) -> None:
        # what dataclasses.asdict gives (the same keys in the same order), without its deep copy of every step
        payload = {**vars(data), "steps": [dict(vars(step)) for step in data.steps], "summary": dict(data.summary)}
        write_durable(self.path / "journal.json", json.dumps(payload, indent=1).encode())

    def read(self) -> JournalData:
        payload = json.loads((self.path / "journal.json").read_text())
        steps = [Step(**s) for s in payload.pop("steps")]
        return JournalData(steps=steps, **payload)

    def remove(self) -> None:
        import shutil

        shutil.rmtree(self.path, ignore_errors=True)


def journals(root: Path) -> list[Journal]:
    """This workspace's journals, oldest first."""
    home = journal_home(root)
    if not home.is_dir():
        return []
    found = [p for p in home.iterdir() if p.is_dir() and (p / "journal.json").is_file()]
    return [Journal(p) for p in sorted(found, key=lambda p: int(p.name) if p.name.isdigit() else -1)]


def new_journal(root: Path) -> Journal:
    home = journal_home(root)
    existing = [int(p.name) for p in home.iterdir() if p.name.isdigit()] if home.is_dir() else []
    path = home / str(max(existing, default=0) + 1)
    path.mkdir(parents=True)
    if home.name == ".backend-organizer":
        ignore = home / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
    return Journal(path)


def cleanup_home(root: Path) -> None:
    """Remove the journal home when it holds nothing but its own .gitignore."""
    home = journal_home(root)
    if not home.is_dir():
        return
    leftovers = [p for p in home.iterdir() if p.name != ".gitignore"]
    if not leftovers:
        import shutil

        shutil.rmtree(home, ignore_errors=True)
        parent = home.parent
        if parent.name == "backend-organizer" and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
