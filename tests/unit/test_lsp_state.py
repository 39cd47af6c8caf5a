"""The language server's plumbing without a client: typed command arguments, the plan's new folders (so
converting a plan reads no disk), and the one path from a URI to a project."""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_organizer.core.api import plan_organize
from backend_organizer.lsp import convert
from backend_organizer.lsp.arguments import FolderArguments, MoveArguments, folder_arguments, move_arguments
from backend_organizer.lsp.capabilities import EditSupport
from backend_organizer.lsp.state import OrganizerServer
from helpers import copy_example
from pygls.exceptions import JsonRpcInvalidParams


def test_folder_arguments(tmp_path: Path) -> None:
    assert folder_arguments(()) == FolderArguments()
    assert folder_arguments((None,)) == FolderArguments()
    assert folder_arguments(({"path": tmp_path.as_uri()},)) == FolderArguments(tmp_path)
    for bad, says in [
        (({"path": 3},), "must be a file URI"),
        (({"folder": "x"},), "unknown argument keys: folder"),
        (({}, {}), "at most one argument"),
        (("file:///x",), "at most one argument"),
    ]:
        with pytest.raises(JsonRpcInvalidParams, match=says):
            folder_arguments(bad)


def test_move_arguments(tmp_path: Path) -> None:
    uri = (tmp_path / "a.py").as_uri()
    parsed = move_arguments(({"uri": uri, "src": "a.py", "dst": "pkg/a.py"},))
    assert parsed == MoveArguments(tmp_path / "a.py", "a.py", "pkg/a.py")
    with pytest.raises(JsonRpcInvalidParams, match="expected one argument"):
        move_arguments(({"uri": uri, "src": "a.py"},))
    with pytest.raises(JsonRpcInvalidParams, match="bad move arguments"):
        move_arguments(({"uri": uri, "src": "", "dst": "pkg/a.py"},))


def test_the_plan_carries_its_new_folders_and_converting_it_reads_no_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = copy_example("flat_backend", tmp_path)
    plan = plan_organize(work, work)
    assert plan.new_dirs, "organizing the flat example creates package folders"
    assert all(not (work / d).exists() for d in plan.new_dirs)
    assert {m.dst.rsplit("/", 1)[0] for m in plan.moves} <= set(plan.new_dirs)

    def no_disk(*args, **kwargs):
        raise AssertionError("the converter touched the disk")

    monkeypatch.setattr(Path, "exists", no_disk)
    monkeypatch.setattr(Path, "is_dir", no_disk)
    monkeypatch.setattr(Path, "mkdir", no_disk)
    build = convert.plan_workspace_edit(plan, {}, EditSupport(True, True, True, True), "utf-16")
    monkeypatch.undo()
    assert [p.relative_to(work).as_posix() for p in build.new_dirs] == list(plan.new_dirs)


def test_locate_and_project(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    server = OrganizerServer()
    server.sessions.set_folders([work])
    located = server.locate((work / "main.py").as_uri())
    assert located is not None and located.rel == "main.py" and located.session.root == work
    assert server.locate((tmp_path / "elsewhere.py").as_uri()) is None
    project = server.project(located, overlay={"main.py": "import models\n"})
    assert project.sources["main.py"].text == "import models\n"
    assert server.refuse("Organize", "cancelled")["failureReason"] == "cancelled"
