"""Plan-view edits of ``[tool.backend-organizer]``: byte-exact before/after, and the plan they lead to."""

from __future__ import annotations

import tomllib

import pytest
from backend_organizer.core.errors import ConfigError
from backend_organizer.core.planner import organize_project
from backend_organizer.core.scan.config_edit import edit_config
from backend_organizer.core.scan.project import scan
from backend_organizer.core.scan.tomledit import add_item, remove_item
from helpers import copy_example

COMMENTED = """\
[project]
name = "shop"  # the name

# how we organize
[tool.backend-organizer]
backend = "backend"   # the folder
keep = [
    "config.py",  # read by path
    "settings.py",
]
rules = { "llm_*.py" = "agents" }

[tool.ruff]
line-length = 100
"""


def edited(text: str | None, action: str, path: str, backend: str = "backend", package: str | None = None) -> str:
    result = edit_config(text, action, path, backend, package)
    tomllib.loads(result.text)
    return result.text


def test_table_and_file_created_when_absent():
    assert edited(None, "move", "agent.py", "", "services") == (
        '[tool.backend-organizer]\nrules = { "agent.py" = "services" }\n'
    )
    assert edit_config(None, "keep", "auth.py", "").created
    assert edited('[project]\nname = "x"', "keep", "auth.py", "") == (
        '[project]\nname = "x"\n\n[tool.backend-organizer]\nkeep = ["auth.py"]\n'
    )


def test_existing_array_extended_keeping_comments_and_layout():
    assert edited(COMMENTED, "keep", "backend/db.py") == COMMENTED.replace(
        '    "settings.py",\n', '    "settings.py",\n    "db.py",\n'
    )


def test_rule_goes_first_so_it_wins_over_globs_and_reset_restores_every_byte():
    moved = edited(COMMENTED, "move", "backend/llm_client.py", package="services")
    assert moved == COMMENTED.replace('rules = { "llm_*.py"', 'rules = { "llm_client.py" = "services", "llm_*.py"')
    assert edited(moved, "reset", "backend/llm_client.py") == COMMENTED


def test_keep_replaces_a_rule_and_move_replaces_keep():
    kept = edited(COMMENTED, "keep", "backend/llm_x.py")
    moved = edited(kept, "move", "backend/config.py", package="utils")
    data = tomllib.loads(moved)["tool"]["backend-organizer"]
    assert data["keep"] == ["settings.py", "llm_x.py"]
    assert list(data["rules"].items()) == [("config.py", "utils"), ("llm_*.py", "agents")]
    assert "# the folder" in moved and "# read by path" not in moved  # the removed item's own comment goes with it


def test_crlf_kept():
    text = COMMENTED.replace("\n", "\r\n")
    after = edited(text, "exclude", "backend/legacy.py")
    rules = 'rules = { "llm_*.py" = "agents" }\r\n'
    assert after == text.replace(rules, rules + 'exclude = ["backend/legacy.py"]\r\n')
    assert edited(after, "reset", "backend/legacy.py") == text


def test_sub_table_rules_and_new_category():
    text = '[tool.backend-organizer.rules]\n"a.py" = "agents"  # mine\n\n[tool.black]\n'
    after = edited(text, "move", "b.py", "", "payments")
    assert after == (
        '[tool.backend-organizer.rules]\n"b.py" = "payments"\n"a.py" = "agents"  # mine\n\n[tool.black]\n\n'
        '[tool.backend-organizer]\ncategories = { payments = "payments (added in the plan view)" }\n'
    )
    assert edited(after, "reset", "a.py", "").startswith('[tool.backend-organizer.rules]\n"b.py" = "payments"\n\n')


