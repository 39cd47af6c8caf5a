"""The static verifier refuses plans that would break an import, whatever part of the rewrite went missing."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from backend_organizer.core.model import FileChange
from backend_organizer.core.planner import organize_project
from backend_organizer.core.rules.context import MoveContext
from backend_organizer.core.scan.project import scan
from backend_organizer.core.scan.sourcefile import apply_edits
from backend_organizer.core.verify.verify import verify_plan

CASES = Path(__file__).resolve().parent.parent / "rules" / "cases"


def _plan_without(tmp_path: Path, case: str, path: str, drop_kind: str):
    work = tmp_path / "p"
    shutil.copytree(CASES / case / "before", work)
    backend = work / "backend" if (work / "backend").is_dir() else work
    project = scan(backend, work)
    plan = organize_project(project)
    changes = []
    for change in plan.changes:
        if change.path == path:
            edits = tuple(e for e in change.edits if e.kind != drop_kind)
            change = FileChange(change.path, change.old_text, apply_edits(change.old_text, edits), edits)
        changes.append(change)
    broken = replace(plan, changes=tuple(changes))
    moves = {m.src: m.dst for m in plan.moves if m.src.endswith(".py")}
    new = project.layout.with_changes(moves, [c.path for c in plan.created if c.path.endswith(".py")])
    return verify_plan(project, broken, MoveContext(project.layout, new, moves))


def test_a_missing_import_rewrite_is_caught(tmp_path):
    verdict = _plan_without(tmp_path, "from_import", "main.py", "import")
    assert not verdict.ok
    assert any(p.code == "name-not-found" and "get_db" in p.message for p in verdict.problems)


def test_a_missing_plain_import_rewrite_is_caught(tmp_path):
    verdict = _plan_without(tmp_path, "import_bare", "main.py", "import")
    assert [p.code for p in verdict.problems] == ["binding-changed"]


def test_a_missing_usage_rewrite_is_caught(tmp_path):
    verdict = _plan_without(tmp_path, "dotted_usage", "backend/cli_report.py", "usage")
    assert any(p.code == "chain-broken" and "load" in p.message for p in verdict.problems)


def test_a_complete_plan_verifies(tmp_path):
    assert _plan_without(tmp_path, "dotted_usage", "nothing.py", "usage").ok


def test_a_rewrite_that_breaks_syntax_is_refused(tmp_path):
    work = tmp_path / "p"
    shutil.copytree(CASES / "from_import" / "before", work)
    project = scan(work, work)
    plan = organize_project(project)
    change = next(c for c in plan.changes if c.path == "main.py")
    edits = tuple(replace(e, new_text=e.new_text + " (") if e.kind == "import" else e for e in change.edits)
    broken = replace(
        plan, changes=(FileChange(change.path, change.old_text, apply_edits(change.old_text, edits), edits),)
    )
    moves = {m.src: m.dst for m in plan.moves}
    new = project.layout.with_changes(moves, [c.path for c in plan.created if c.path.endswith(".py")])
    verdict = verify_plan(project, broken, MoveContext(project.layout, new, moves))
    assert [p.code for p in verdict.problems][:1] == ["rewrite-broke-syntax"]
