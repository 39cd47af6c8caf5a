"""Bad input (issue 7): each case gets a clear error or warning naming file and line, the tree stays untouched
unless the user asks to go on, and whatever the tool does rewrite keeps every untouched byte.

Behaviour is compared by running the backend's own ``main.py`` before and after (``python -B`` so no
``__pycache__`` appears); "untouched" is a byte-exact snapshot of the whole tree (see ``safety_support``).
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from backend_organizer.cli.main import main as cli_main
from backend_organizer.core.apply.transaction import apply_plan, undo_last
from backend_organizer.core.errors import ConfigError, PreflightError, UnparsableError
from backend_organizer.core.model import CreatedFile, Move
from backend_organizer.core.planner import plan_organize
from safety_support import (
    assert_no_journal,
    assert_same,
    cli,
    git,
    git_init,
    one_line,
    run_cli,
    snapshot,
    write_files,
)


def run_main(root: Path, script: str = "main.py") -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-B", script], cwd=root, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def organize_and_compare(root: Path, *extra: str) -> tuple[str, str]:
    """Apply with the CLI; ``main.py`` must print exactly what it printed before; undo must restore every byte.

    Returns the CLI's stdout and stderr (whitespace collapsed) for the caller's assertions on warnings."""
    original = snapshot(root)
    before = run_main(root)
    assert before[0] == 0, f"the test backend itself is broken: {before}"
    result = cli("apply", "--yes", *extra, str(root))
    assert result.returncode == 0, result.stderr
    after = run_main(root)
    assert after == before, f"behaviour changed:\nbefore: {before}\nafter:  {after}\n{result.stdout}"
    second = plan_organize(root)
    assert second.is_empty, f"a second plan is not empty: {second.moves} {[c.path for c in second.changes]}"
    assert cli("undo", "--yes", str(root)).returncode == 0
    assert_same(original, snapshot(root), "(after apply + undo)")
    assert_no_journal(root)
    return one_line(result.stdout), one_line(result.stderr)


HELPERS = "def h():\n    return 'h'\n"


# -- files that do not parse -----------------------------------------------------------------------------

UNPARSABLE = {
    "python2": ("legacy_service.py", 'import helpers\n\ndef f():\n    print "hello"\n', 4),
    "merge-conflict": ("conflict_service.py", "x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> topic\n", 2),
    "truncated": ("truncated_service.py", "import helpers\n\n\ndef f(a,\n      b", 4),
    "undecodable": ("latin_service.py", b"NAME = 'caf\xe9'\n", 1),
}


@pytest.mark.parametrize("case", sorted(UNPARSABLE))
def test_unparsable_file_is_refused_naming_file_and_line(tmp_path: Path, case: str) -> None:
    name, content, line = UNPARSABLE[case]
    root = write_files(
        tmp_path / "ws", {name: content, "helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"}
    )
    original = snapshot(root)
    commands = (["plan"], ["apply", "--yes"]) if case == "python2" else (["apply", "--yes"],)
    for command in commands:
        # one real process (what the user runs), the rest in-process (the same code path, faster)
        result = (run_cli if command == ["plan"] else cli)(*command, str(root))
        err = one_line(result.stderr)
        assert result.returncode == 2, (command, result.returncode, err)
        assert f"{name}:{line}:" in err, err
        assert "--skip-unparsable" in err, "the refusal must say how to go on"
        assert_same(original, snapshot(root), f"(refused {command} of {case})")
    with pytest.raises(UnparsableError) as info:
        plan_organize(root)
    assert (name, line) in [(p, n) for p, n, _ in info.value.problems]


def test_skip_unparsable_organizes_the_rest_and_leaves_those_files(tmp_path: Path) -> None:
    files = {name: content for name, content, _ in UNPARSABLE.values()}
    root = write_files(
        tmp_path / "ws",
        {
            **files,
            "helpers.py": HELPERS,
            "user_service.py": "import helpers\n\ndef greet():\n    return helpers.h() + '!'\n",
            "main.py": "import user_service\nprint(user_service.greet())\n",
        },
    )
    untouched = {name: (root / name).read_bytes() for name in files}
    before = run_main(root)
    result = cli("apply", "--yes", "--skip-unparsable", str(root))
    out = one_line(result.stdout)
    assert result.returncode == 0, result.stderr
    for name, data in untouched.items():
        assert (root / name).read_bytes() == data, f"{name} was changed or moved"
        assert f"{name}:" in out and "not-parsed" in out, f"no warning names {name}: {out}"
    assert (root / "services" / "user_service.py").is_file()
    # the skipped files import helpers (read as text): it stays, so they keep working once they are fixed
    assert (root / "helpers.py").is_file() and not (root / "utils" / "helpers.py").exists()
    assert "helpers.py: stays: legacy_service.py:1 imports it" in out
    assert run_main(root) == before


def test_skip_unparsable_keeps_what_the_skipped_file_imports(tmp_path: Path) -> None:
    """A package module that does not parse imports its siblings relatively (read as text, also across
    parentheses): they stay, the plan is proven, and the skipped file's imports still resolve after apply."""
    root = write_files(
        tmp_path / "ws",
        {
            "pyproject.toml": "[project]\nname = 'app'\nversion = '0'\n",
            "backend/__init__.py": "",
            "backend/schemas.py": "class User:\n    pass\n",
            "backend/settings.py": "DEBUG = True\n",
            "backend/auth.py": "from .schemas import User\n",
            "backend/report.py": "from .schemas import (\n    User,\n)\nfrom . import settings\n\ndef broken(:\n",
            "backend/main.py": "from .auth import User\n",
        },
    )
    plan = plan_organize(root / "backend", root, skip_unparsable=True)
    moved = {m.src for m in plan.moves}
    assert "backend/auth.py" in moved
    assert not moved & {"backend/schemas.py", "backend/settings.py"}, moved
    reasons = {c.path: c.reason for c in plan.classifications}
    assert reasons["backend/schemas.py"].startswith("stays: backend/report.py:1 imports it")
    assert reasons["backend/settings.py"].startswith("stays: backend/report.py:4 imports it")
    assert plan.verification.ok


