"""``plan_moves`` (the engine behind willRenameFiles and the move action): ``__import__`` calls after a rename.

``__import__("a.b")`` returns the top-level package, so the call needs a ``fromlist`` only when the module
it used to return is no longer the top-level name; a module renamed in place needs none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_organizer.core.planner import plan_moves
from backend_organizer.core.scan.project import scan

CALLER = 'helpers = __import__("helpers")\nprint(helpers.slug())\n'


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        ({"helpers.py": "text_helpers.py"}, '__import__("text_helpers")'),
        ({"helpers.py": "utils/helpers.py"}, '__import__("utils.helpers", fromlist=["helpers"])'),
    ],
)
def test_import_call_keeps_returning_the_module(tmp_path: Path, moves: dict[str, str], expected: str) -> None:
    (tmp_path / "helpers.py").write_text('def slug():\n    return "ok"\n')
    (tmp_path / "main.py").write_text(CALLER)
    for dst in moves.values():
        if "/" in dst:
            (tmp_path / dst.split("/")[0]).mkdir(exist_ok=True)
            (tmp_path / dst.split("/")[0] / "__init__.py").write_text("")
    plan = plan_moves(scan(tmp_path, tmp_path), moves)
    (change,) = [c for c in plan.changes if c.path == "main.py"]
    assert change.new_text == CALLER.replace('__import__("helpers")', expected)
    assert not [f for f in plan.findings if f.code == "import-call-result-changes"]


def test_a_dotted_call_whose_package_changes_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("VALUE = 1\n")
    (tmp_path / "main.py").write_text('pkg = __import__("pkg.mod")\nprint(pkg.mod.VALUE)\n')
    plan = plan_moves(scan(tmp_path, tmp_path), {"pkg/mod.py": "mod.py"})
    (finding,) = [f for f in plan.findings if f.code == "import-call-result-changes"]
    assert (finding.path, finding.line) == ("main.py", 1)


def test_a_single_move_does_not_add_a_structure_section_to_the_readme(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text("def slug():\n    return 1\n")
    (tmp_path / "main.py").write_text("from helpers import slug\n")
    (tmp_path / "README.md").write_text("# App\n\n`helpers.py` has the text helpers.\n")
    plan = plan_moves(scan(tmp_path, tmp_path), {"helpers.py": "text_helpers.py"})
    (readme,) = [c for c in plan.changes if c.path == "README.md"]
    assert readme.new_text == "# App\n\n`text_helpers.py` has the text helpers.\n"
    assert not [c for c in plan.created if c.path == "README.md"]
