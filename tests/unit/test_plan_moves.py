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


def test_a_single_move_updates_exactly_the_commands_that_name_it(tmp_path: Path) -> None:
    """Text files are looked at command by command; only the commands that spell a name of the moved file's
    path can change (a package run with ``-m`` is named by its folder, not by ``__main__``)."""
    (tmp_path / "seed.py").write_text("print('seeding')\n")
    (tmp_path / "other.py").write_text("print('other')\n")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "__init__.py").write_text("")
    (tmp_path / "tools" / "__main__.py").write_text("print('tools')\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "__init__.py").write_text("")
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "__init__.py").write_text("")
    makefile = "seed:\n\tpython seed.py\nother:\n\tpython other.py\ntools:\n\tpython -m tools\n"
    (tmp_path / "Makefile").write_text(makefile)
    project = scan(tmp_path, tmp_path)
    plan = plan_moves(project, {"seed.py": "scripts/seed.py"})
    (change,) = [c for c in plan.changes if c.path == "Makefile"]
    assert change.new_text == makefile.replace("python seed.py", "python -m scripts.seed")
    plan = plan_moves(
        project, {"tools/__init__.py": "admin/tools/__init__.py", "tools/__main__.py": "admin/tools/__main__.py"}
    )
    (change,) = [c for c in plan.changes if c.path == "Makefile"]
    assert change.new_text == makefile.replace("python -m tools", "python -m admin.tools")