def test_skip_unparsable_warning_names_the_error_line(tmp_path: Path) -> None:
    name, content, line = UNPARSABLE["python2"]
    root = write_files(
        tmp_path / "ws", {name: content, "helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"}
    )
    plan = plan_organize(root, skip_unparsable=True)
    [finding] = [f for f in plan.findings if f.path == name]
    assert finding.line == line, finding


def test_unreadable_file_gets_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    root = write_files(
        tmp_path / "ws",
        {"helpers.py": HELPERS, "secret_service.py": "X = 1\n", "main.py": "import helpers\nprint(helpers.h())\n"},
    )
    secret = root / "secret_service.py"
    original = snapshot(root)
    if os.geteuid() != 0:
        secret.chmod(0)
    else:  # root reads everything: make opening that one file fail the way it fails for a normal user
        real_open = io.open

        def guarded_open(file, *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(secret):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(secret))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(io, "open", guarded_open)
        monkeypatch.setattr(builtins, "open", guarded_open)
    try:
        code = cli_main(["apply", "--yes", str(root)])
    finally:
        monkeypatch.undo()
        secret.chmod(0o644)
    err = one_line(capsys.readouterr().err)
    assert code == 2 and "secret_service.py" in err, err
    assert_same(original, snapshot(root))


# -- encodings, BOM, line endings, tabs ------------------------------------------------------------------


