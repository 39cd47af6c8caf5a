"""Each rewrite rule alone, on short before/after strings (see ``rule_harness``); the whole-tree cases are in
``test_rules.py``."""

from __future__ import annotations

from pathlib import Path

from backend_organizer.core.rules import (
    bootstrap,
    commentrefs,
    dunder_all,
    rewrite_imports,
    rewrite_paths,
    rewrite_strings,
    rewrite_usages,
    scriptrefs,
)
from rule_harness import assert_rule

DB = {"database.py": "database/database.py"}


# -- imports -----------------------------------------------------------------------------------------------


def test_bare_import_keeps_its_binding(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_imports.RULE,
        "import database  # the pool\n\ndatabase.connect()\n",
        "from database import database  # the pool\n\ndatabase.connect()\n",
        DB,
        {"database.py": "def connect(): ...\n"},
    )


def test_from_import_keeps_alias_and_parentheses(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_imports.RULE,
        "from database import (\n    connect as c,  # why\n)\n",
        "from database.database import (\n    connect as c,  # why\n)\n",
        DB,
        {"database.py": "def connect(): ...\n"},
    )


def test_function_level_import_is_rewritten_in_place(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_imports.RULE,
        "def f():\n    import database as db\n    return db.connect()\n",
        "def f():\n    from database import database as db\n    return db.connect()\n",
        DB,
        {"database.py": "def connect(): ...\n"},
    )


def test_unmoved_import_is_left_alone(tmp_path: Path) -> None:
    result = assert_rule(
        tmp_path,
        rewrite_imports.RULE,
        "import os\nimport config\n",
        "import os\nimport config\n",
        DB,
        {"config.py": ""},
    )
    assert result.edits == ()


# -- strings -----------------------------------------------------------------------------------------------


def test_mock_patch_target_follows_the_module(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_strings.RULE,
        'from unittest import mock\n\nwith mock.patch("database.connect"):\n    pass\n',
        'from unittest import mock\n\nwith mock.patch("database.database.connect"):\n    pass\n',
        DB,
        {"database.py": "def connect(): ...\n"},
        path="test_db.py",
    )


def test_import_module_string_keeps_its_quotes(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_strings.RULE,
        "import importlib\n\nmod = importlib.import_module('database')\n",
        "import importlib\n\nmod = importlib.import_module('database.database')\n",
        DB,
    )


def test_unproven_dotted_string_is_reported_not_rewritten(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_strings.RULE,
        'TARGET = "database.connect"\n',
        'TARGET = "database.connect"\n',
        DB,
        {"database.py": "def connect(): ...\n"},
        codes=("unproven-string",),
    )


# -- scripts -------------------------------------------------------------------------------------------------


def test_argv_running_a_moved_script_becomes_dash_m(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        scriptrefs.RULE,
        'import subprocess, sys\n\nsubprocess.run([sys.executable, "seed.py", "--all"])\n',
        'import subprocess, sys\n\nsubprocess.run([sys.executable, "-m", "scripts.seed", "--all"])\n',
        {"seed.py": "scripts/seed.py"},
    )


def test_script_rule_ignores_files_that_name_no_moved_file(tmp_path: Path) -> None:
    text = 'import subprocess, sys\n\nsubprocess.run([sys.executable, "other.py"])\n'
    result = assert_rule(tmp_path, scriptrefs.RULE, text, text, {"seed.py": "scripts/seed.py"}, {"other.py": ""})
    assert result.edits == ()


# -- comments ------------------------------------------------------------------------------------------------


def test_comment_naming_a_moved_file(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        commentrefs.RULE,
        "# the schema lives in database.py\nX = 1\n",
        "# the schema lives in database/database.py\nX = 1\n",
        DB,
    )


def test_comment_rule_tells_comments_and_docstrings_from_other_strings(tmp_path: Path) -> None:
    before = (
        '"""Module: see database.py."""\n'
        'URL = "sqlite:///#database.py"  # a hash in a string is no comment; this one is: database.py\n'
        'TEXT = """\n# database.py inside a string stays\n"""\n'
        "class Repo:\n"
        '    """Wraps database.py."""\n\n'
        "    def get(self):\n"
        "        def inner():\n"
        '            """Nested: database.py."""\n'
        "        match self:\n"
        "            case _:\n"
        "                def in_case():\n"
        '                    """In a case: database.py."""\n'
        '        return r"""Escaped \\n database.py"""\n\n\n'
        "def escaped():\n"
        '    """Tab\\t database.py: the value is not the text, left alone."""\n'
    )
    after = (
        before.replace('"""Module: see database.py', '"""Module: see database/database.py')
        .replace("this one is: database.py", "this one is: database/database.py")
        .replace("Wraps database.py", "Wraps database/database.py")
        .replace("Nested: database.py", "Nested: database/database.py")
        .replace("In a case: database.py", "In a case: database/database.py")
    )
    assert_rule(tmp_path, commentrefs.RULE, before, after, DB)


