"""Before/after cases, one per rewrite rule: ``cases/<rule>/before`` organized must equal ``cases/<rule>/after``.

Each case also proves idempotence (organizing the result plans nothing) and undo (byte for byte). An optional
``case.toml`` gives the backend ``path`` inside the case and the warning ``codes`` the plan must report.
Regenerate an ``after`` tree with ``python tests/rules/regen.py <rule>`` and review its diff before committing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from backend_organizer.core.apply.transaction import apply_plan, undo_last
from backend_organizer.core.findings import CODES
from backend_organizer.core.planner import plan_organize
from helpers import copy_tree, snapshot

CASES = Path(__file__).parent / "cases"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "before").is_dir())


def settings(name: str) -> dict:
    path = CASES / name / "case.toml"
    return tomllib.loads(path.read_text()) if path.is_file() else {}


def organize(root: Path, name: str):
    plan = plan_organize(root / settings(name).get("path", ""), root)
    apply_plan(plan)
    return plan


@pytest.mark.parametrize("name", case_names())
def test_rule_case(tmp_path: Path, name: str) -> None:
    work = copy_tree(CASES / name / "before", tmp_path / "project")
    before = snapshot(work)
    plan = organize(work, name)
    expected = snapshot(CASES / name / "after")
    assert snapshot(work) == expected
    codes = {f.code for f in plan.findings}
    for f in plan.findings:
        assert f.code in CODES and CODES[f.code].severity == f.severity, f"{f.code} ({f.severity}) is not catalogued"
    for code in settings(name).get("warnings", []):
        assert code in codes, f"expected a {code} finding, got {sorted(codes)}"
    again = plan_organize(work / settings(name).get("path", ""), work)
    assert again.is_empty, [c.path for c in again.changes] + [m.src for m in again.moves]
    if not plan.is_empty:
        undo_last(work)
    assert snapshot(work) == before
