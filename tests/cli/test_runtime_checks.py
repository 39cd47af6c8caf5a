"""``apply --verify-imports`` and ``apply --run-tests``: only run-time regressions block, and nothing changes."""

from __future__ import annotations

from pathlib import Path

from helpers import cli, snapshot


def _project(tmp_path: Path) -> Path:
    work = tmp_path / "proj"
    work.mkdir()
    (work / "database.py").write_text("def get_db():\n    return 'db'\n")
    (work / "main.py").write_text("from database import get_db\n\nDB = get_db()\n")
    (work / "test_main.py").write_text(
        "import main\n\n\ndef test_db():\n    assert main.DB == 'db'\n\n\ndef test_broken_before():\n    assert False\n"
    )
    return work


def test_no_regressions_lets_apply_go_ahead(tmp_path: Path) -> None:
    work = _project(tmp_path)
    result = cli("apply", "--yes", "--verify-imports", "--run-tests", str(work), check=False)
    assert result.returncode == 0, result.stderr
    assert "modules imported before and after: no regressions" in result.stdout
    assert "tests run before and after: no regressions" in result.stdout
    assert "test_broken_before failed before the move too" in result.stderr
    assert (work / "database" / "database.py").exists()


def test_import_regression_refuses_and_changes_nothing(tmp_path: Path) -> None:
    work = _project(tmp_path)
    (work / "report.py").write_text(
        "import importlib\n\nDB = importlib.import_module('data' + 'base').get_db()  # computed: cannot be rewritten\n"
    )
    before = snapshot(work)
    result = cli("apply", "--yes", "--verify-imports", str(work), check=False)
    assert result.returncode == 1
    assert "regression (imports): report" in result.stderr and "get_db" in result.stderr
    assert snapshot(work) == before


def test_test_regression_refuses_and_changes_nothing(tmp_path: Path) -> None:
    work = _project(tmp_path)
    (work / "test_dynamic.py").write_text(
        "def test_dynamic():\n    assert __import__('data' + 'base').get_db() == 'db'\n"
    )
    before = snapshot(work)
    result = cli("apply", "--yes", "--run-tests", str(work), check=False)
    assert result.returncode == 1
    assert "regression (tests): tests.test_dynamic::test_dynamic" in result.stderr
    assert snapshot(work) == before


def test_custom_test_command_compares_exit_status(tmp_path: Path) -> None:
    work = _project(tmp_path)
    (work / "check.py").write_text("import sys\nimport database\nsys.exit(0 if database.get_db() == 'db' else 1)\n")
    # check.py is a script (it would go to scripts/); the test command runs it by this path, so it stays
    (work / "pyproject.toml").write_text('[tool.backend-organizer]\nkeep = ["check.py"]\n')
    result = cli("apply", "--yes", "--run-tests", "--test-command", "python3 check.py", str(work), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