def test_encodings_line_endings_and_tabs_are_preserved(tmp_path: Path) -> None:
    latin = (
        b"# -*- coding: latin-1 -*-\n# caf\xe9 cr\xe8me\nimport helpers\nNAME = 'caf\xe9'\n"
        b"def name():\n    return NAME + helpers.h()\n"
    )
    bom = b"\xef\xbb\xbf# \xc3\xa9t\xc3\xa9\nimport helpers\nX = '\xc3\xa9'\n"
    crlf = b"import helpers\r\n\r\n\r\ndef f():\r\n    return helpers.h()\r\n"
    mixed = (
        b"import helpers\r\nfrom helpers import h\n\ndef f():\r\n\treturn helpers.h()\r\n"
        b"def g():\n\tfrom helpers import h as hh\n\tif True:\r\n\t\treturn hh() + h()\n"
    )
    latin_staying = b"# coding: latin-1\nimport helpers\nprint(helpers.h(), 'na\xefve')\n"
    root = write_files(
        tmp_path / "ws",
        {
            "helpers.py": HELPERS,
            "latin_service.py": latin,
            "bom_service.py": bom,
            "crlf_service.py": crlf,
            "mixed_service.py": mixed,
            "runner.py": latin_staying,
            "main.py": "import runner\nimport latin_service, bom_service, crlf_service, mixed_service\n"
            "print(latin_service.name(), bom_service.X, crlf_service.f(),\n"
            "      mixed_service.f(), mixed_service.g())\n",
        },
    )
    before = run_main(root)
    assert cli("apply", "--yes", str(root)).returncode == 0
    new = "from utils import helpers"
    expected = {
        "services/latin_service.py": latin.replace(b"import helpers", new.encode()),
        "services/bom_service.py": bom.replace(b"import helpers", new.encode()),
        "services/crlf_service.py": crlf.replace(b"import helpers", new.encode()),
        "services/mixed_service.py": mixed.replace(b"from helpers import", b"from utils.helpers import").replace(
            b"import helpers\r\n", new.encode() + b"\r\n", 1
        ),
        "runner.py": latin_staying.replace(b"import helpers", new.encode()),
    }
    for rel, data in expected.items():
        assert (root / rel).read_bytes() == data, f"{rel}: bytes outside the rewritten imports changed"
    assert (root / "services" / "bom_service.py").read_bytes().startswith(b"\xef\xbb\xbf")
    assert run_main(root) == before
    assert cli("undo", "--yes", str(root)).returncode == 0
    assert (root / "latin_service.py").read_bytes() == latin and (root / "mixed_service.py").read_bytes() == mixed


# -- name traps ------------------------------------------------------------------------------------------

STDLIB_TRAP = {
    # queue.py defines get_db(), so its content says "database"; email.py defines a service class
    "queue.py": "import sqlite3\n\nNAME = 'my queue'\n\ndef get_db():\n    return sqlite3\n\ndef put(x):\n"
    "    return [NAME, x]\n",
    "email.py": "class EmailService:\n    def send(self):\n        return 'my email'\n",
    "logging.py": "LEVEL = 'my logging'\n",
    "helpers.py": "import queue\nimport email as mail\n\ndef h():\n    return queue.put(mail.EmailService().send())\n",
    "main.py": "import queue, email, logging\nimport helpers\n"
    "print(queue.NAME, email.EmailService().send(), logging.LEVEL, helpers.h())\n",
}


def test_modules_named_like_stdlib_modules_keep_their_behaviour(tmp_path: Path) -> None:
    """Run as ``python main.py``, the backend's queue/email/logging shadow the standard library; the project's
    own code must see exactly the same modules after organizing (moved ones are imported from their package)."""
    root = write_files(tmp_path / "ws", STDLIB_TRAP)
    plan = plan_organize(root)
    assert {m.src for m in plan.moves} >= {"queue.py", "email.py", "helpers.py"}
    organize_and_compare(root)


def test_modules_named_like_stdlib_modules_are_warned_about(tmp_path: Path) -> None:
    # types.py breaks the original program already (functools imports it); a warning is all the tool can give
    root = write_files(tmp_path / "ws", {**STDLIB_TRAP, "types.py": "KIND = 'my types'\n"})
    plan = plan_organize(root)
    for name in ("types.py", "queue.py", "email.py", "logging.py"):
        assert any(f.path == name and "standard" in f.message for f in plan.findings), (name, plan.findings)


