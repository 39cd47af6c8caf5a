"""The VS Code extension in a real VS Code: code-server 4.100.3 driven by headless Chromium (playwright-core).

Each test runs one driver scenario from vscode-client/e2e/scenarios/ against a fresh code-server with the built
.vsix installed, then asserts on what the scenario observed and on the files on disk. Screenshots and logs go
to test-artifacts/vscode-<scenario>/. Setup: `bash .ci/install-editors.sh` (see conftest.py for the skip rules).
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "vscode-client"
FLAT_BACKEND = REPO / "examples" / "flat_backend"
SPLIT_BACKEND = REPO / "examples" / "split_backend"
ARTIFACTS = REPO / "test-artifacts"
CATEGORY = "Backend Organizer"
#: The scenarios that use the interpreter's own server (this repo's .venv, where it is installed editable) say so;
#: the default, the server bundled in the .vsix, has its own scenario (`bundled`).
FROM_ENVIRONMENT = {"backendOrganizer.importStrategy": "fromEnvironment"}
SERVER_DEPENDENCIES = ("backend_organizer", "libcst", "pygls", "lsprotocol", "jedi", "rich")
# Not part of the organized tree: caches, and the organizer's own bookkeeping (may hold timestamps).
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".backend-organizer"}


def palette_titles() -> set[str]:
    """Titles the palette should list: every contributed command not hidden from the palette."""
    contributes = json.loads((CLIENT / "package.json").read_text())["contributes"]
    hidden = {m["command"] for m in contributes["menus"].get("commandPalette", []) if m.get("when") == "false"}
    return {f"{c['category']}: {c['title']}" for c in contributes["commands"] if c["command"] not in hidden}


# --- without a server -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def missing_server_run(
    run_scenario: Any, python_without_server: Path, clean_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], Path]:
    """One run of the missing-server scenario, shared by the tests that read it."""
    workspace = tmp_path_factory.mktemp("ws-missing-server")
    (workspace / "app.py").write_text('print("hello")\n')
    result = run_scenario(
        "missing-server", workspace=workspace, python=python_without_server, env=clean_env, settings=FROM_ENVIRONMENT
    )
    return result, python_without_server


def test_missing_server_shows_one_notification_with_install_command(
    missing_server_run: tuple[dict[str, Any], Path],
) -> None:
    result, python = missing_server_run
    install = f"{python} -m pip install backend-organizer"
    ours = [n for n in result["notifications"] if CATEGORY in n["source"]]
    assert len(ours) == 1, (
        f"expected one notification from the extension, got {json.dumps(result['notifications'], indent=2)}"
    )
    (notice,) = ours
    assert notice["message"] == (
        f"backend-organizer is not installed for the Python interpreter {python}. Install it with: {install}"
    )
    assert notice["buttons"] == ["Copy Install Command", "Open Setting"]
    assert notice["severity"] == "error"
    assert sum("pip install" in n["message"] for n in result["notifications"]) == 1
    assert not any("Traceback" in n["message"] for n in result["notifications"])
    assert result["status"] == f"{CATEGORY}: server not installed"


def test_palette_lists_all_extension_commands(missing_server_run: tuple[dict[str, Any], Path]) -> None:
    result, _ = missing_server_run
    listed = {title for title in result["paletteCommands"] if title.startswith(f"{CATEGORY}:")}
    assert listed == palette_titles()
    assert f"{CATEGORY}: Organize backend structure" in listed


# --- with the server ----------------------------------------------------------------------------------------------


def copy_example(dest: Path, example: Path = FLAT_BACKEND) -> Path:
    assert example.is_dir(), f"{example} is missing"
    shutil.copytree(example, dest, ignore=shutil.ignore_patterns(*IGNORED_PARTS, "*.pyc"))
    return dest


def backend_organizer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend_organizer", *args], capture_output=True, text=True, timeout=300
    )


def run_tests(root: Path) -> None:
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert tests.returncode == 0, f"the organized project's tests fail:\n{tests.stdout[-4000:]}\n{tests.stderr[-2000:]}"


def organize_with_cli(folder: Path) -> None:
    proc = backend_organizer("apply", "--yes", str(folder))
    assert proc.returncode == 0, f"backend_organizer apply failed:\n{proc.stdout}\n{proc.stderr}"


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not IGNORED_PARTS.intersection(path.relative_to(root).parts) and path.suffix != ".pyc"
    }


def assert_same_tree(actual: Path, expected: Path) -> None:
    got, want = tree(actual), tree(expected)
    assert sorted(got) == sorted(want), "file lists differ (editor vs CLI)"
    for name in want:
        if got[name] != want[name]:
            diff = difflib.unified_diff(
                want[name].decode(errors="replace").splitlines(),
                got[name].decode(errors="replace").splitlines(),
                f"cli/{name}",
                f"editor/{name}",
                lineterm="",
            )
            pytest.fail(f"{name} differs between the editor and the CLI:\n" + "\n".join(diff))


def test_organize_from_palette_matches_cli(run_scenario: Any, tmp_path: Path) -> None:
    in_editor = copy_example(tmp_path / "editor" / "flat_backend")
    by_cli = copy_example(tmp_path / "cli" / "flat_backend")
    organize_with_cli(by_cli)

    result = run_scenario("organize", workspace=in_editor, python=sys.executable, settings=FROM_ENVIRONMENT)

    assert result["resultNotification"]["message"].startswith("Backend organized:"), result["resultNotification"]
    problems = [n for n in result["notifications"] if n["severity"] != "info"]
    assert not problems, f"warnings or errors shown while organizing: {json.dumps(problems, indent=2)}"
    assert_same_tree(in_editor, by_cli)
    run_tests(in_editor)
    assert (ARTIFACTS / "vscode-organize" / "organize-explorer.png").is_file()
    report_organize_timings(result, ARTIFACTS / "vscode-organize")


#: The server's log line for one organize (see lsp/organize.py ``Stopwatch``).
TIMING_LINE = re.compile(
    r"Organize backend structure: (?P<moves>\d+) moves, (?P<edits>\d+) edits: planned (?P<planned>[\d.]+) s, "
    r"edit built (?P<built>[\d.]+) s, applied by the editor (?P<applied>[\d.]+) s; (?P<total>[\d.]+) s from the "
    r"command to the last rename applied"
)


def report_organize_timings(result: dict[str, Any], artifacts: Path) -> None:
    """Organize end to end in VS Code, from the command to the last rename applied: the server's own account
    (from the extension's log) next to the driver's (palette command to the result notification, which includes
    clicking through the Refactor Preview), written to organize-timings.json and printed."""
    log = (artifacts / "Backend-Organizer.log").read_text()
    found = TIMING_LINE.search(log)
    assert found, f"no organize timing line in the extension's log:\n{log[-3000:]}"
    server = {key: float(value) for key, value in found.groupdict().items()}
    laps = result["timings"]
    driver = laps["organize finished"] - laps["language server ready"]
    preview = laps.get("refactor preview applied", 0.0) - laps.get("refactor preview shown", 0.0)
    timings = {"server_s": server, "driver_command_to_result_s": driver, "driver_in_refactor_preview_s": preview}
    (artifacts / "organize-timings.json").write_text(json.dumps(timings, indent=2))
    print(
        f"VS Code organize of examples/flat_backend: {server['moves']:.0f} moves, {server['edits']:.0f} edits; "
        f"planned {server['planned']:.3f} s, edit built {server['built']:.3f} s, applied by VS Code "
        f"{server['applied']:.3f} s (of it {preview:.1f} s in the Refactor Preview, clicked by the driver); "
        f"{server['total']:.3f} s from the command to the last rename applied"
    )


# --- the server bundled in the .vsix ----------------------------------------------------------------------------


def importable(python: Path, module: str, env: dict[str, str]) -> bool:
    return subprocess.run([str(python), "-c", f"import {module}"], env=env, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def python_without_dependencies(tmp_path_factory: pytest.TempPathFactory, clean_env: dict[str, str]) -> Path:
    """A fresh venv as `python3 -m venv` makes it (pip, nothing installed): none of the server's dependencies."""
    venv = tmp_path_factory.mktemp("clean-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=clean_env)
    python = venv / "bin" / "python"
    found = [module for module in SERVER_DEPENDENCIES if importable(python, module, clean_env)]
    assert not found, f"the fresh venv can import {found}"
    return python


def test_bundled_server_organizes_with_a_python_that_has_none_of_its_dependencies(
    run_scenario: Any, python_without_dependencies: Path, clean_env: dict[str, str], tmp_path: Path
) -> None:
    """Only the .vsix is installed; importStrategy stays at its default (useBundled)."""
    in_editor = copy_example(tmp_path / "editor" / "flat_backend")
    by_cli = copy_example(tmp_path / "cli" / "flat_backend")
    organize_with_cli(by_cli)

    result = run_scenario("bundled", workspace=in_editor, python=python_without_dependencies, env=clean_env)

    assert result["status"] == f"{CATEGORY}: ready", json.dumps(result["notifications"], indent=2)
    log = (ARTIFACTS / "vscode-bundled" / "Backend-Organizer.log").read_text()
    assert f"Language server started (bundled): {python_without_dependencies} " in log, log[-3000:]
    assert "bundled/tool/lsp_server.py" in log
    assert result["resultNotification"]["message"].startswith("Backend organized:"), result["resultNotification"]
    problems = [n for n in result["notifications"] if n["severity"] != "info"]
    assert not problems, f"warnings or errors shown while organizing: {json.dumps(problems, indent=2)}"
    assert_same_tree(in_editor, by_cli)
    run_tests(in_editor)  # with this repo's .venv, which has pytest
    installed = [module for module in SERVER_DEPENDENCIES if importable(python_without_dependencies, module, clean_env)]
    assert not installed, f"the extension installed {installed} into the interpreter"


def test_explorer_context_menu_organizes_a_subfolder_then_restart(run_scenario: Any, tmp_path: Path) -> None:
    """split_backend: the backend is `backend/` beside a top-level `tests/`; organize it from the Explorer."""
    in_editor = copy_example(tmp_path / "editor" / "split_backend", SPLIT_BACKEND)
    by_cli = copy_example(tmp_path / "cli" / "split_backend", SPLIT_BACKEND)
    organize_with_cli(by_cli / "backend")

    result = run_scenario(
        "explorer",
        workspace=in_editor,
        python=sys.executable,
        settings=FROM_ENVIRONMENT,
        organizeFolder="backend",
        restart=True,
    )

    assert result["contextMenu"] == ["Organize backend structure here", "Show backend organization plan"]
    assert result["organize"]["resultNotification"]["message"].startswith("Backend organized:")
    assert_same_tree(in_editor, by_cli)
    run_tests(in_editor)
    assert result["restarted"].endswith("server restarted")


def test_renaming_a_module_in_the_explorer_updates_its_importers(run_scenario: Any, tmp_path: Path) -> None:
    """F2 on helpers.py in the Explorer: VS Code asks the server (willRenameFiles) for the import updates."""
    workspace = copy_example(tmp_path / "editor" / "flat_backend")
    importers = [p.name for p in sorted(workspace.glob("*.py")) if "from helpers import" in p.read_text()]
    assert len(importers) >= 3

    result = run_scenario(
        "explorer",
        workspace=workspace,
        python=sys.executable,
        settings=FROM_ENVIRONMENT,
        rename={"from": "helpers.py", "to": "text_helpers.py"},
    )

    dialog = result["renamed"]["dialog"]
    assert dialog and "wants to make refactoring changes" in dialog["message"], dialog
    # the README's file list is a docs edit: VS Code leaves it unticked in the preview until the user agrees
    assert result["renamed"]["previewTicked"] == ["README.md"]
    assert not (workspace / "helpers.py").exists() and (workspace / "text_helpers.py").is_file()
    for name in importers:
        text = (workspace / name).read_text()
        assert "from text_helpers import" in text and "from helpers import" not in text, name
    assert '__import__("text_helpers")' in (workspace / "test_session_service.py").read_text()
    # the notebook's import changed too, and was saved although no editor shows its JSON text
    assert "from text_helpers import slugify" in (workspace / "explore.ipynb").read_text()
    check = backend_organizer("check", str(workspace))
    assert check.returncode == 0, check.stdout + check.stderr
    run_tests(workspace)


def test_show_plan_as_markdown_opens_a_document_and_changes_nothing(run_scenario: Any, tmp_path: Path) -> None:
    workspace = copy_example(tmp_path / "editor" / "flat_backend")
    before = tree(workspace)

    result = run_scenario("plan", workspace=workspace, python=sys.executable, settings=FROM_ENVIRONMENT)

    assert "backend plan.md" in result["tab"]
    text = "\n".join(result["lines"])
    assert text.startswith("# Backend organization plan"), text[:500]
    assert re.search(r"^- \d+ moves, \d+ new files, \d+ edits in \d+ files$", text, re.M), text[:500]
    assert "## Moves (" in text and "| From | To | Reason |" in text, text[:1500]
    assert tree(workspace) == before, "showing the plan changed files on disk"


def test_plan_edit_view_writes_pyproject_and_apply_organizes_as_edited(run_scenario: Any, tmp_path: Path) -> None:
    workspace = copy_example(tmp_path / "editor" / "flat_backend")
    moves = {
        "move": {"file": "helpers.py", "package": "services"},
        "newPackage": {"file": "rate_limiting.py", "package": "limits"},
    }

    result = run_scenario(
        "plan-edit",
        workspace=workspace,
        python=sys.executable,
        settings=FROM_ENVIRONMENT,
        keep="auth.py",
        exclude="seed_data.py",
        **moves,
    )

    before = [row["aria"] for row in result["rowsBefore"]]
    assert any(label.startswith("helpers.py → utils/helpers.py\n") for label in before), before
    assert result["menu"] == ["Move to package…", "Keep in place", "Exclude"]
    assert result["unsavedAfterEdits"] == 0, "pyproject.toml was left unsaved"
    assert result["excludedText"].endswith('keep = ["auth.py"]\nexclude = ["seed_data.py"]\n'), result["excludedText"]
    assert result["excludedMenu"] == ["Reset to the organizer's choice"]
    assert result["pyproject"] == (
        "[tool.backend-organizer]\n"
        'rules = { "rate_limiting.py" = "limits", "helpers.py" = "services" }\n'
        'categories = { limits = "limits (added in the plan view)" }\n'
        'keep = ["auth.py"]\n'
    )
    edited = [row["aria"] for row in result["rowsEdited"]]
    assert any(label.startswith("auth.py stays\nkept in place by") for label in edited), edited
    assert result["tooltip"] and "rule 'helpers.py' → services" in result["tooltip"], result["tooltip"]
    assert (ARTIFACTS / "vscode-plan-edit" / "plan-view.png").stat().st_size > 10_000

    assert result["resultNotification"]["message"].startswith("Backend organized:"), result["resultNotification"]
    assert not any(" → " in row["aria"] for row in result["rowsAfter"]), result["rowsAfter"]
    for path in ("services/helpers.py", "limits/rate_limiting.py", "limits/__init__.py", "auth.py", "main.py"):
        assert (workspace / path).is_file(), path
    assert not (workspace / "helpers.py").exists() and not (workspace / "auth" / "auth.py").exists()
    # the CLI with the same pyproject.toml makes the same tree: the plan was edited for both
    by_cli = copy_example(tmp_path / "cli" / "flat_backend")
    (by_cli / "pyproject.toml").write_text(result["pyproject"])
    organize_with_cli(by_cli)
    assert_same_tree(workspace, by_cli)
    run_tests(workspace)


SINGLE_LINE_IMPORT = re.compile(
    r"^\s*(?:from\s+([\w.]+)\s+import\s+[^()\\]+|import\s+([\w.]+)(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*$"
)


def imported_module(line: str) -> tuple[str, int, int] | None:
    """(module, start, end) of a single-line absolute import statement, else None."""
    match = SINGLE_LINE_IMPORT.match(line)
    if not match:
        return None
    group = 1 if match.group(1) else 2
    return match.group(group), match.start(group), match.end(group)


def resolves(root: Path, module: str) -> bool:
    base = root.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def find_stale_candidate(before: Path, after: Path) -> tuple[str, int, str, str]:
    """A file left in place where the organizer rewrote a single-line import of a module that no longer exists
    under its old name: (path, 1-based line, old line, new line). Putting the old line back makes a stale import."""
    old_tree, new_tree = tree(before), tree(after)
    for name in sorted(set(old_tree) & set(new_tree)):
        if not name.endswith(".py"):
            continue
        old = old_tree[name].decode().splitlines()
        new = new_tree[name].decode().splitlines()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag != "replace" or i2 - i1 != j2 - j1:
                continue
            for offset in range(i2 - i1):
                old_line, new_line = old[i1 + offset], new[j1 + offset]
                old_import = imported_module(old_line)
                if (
                    old_line != new_line
                    and old_import
                    and imported_module(new_line)
                    and not resolves(after, old_import[0])
                ):
                    return name, j1 + offset + 1, old_line, new_line
    pytest.fail("organizing examples/flat_backend rewrote no import of a vanished module in a file that stays in place")


def test_stale_import_quick_fix(run_scenario: Any, tmp_path: Path) -> None:
    pristine = copy_example(tmp_path / "pristine" / "flat_backend")
    workspace = copy_example(tmp_path / "editor" / "flat_backend")
    organize_with_cli(workspace)
    name, line, old_line, new_line = find_stale_candidate(pristine, workspace)
    organized = (workspace / name).read_bytes()
    lines = organized.decode().splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(new_line, old_line)
    (workspace / name).write_text("".join(lines))
    found = imported_module(old_line)
    assert found
    _, start, end = found
    column = (start + end) // 2 + 1  # 1-based, inside the stale module name

    result = run_scenario(
        "quick-fix",
        workspace=workspace,
        python=sys.executable,
        settings=FROM_ENVIRONMENT,
        file=name,
        line=line,
        column=column,
    )

    assert result["picked"] is not None, f"no quick fix starting with 'Update import to'; offered: {result['offered']}"
    assert result["picked"].startswith("Update import to")
    assert (workspace / name).read_bytes() == organized, f"{name} after the quick fix differs from what the CLI wrote"