def test_single_line_and_multi_line_item_removal():
    assert remove_item('x = ["a", "b", "c"]', 4, 1) == 'x = ["a", "c"]'
    assert remove_item('x = ["a", "b", "c"]', 4, 2) == 'x = ["a", "b"]'
    assert remove_item('x = ["a"]', 4, 0) == "x = []"
    assert remove_item('x = [\n  "a",\n  "b"\n]', 4, 1) == 'x = [\n  "a",\n]'
    assert remove_item('x = [\n  "a", "b",\n]', 4, 0) == 'x = [\n  "b",\n]'
    assert add_item('x = [\n  "a"  # c\n]', 4, '"b"') == 'x = [\n  "a",  # c\n  "b"\n]'
    assert add_item("x = [\n]", 4, '"b"') == 'x = [\n    "b",\n]'
    assert add_item('x = ["a", """]"""]', 4, '"b"') == 'x = ["a", """]""", "b"]'


def test_refusals_name_the_problem():
    with pytest.raises(ConfigError, match="only the top-level files"):
        edit_config(None, "keep", "backend/sub/x.py", "backend")
    with pytest.raises(ConfigError, match="not a Python identifier"):
        edit_config(None, "move", "x.py", "", "not-a-name")
    with pytest.raises(ConfigError, match="keep = 'x\\*' keeps it"):
        edit_config('[tool.backend-organizer]\nkeep = ["x*"]\n', "move", "x.py", "", "utils")
    with pytest.raises(ConfigError, match="dotted keys"):
        edit_config('[tool]\nbackend-organizer.keep = ["a.py"]\n', "keep", "x.py", "")
    with pytest.raises(ConfigError, match="unknown action"):
        edit_config(None, "shred", "x.py", "")


def test_edited_config_changes_the_plan(tmp_path):
    root = copy_example("flat_backend", tmp_path)
    before = {m.src: m.dst for m in organize_project(scan(root, root)).moves}
    assert before["helpers.py"] == "utils/helpers.py" and "auth.py" in before
    text = edited(None, "move", "helpers.py", "", "services")
    text = edited(text, "keep", "auth.py", "")
    text = edited(text, "exclude", "seed_data.py", "")
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    after = {m.src: m.dst for m in organize_project(scan(root, root)).moves}
    assert after["helpers.py"] == "services/helpers.py"
    assert "auth.py" not in after and "seed_data.py" not in after
    (root / "pyproject.toml").write_text(edited(text, "reset", "helpers.py", ""), encoding="utf-8")
    assert {m.src: m.dst for m in organize_project(scan(root, root)).moves}["helpers.py"] == "utils/helpers.py"


TRICKY = [
    # brackets, quotes and headers inside strings and comments must not confuse the scanner
    '[tool.x]\ndoc = """\n[tool.backend-organizer]\nkeep = ["no"]\n"""\n\n'
    "[tool.backend-organizer]\nkeep = ['a.py']\n",
    "[[tool.mypy.overrides]]\nmodule = 'x'\n\n[tool.backend-organizer]  # ours\nexclude = [ # why\n  'a/*',\n]\n",
    '[tool.backend-organizer]\nrules = {"llm_*.py"="agents"}\nkeep=["a.py",]\n[tool.backend-organizer.categories]\n'
    'payments = "Billing [and] {payments}"\n',
    '[ tool . "backend-organizer" ]\r\nkeep = ["a.py"]  # k\r\n',
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize(("action", "package"), [("move", "payments"), ("keep", None), ("exclude", None)])
def test_round_trip_on_tricky_documents(text, action, package):
    """Every action on an existing table parses, does what it says, and reset gives back every byte."""
    categories = tomllib.loads(text)["tool"]["backend-organizer"].get("categories", {})
    if action == "move" and "payments" not in categories:
        package = "utils"
    after = edited(text, action, "new_file.py", "", package)
    table = tomllib.loads(after)["tool"]["backend-organizer"]
    if action == "move":
        assert next(iter(table["rules"].items())) == ("new_file.py", package)
    else:
        assert table[action][-1] == "new_file.py"
    assert edited(after, "reset", "new_file.py", "") == text
