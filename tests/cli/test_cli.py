"""The CLI contract: output formats, exit statuses, refusals that change nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import cli, copy_example, git_init, snapshot

REPO = Path(__file__).resolve().parents[2]


def test_plan_json_schema(tmp_path: Path) -> None:
    work = copy_example("deploy_backend", tmp_path)
    data = json.loads(cli("plan", "--json", str(work)).stdout)
    assert set(data) >= {"moves", "created", "edits", "warnings"}
    for move in data["moves"]:
        assert set(move) == {"from", "to", "reason"} and "\\" not in move["to"] and not move["to"].startswith("/")
    assert all((isinstance(p, str) and p.endswith("__init__.py")) or p.endswith("README.md") for p in data["created"])
    assert all(set(e) >= {"path", "count"} and e["count"] > 0 for e in data["edits"])
    for warning in data["warnings"]:
        assert set(warning) >= {"path", "line", "code", "message"} and isinstance(warning["line"], int)
    codes = {w["code"] for w in data["warnings"]}
    assert "dockerfile-copies-only-py" in codes
    assert data["verification"]["ok"] is True


def test_plan_diff_is_a_git_style_diff_with_renames(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    diff = cli("plan", "--diff", str(work)).stdout
    assert (
        "diff --git a/database.py b/database/database.py\nrename from database.py\nrename to database/database.py"
        in diff
    )
    assert "-import database\n+from database import database\n" in diff
    assert "--- /dev/null\n+++ b/agents/__init__.py" in diff


def test_plan_human_output_has_the_summary(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    out = cli("plan", str(work)).stdout
    assert "Moves" in out and "agents/agent.py" in out and "Summary" in out
    assert "files moved: 20" in out and "every one of" in out


def test_apply_refuses_uncommitted_changes_unless_allowed(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    (work / "models.py").write_text((work / "models.py").read_text() + "\n# wip\n")
    before = snapshot(work)
    result = cli("apply", "--yes", str(work), check=False)
    assert result.returncode != 0
    assert "uncommitted changes" in result.stderr and "models.py" in result.stderr
    assert snapshot(work) == before
    cli("apply", "--yes", "--allow-dirty", str(work))
    assert (work / "models" / "models.py").read_text().endswith("# wip\n")


def test_apply_does_not_prompt_without_a_terminal(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    result = cli("apply", str(work), stdin="n\n")
    assert "Applied" in result.stdout and (work / "agents" / "agent.py").exists()


def test_unparsable_files_are_refused_then_skipped_on_request(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    (work / "legacy_report.py").write_text("print 'python 2'\n")
    (work / "merge_helpers.py").write_text("<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> branch\n")
    before = snapshot(work)
    result = cli("plan", str(work), check=False)
    assert result.returncode == 2
    assert "legacy_report.py:1" in result.stderr and "merge_helpers.py:1" in result.stderr
    assert "--skip-unparsable" in result.stderr
    assert cli("apply", "--yes", str(work), check=False).returncode == 2
    assert snapshot(work) == before
    data = json.loads(cli("plan", "--json", "--skip-unparsable", str(work)).stdout)
    assert {w["path"] for w in data["warnings"] if w["code"] == "not-parsed"} == {
        "legacy_report.py",
        "merge_helpers.py",
    }
    assert not any(m["from"] in {"legacy_report.py", "merge_helpers.py"} for m in data["moves"])


def test_check_reports_stale_imports_with_exit_status(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    assert cli("check", str(work)).returncode == 0
    (work / "report.py").write_text("import json\nfrom database import get_db\n")
    result = cli("check", str(work), check=False)
    assert result.returncode == 1
    assert result.stdout.startswith("report.py:2:1: stale-import ")
    assert "database.database" in result.stdout and "from database.database import get_db" in result.stdout


def test_check_looks_into_notebook_cells(tmp_path: Path) -> None:
    """A notebook from before the reorganization: each stale import is reported at its line in the .ipynb."""
    work = copy_example("flat_backend", tmp_path)
    cli("apply", "--yes", str(work))
    original = (REPO / "examples" / "flat_backend" / "explore.ipynb").read_text()
    (work / "explore.ipynb").write_text(original)
    result = cli("check", str(work), check=False)
    assert result.returncode == 1
    lines = original.splitlines()
    row = next(i for i, line in enumerate(lines, 1) if '"import vector_store as vs' in line)
    column = lines[row - 1].index("import") + 1
    assert f"explore.ipynb:{row}:{column}: stale-import cell 2, line 3: " in result.stdout
    assert "(use `from data import vector_store as vs`)" in result.stdout
    assert result.stdout.count("stale-import") == 3  # vector_store, embeddings, helpers (importlib is a string)


def test_undo_refuses_after_changes_and_names_the_file(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    nothing = cli("undo", "--yes", str(work), check=False)
    assert nothing.returncode != 0 and "nothing to undo" in nothing.stderr
    cli("apply", "--yes", str(work))
    moved = work / "services" / "chat_service.py"
    moved.write_text(moved.read_text() + "# edited after apply\n")
    refused = cli("undo", "--yes", str(work), check=False)
    assert refused.returncode != 0 and "services/chat_service.py" in refused.stderr
    assert (work / "services" / "chat_service.py").exists()


def test_errors_go_to_stderr_with_non_zero_status(tmp_path: Path) -> None:
    result = cli("plan", str(tmp_path / "missing"), check=False)
    assert result.returncode == 2 and "not a folder" in result.stderr and result.stdout == ""
    work = copy_example("flat_backend", tmp_path)
    (work / "pyproject.toml").write_text("[tool.backend-organizer]\nrule = {}\n")
    result = cli("plan", str(work), check=False)
    assert result.returncode == 2 and "unknown key 'rule'" in result.stderr


def test_interrupted_apply_is_rolled_back_by_the_next_command(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    before = snapshot(work)
    crashed = cli("apply", "--yes", str(work), check=False, env={"BACKEND_ORGANIZER_CRASH_AFTER": "25"})
    assert crashed.returncode == 99
    assert snapshot(work) != before
    result = cli("plan", "--json", str(work))
    assert "Recovered from an interrupted apply" in result.stderr
    assert snapshot(work) == before


def test_version_and_help() -> None:
    assert cli("--version").stdout.startswith("backend-organizer ")
    script = Path(sys.executable).parent / "backend-organizer"  # the console script of the installed distribution
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "plan" in result.stdout and "lsp" in result.stdout


# -- output that scripts and CI read ----------------------------------------------------------------------


def test_errors_and_warnings_are_never_wrapped(tmp_path: Path) -> None:
    """Not a terminal (80 columns by default): messages, warnings and path:line lines stay whole."""
    deep = tmp_path / ("a-long-folder-name-" * 4) / "missing"
    result = cli("plan", str(deep), check=False, env={"COLUMNS": "80"})
    assert result.returncode == 2
    assert f"{deep}: not a folder" in result.stderr.splitlines()[0]
    work = copy_example("deploy_backend", tmp_path)
    out = cli("plan", str(work), env={"COLUMNS": "80"}).stdout
    warnings = json.loads(cli("plan", "--json", str(work)).stdout)["warnings"]
    assert warnings
    for warning in warnings:
        line = f"{warning['path']}:{warning['line']}: {warning['code']} {warning['message']}"
        assert any(row.strip() == line for row in out.splitlines()), f"wrapped or missing: {line}"


def test_moves_stay_readable_at_80_columns(tmp_path: Path) -> None:
    work = copy_example("deploy_backend", tmp_path)
    plan = json.loads(cli("plan", "--json", str(work)).stdout)
    out = cli("plan", str(work), env={"COLUMNS": "80"}).stdout.splitlines()
    assert all(len(row) <= 80 for row in out if "│" in row or "┃" in row)
    for move in plan["moves"]:
        # either one table row holds the whole move (its reason may wrap inside the Why column of at least
        # 36 characters), or the move is a line of its own with its reason whole on the next line
        as_list = f"  {move['from']} → {move['to']}" in out
        as_row = any(move["from"] in row and move["to"] in row for row in out)
        assert as_list or as_row, move
        if as_list:
            assert f"      {move['reason']}" in out


def test_plan_diff_applies_with_git_apply(tmp_path: Path) -> None:
    work = copy_example("flat_backend", tmp_path)
    git_init(work)
    diff = tmp_path / "plan.diff"
    diff.write_text(cli("plan", "--diff", str(work)).stdout)
    assert "new file mode 100644\n--- /dev/null\n+++ b/agents/__init__.py" in diff.read_text()
    checked = subprocess.run(["git", "apply", "--check", str(diff)], cwd=work, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_apply_stages_the_whole_change_or_nothing_with_no_stage(tmp_path: Path) -> None:
    def status(root: Path) -> list[str]:
        return subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True, text=True
        ).stdout.splitlines()

    work = copy_example("flat_backend", tmp_path, "staged")
    git_init(work)
    cli("apply", "--yes", str(work))
    lines = status(work)
    assert "A  agents/__init__.py" in lines and "R  agent.py -> agents/agent.py" in lines
    assert "M  main.py" in lines  # edited and staged
    assert not [line for line in lines if line[1] != " "], lines  # nothing unstaged, nothing untracked
    committed = subprocess.run(["git", "commit", "-qm", "organize"], cwd=work, capture_output=True)
    assert committed.returncode == 0 and status(work) == []

    plain = copy_example("flat_backend", tmp_path, "unstaged")
    git_init(plain)
    before = subprocess.run(["git", "ls-files", "-s"], cwd=plain, capture_output=True, text=True).stdout
    result = cli("apply", "--yes", "--no-stage", str(plain))
    assert "Nothing was staged" in result.stdout and "git add -A --" in result.stdout
    assert subprocess.run(["git", "ls-files", "-s"], cwd=plain, capture_output=True, text=True).stdout == before


def test_a_folder_without_python_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# docs\n")
    for command in ("plan", "apply", "check"):
        result = cli(command, str(tmp_path / "docs"), "--root", str(tmp_path), check=False)
        assert result.returncode == 2, (command, result.stdout)
        assert "no Python files in this folder" in result.stderr and "Already organized" not in result.stdout


def test_newer_syntax_than_the_running_python_is_explained(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.14"\n')
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "main.py").write_text("import errors\n")
    (tmp_path / "backend" / "errors.py").write_text("try:\n    pass\nexcept ValueError, TypeError:\n    pass\n")
    result = cli("plan", str(tmp_path / "backend"), check=False)
    assert result.returncode == 2
    if sys.version_info < (3, 14):
        running = f"{sys.version_info[0]}.{sys.version_info[1]}"
        assert "backend/errors.py:3:" in result.stderr
        assert "the project targets Python 3.14" in result.stderr and f"runs on Python {running}" in result.stderr
        assert "run backend-organizer with python3.14" in result.stderr


def test_recovery_is_asked_cheaply_and_answers_right(tmp_path: Path) -> None:
    """Every command first asks whether an apply was interrupted; after a finished apply the answer is no
    (without the transaction code), a journal still applying or cut off before its journal.json says yes."""
    from backend_organizer.core.apply.home import journal_home, needs_recovery

    for git in (False, True):
        work = copy_example("flat_backend", tmp_path / str(git))
        if git:
            git_init(work)
        assert not needs_recovery(work)
        cli("apply", "--yes", str(work))
        home = journal_home(work)
        (journal,) = [p for p in home.iterdir() if p.is_dir()]
        assert not needs_recovery(work)
        text = (journal / "journal.json").read_text()
        (journal / "journal.json").write_text(text.replace('"state": "applied"', '"state": "applying"'))
        assert needs_recovery(work)
        (journal / "journal.json").write_text("{not json")
        assert needs_recovery(work)
        (journal / "journal.json").write_text(text)
        (home / "99").mkdir()  # a journal folder whose journal.json was never written
        assert needs_recovery(work)
        (home / "99").rmdir()
        assert not needs_recovery(work)
        result = cli("plan", "--json", str(work))
        assert "Recovered" not in result.stderr


def test_the_console_entry_keeps_output_exit_functions_and_status(tmp_path: Path) -> None:
    """``run`` (the console script) freezes the heap before exiting; nothing a user can see changes."""
    work = copy_example("flat_backend", tmp_path)
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit functions ran'))\n"
        "from backend_organizer.cli.main import run\n"
        f"sys.argv = ['backend-organizer', 'plan', '--check', {str(work)!r}]\n"
        "run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1  # plan --check: not organized
    assert result.stdout.rstrip().endswith("exit functions ran")
    assert "would move" in result.stdout