def test_comment_rule_without_comments_naming_files_reads_docstrings_only(tmp_path: Path, monkeypatch) -> None:
    def no_tokenize(*args, **kwargs):
        raise AssertionError("tokenized a file whose comments name no file")

    monkeypatch.setattr(commentrefs.tokenize, "generate_tokens", no_tokenize)
    assert_rule(
        tmp_path,
        commentrefs.RULE,
        '"""Run with python database.py."""\n# a comment\nX = "database.py"\n',
        '"""Run with python database/database.py."""\n# a comment\nX = "database.py"\n',
        DB,
    )


# -- bootstrap -----------------------------------------------------------------------------------------------


def test_bootstrap_goes_after_docstring_and_future_import(tmp_path: Path) -> None:
    before = '"""Seed the db."""\nfrom __future__ import annotations\n\nprint("seeding")\n'
    after = (
        '"""Seed the db."""\nfrom __future__ import annotations\n'
        "if not __package__:  # run by path (python scripts/seed.py): make the project's packages importable\n"
        "    import os\n    import sys\n\n"
        "    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\n\n"
        '\nprint("seeding")\n'
    )
    assert_rule(
        tmp_path,
        bootstrap.RULE,
        before,
        after,
        {"seed.py": "scripts/seed.py"},
        path="seed.py",
        codes=("script-bootstrap",),
        bootstrapped=True,
    )


def test_no_bootstrap_unless_the_planner_asks(tmp_path: Path) -> None:
    text = 'print("seeding")\n'
    assert_rule(tmp_path, bootstrap.RULE, text, text, {"seed.py": "scripts/seed.py"}, path="seed.py")


# -- usages --------------------------------------------------------------------------------------------------


def test_attribute_chain_through_a_moved_package_module(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_usages.RULE,
        "import app.db\n\napp.db.connect()\n",
        "import app.db\n\napp.data.db.connect()\n",
        {"app/db.py": "app/data/db.py"},
        {"app/__init__.py": "", "app/db.py": "def connect(): ...\n"},
    )


# -- paths ---------------------------------------------------------------------------------------------------


def test_file_relative_path_of_a_moved_module_keeps_its_folder(tmp_path: Path) -> None:
    assert_rule(
        tmp_path,
        rewrite_paths.RULE,
        "from pathlib import Path\n\nDATA = Path(__file__).parent / 'data.json'\n",
        "from pathlib import Path\n\nDATA = Path(__file__).parent.parent / 'data.json'\n",
        DB,
        path="database.py",
        codes=("file-relative-path-rewritten",),
    )


def test_file_paths_are_found_in_every_kind_of_statement(tmp_path: Path) -> None:
    """The rule looks only into statements on the index's ``__file__`` lines; those hide in decorators, headers,
    nested bodies and multi-line expressions, and unrelated statements around them stay untouched."""
    before = (
        "import os\nfrom pathlib import Path\n\n\n"
        "@register(os.path.dirname(__file__))\n"
        "class Store:\n"
        "    ROOT = Path(__file__).parent\n\n"
        "    def load(self, name):\n"
        "        unrelated = Path('x').parent\n"
        "        with open(os.path.join(\n"
        "            os.path.dirname(__file__), name\n"
        "        )) as handle:\n"
        "            return handle.read()\n\n\n"
        "def helper():\n"
        "    def inner():\n"
        "        return Path(__file__).resolve().parents[1]\n"
        "    try:\n"
        "        pass\n"
        "    except OSError:\n"
        "        print(__file__)\n"
        "    return inner\n"
    )
    after = (
        before.replace("@register(os.path.dirname(__file__))", "@register(os.path.dirname(os.path.dirname(__file__)))")
        .replace("ROOT = Path(__file__).parent", "ROOT = Path(__file__).parent.parent")
        .replace(
            "            os.path.dirname(__file__), name",
            "            os.path.dirname(os.path.dirname(__file__)), name",
        )
        .replace("resolve().parents[1]", "resolve().parents[2]")
    )
    result = assert_rule(
        tmp_path,
        rewrite_paths.RULE,
        before,
        after,
        DB,
        path="database.py",
        codes=("file-relative-path", *("file-relative-path-rewritten",) * 4),
    )
    unfollowed = [f.line for f in result.findings if f.code == "file-relative-path"]
    assert unfollowed == [23]  # print(__file__) in the except clause


# -- __all__ -------------------------------------------------------------------------------------------------


def test_dunder_all_listing_a_moved_submodule_is_reported(tmp_path: Path) -> None:
    text = '__all__ = ["db", "VERSION"]\nVERSION = 1\n'
    assert_rule(
        tmp_path,
        dunder_all.RULE,
        text,
        text,
        {"app/db.py": "app/data/db.py"},
        path="app/__init__.py",
        codes=("dunder-all-moved",),
    )