UTILS_TRAP = {
    "utils/__init__.py": "PKG = 'utils package'\n",
    "utils/strings.py": "def up(s):\n    return s.upper()\n",
    "utils.py": "MOD = 'utils module (never importable: the package wins)'\n",
    "helpers.py": "from utils import strings\n\ndef h():\n    return strings.up('x')\n",
    "main.py": "import utils\nimport helpers\nfrom utils.strings import up\nprint(utils.PKG, helpers.h(), up('y'))\n",
}


def test_existing_utils_package_beside_utils_module_keeps_behaviour(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", UTILS_TRAP)
    organize_and_compare(root)


def test_utils_module_shadowed_by_utils_package_is_warned_about(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", UTILS_TRAP)
    plan = plan_organize(root)
    assert any(f.path == "utils.py" for f in plan.findings), plan.findings


def test_models_beside_Models_gets_a_case_safe_package_name(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ws",
        {
            "models.py": "from dataclasses import dataclass\n\n@dataclass\nclass User:\n    name: str = 'u'\n",
            "Models.py": "LEGACY = 'Models legacy'\n",
            "main.py": "import models, Models\nprint(models.User().name, Models.LEGACY)\n",
        },
    )
    plan = plan_organize(root)
    package = plan.new_path("models.py").split("/")[0]
    assert package.lower() != "models", "a models/ package would collide with Models.py on macOS and Windows"
    out, _ = organize_and_compare(root)
    assert "Models.py" in out and "case" in out, f"the package name is not explained: {out}"


def test_non_ascii_file_names(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ws",
        {
            "café_service.py": "def brew():\n    return 'espresso'\n",
            "données_utils.py": "VAL = 'données'\n",
            "main.py": "import café_service\nfrom données_utils import VAL\nprint(café_service.brew(), VAL)\n",
        },
    )
    plan = plan_organize(root)
    assert plan.new_path("café_service.py") == "services/café_service.py"
    organize_and_compare(root)


def test_self_import_and_import_cycles(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ws",
        {
            "helpers.py": "import helpers\nX = 1\n\ndef get():\n    return helpers.X\n",
            "a_service.py": "import b_service\nNAME = 'a'\n\ndef other():\n    return b_service.NAME\n",
            "b_service.py": "import a_service\nNAME = 'b'\n\ndef other():\n    from a_service import NAME\n"
            "    return a_service.NAME + NAME\n",
            "main.py": "import helpers, a_service, b_service\n"
            "print(helpers.get(), a_service.other(), b_service.other())\n",
        },
    )
    organize_and_compare(root)


# -- configuration ---------------------------------------------------------------------------------------

CONFIG_ERRORS = {
    "unknown-key": ('rulez = {"helpers.py" = "utils"}\n', "unknown key 'rulez'", "did you mean 'rules'"),
    "rule-outside": ('rules = {"../x.py" = "agents"}\n', "rules['../x.py']", "inside the backend folder"),
    "target-not-identifier": (
        'rules = {"helpers.py" = "my-utils"}\n',
        "rules['helpers.py']",
        "'my-utils' is not a Python identifier",
    ),
    "package-not-identifier": (
        'packages = {utils = "1utils"}\n',
        "packages.utils",
        "'1utils' is not a Python identifier",
    ),
    "backend-outside": ('backend = "../elsewhere"\n', "backend", "inside the backend folder"),
}


def _config_root(tmp_path: Path, body: str) -> Path:
    pyproject = "[project]\nname = 'x'\n\n[tool.backend-organizer]\n" + body
    return write_files(
        tmp_path / "ws",
        {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n", "pyproject.toml": pyproject},
    )


@pytest.mark.parametrize("case", sorted(CONFIG_ERRORS))
def test_config_error_is_refused_clearly(tmp_path: Path, case: str) -> None:
    body, key, detail = CONFIG_ERRORS[case]
    root = _config_root(tmp_path, body)
    original = snapshot(root)
    commands = (["plan"], ["apply", "--yes"], ["check"]) if case == "rule-outside" else (["apply", "--yes"],)
    for args in commands:
        result = cli(*args, str(root))
        err = one_line(result.stderr)
        assert result.returncode == 2, (args, err)
        assert key in err and detail in err, err
        assert "Traceback" not in err
    assert_same(original, snapshot(root))
    with pytest.raises(ConfigError, match=re.escape(key)):
        plan_organize(root)


def test_config_error_names_file_and_line(tmp_path: Path) -> None:
    body, _, _ = CONFIG_ERRORS["rule-outside"]
    root = _config_root(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        plan_organize(root)
    assert "pyproject.toml:5" in str(info.value), str(info.value)


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "pyproject.toml": "[tool.backend-organizer\n"})
    result = cli("plan", str(root))
    err = one_line(result.stderr)
    assert result.returncode == 2 and "pyproject.toml" in err and "line 1" in err, err


# -- preflight: symlinks and targets ---------------------------------------------------------------------


def test_folder_swapped_for_a_symlink_out_of_the_workspace_after_planning(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    outside = tmp_path / "outside"
    outside.mkdir()
    plan = plan_organize(root)
    assert plan.new_path("helpers.py") == "utils/helpers.py"
    (root / "utils").symlink_to(outside, target_is_directory=True)
    original = snapshot(root)
    with pytest.raises(PreflightError) as info:
        apply_plan(plan)
    message = one_line(str(info.value))
    assert message.startswith("nothing was changed") and "symbolic link" in message and "utils" in message, message
    assert list(outside.iterdir()) == [], "something was written outside the workspace"
    assert_same(original, snapshot(root))
    assert_no_journal(root)


def test_rewritten_file_swapped_for_a_symlink_after_planning(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    plan = plan_organize(root)
    assert "main.py" in {c.path for c in plan.changes}
    outside = tmp_path / "outside_main.py"
    outside.write_bytes((root / "main.py").read_bytes())
    (root / "main.py").unlink()
    (root / "main.py").symlink_to(outside)
    original = snapshot(root)
    with pytest.raises(PreflightError, match=r"main\.py.*symbolic link"):
        apply_plan(plan)
    assert outside.read_text() == "import helpers\nprint(helpers.h())\n"
    assert_same(original, snapshot(root))


def test_symlinked_folder_named_like_a_package_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.txt").write_text("outside\n")
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    (root / "utils").symlink_to(outside, target_is_directory=True)
    out, _ = organize_and_compare(root)
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt"]
    assert "app_utils" in out


def test_symlinked_module_outside_the_workspace_importing_a_moving_module(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.py").write_text("import helpers\nS = helpers.h() + '!'\n")
    root = write_files(
        tmp_path / "ws",
        {"helpers.py": HELPERS, "main.py": "import helpers\nimport shared\nprint(helpers.h(), shared.S)\n"},
    )
    (root / "shared.py").symlink_to(outside / "shared.py")
    original = snapshot(root)
    before = run_main(root)
    result = cli("apply", "--yes", str(root))
    text = one_line(result.stdout + result.stderr)
    assert (outside / "shared.py").read_text() == "import helpers\nS = helpers.h() + '!'\n"
    if result.returncode != 0:  # refusing is fine if it is clear (file and line) and nothing changed
        assert result.returncode == 2 and re.search(r"shared\.py:\d+", text), text
        assert_same(original, snapshot(root))
        return
    # going on is fine only if the result still works, or if a warning names the file that will break
    assert run_main(root) == before or re.search(r"shared\.py:\d+: ", text), text


@pytest.mark.parametrize("where", ["move", "create"])
def test_plan_leaving_the_workspace_is_refused_by_preflight(tmp_path: Path, where: str) -> None:
    """Even a hand-made (or corrupted) plan cannot make apply write outside the workspace."""
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    plan = plan_organize(root)
    if where == "move":
        plan = dataclasses.replace(plan, moves=(*plan.moves, Move("main.py", "../escaped/main.py", "evil")))
    else:
        plan = dataclasses.replace(plan, created=(*plan.created, CreatedFile("../escaped.py", "x = 1\n")))
    original = snapshot(root)
    with pytest.raises(PreflightError) as info:
        apply_plan(plan)
    message = one_line(str(info.value))
    assert message.startswith("nothing was changed") and "../escaped" in message, message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"], "something was written outside the workspace"
    assert_same(original, snapshot(root))
    assert_no_journal(root)


def test_target_that_already_exists_at_plan_time_is_warned_and_left(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ws",
        {
            "helpers.py": HELPERS,
            "main.py": "import helpers\nprint(helpers.h())\n",
            "utils/__init__.py": "",
            "utils/helpers.py": "OTHER = 1\n",
        },
    )
    result = cli("plan", str(root))
    out = one_line(result.stdout)
    assert result.returncode == 0
    assert "helpers.py:1: target-exists utils/helpers.py already exists" in out, out
    assert plan_organize(root).new_path("helpers.py") == "helpers.py"


def test_target_created_after_planning_is_refused_by_preflight(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ws",
        {
            "helpers.py": HELPERS,
            "user_service.py": "import helpers\n",
            "main.py": "import helpers\nprint(helpers.h())\n",
        },
    )
    plan = plan_organize(root)
    (root / "utils").mkdir()
    (root / "utils" / "helpers.py").write_text("# appeared after the plan\n")
    original = snapshot(root)
    with pytest.raises(PreflightError) as info:
        apply_plan(plan)
    message = one_line(str(info.value))
    assert message.startswith("nothing was changed") and "utils/helpers.py: already exists" in message, message
    assert_same(original, snapshot(root))
    assert_no_journal(root)


def test_file_changed_after_planning_is_refused_by_preflight(tmp_path: Path) -> None:
    root = write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    plan = plan_organize(root)
    (root / "main.py").write_text("import helpers\nprint(helpers.h(), 2)\n")
    original = snapshot(root)
    with pytest.raises(PreflightError, match=r"main\.py: changed since the plan was made"):
        apply_plan(plan)
    assert_same(original, snapshot(root))


def test_uncommitted_changes_are_refused_unless_allowed(tmp_path: Path) -> None:
    root = git_init(
        write_files(tmp_path / "ws", {"helpers.py": HELPERS, "main.py": "import helpers\nprint(helpers.h())\n"})
    )
    (root / "main.py").write_text("import helpers\nprint(helpers.h(), 'dirty')\n")
    original = snapshot(root)
    result = cli("apply", "--yes", str(root))
    err = one_line(result.stderr)
    assert result.returncode == 2 and "uncommitted changes" in err and "main.py" in err, err
    assert_same(original, snapshot(root))
    assert cli("apply", "--yes", "--allow-dirty", str(root)).returncode == 0
    assert run_main(root)[1] == "h dirty\n"
    undo_last(root)
    assert_same(original, snapshot(root))
    git(root, "status")


# -- the tool never runs project code --------------------------------------------------------------------


def test_project_code_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "RAN"
    side_effect = f"import pathlib\npathlib.Path({str(marker)!r}).write_text(__name__)\n"
    root = write_files(
        tmp_path / "ws",
        {
            "helpers.py": side_effect + HELPERS,
            "user_service.py": side_effect + "import helpers\n",
            "conftest.py": side_effect,
            "setup.py": side_effect,
            "sitecustomize.py": side_effect,
            "seed_data.py": side_effect + "if __name__ == '__main__':\n    print('seeding')\n",
            "main.py": side_effect + "import helpers\n",
            "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n",
        },
    )
    for args in (
        ["plan", str(root)],
        ["plan", "--json", str(root)],
        ["check", str(root)],
        ["apply", "--yes", str(root)],
        ["check", str(root)],
        ["undo", "--yes", str(root)],
    ):
        result = run_cli(*args, cwd=root)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert not marker.exists(), f"`backend-organizer {' '.join(args)}` ran project code ({marker.read_text()})"
