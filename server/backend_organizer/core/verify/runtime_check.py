"""Opt-in runtime verification in scratch copies: import every module, or run the test suite, before and after.

Importing and testing run project code, so this only happens when the user asks (``--verify-imports``,
``--run-tests``). Both run in subprocesses with the project's interpreter, on two copies of the workspace
(the original, and the plan applied), and only regressions count: a module that imported before and fails
after, a test that passed before and fails after even when run again (so flaky tests do not block).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..model import Plan
from ..scan.layout import parent_dir
from ..scan.project import Project

_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".backend-organizer",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".tox",
    ".nox",
    ".cache",
)


@dataclass
class RuntimeVerdict:
    """What a runtime check found: how much it checked, and what regressed (with the error)."""

    kind: Literal["imports", "tests"]
    checked: int = 0
    regressions: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.regressions


def project_interpreter(project: Project) -> str:
    """The project's Python: ``[tool.backend-organizer] python``, its virtualenv, else this interpreter."""
    if project.config.python:
        configured = Path(project.config.python)
        return str(configured if configured.is_absolute() else project.root / configured)
    for venv in (".venv", "venv", "env"):
        candidate = project.root / venv / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return sys.executable


def materialize(plan: Plan, target: Path) -> None:
    """Write the plan's result into ``target``, a copy of the workspace (no journal: it is a scratch copy)."""
    for change in plan.changes:
        (target / change.path).write_bytes(change.new_bytes)
    for created in plan.created:
        path = target / created.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(created.content, encoding="utf-8")
    for move in plan.moves:
        destination = target / move.dst
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.rename(target / move.src, destination)


@contextmanager
def scratch_copies(plan: Plan) -> Iterator[tuple[Path, Path]]:
    """Two copies of the workspace, ``before`` and ``after`` the plan; removed afterwards."""
    root = Path(plan.root)
    with tempfile.TemporaryDirectory(prefix="backend-organizer-") as tmp:
        before = Path(tmp) / "before" / root.name
        after = Path(tmp) / "after" / root.name
        shutil.copytree(root, before, ignore=_COPY_IGNORE, symlinks=True)
        shutil.copytree(root, after, ignore=_COPY_IGNORE, symlinks=True)
        materialize(plan, after)
        yield before, after


def _module_names(plan: Plan, project: Project) -> dict[str, tuple[str, str]]:
    """Every module of the backend: ``{old dotted: (new dotted, import root)}``."""
    moved = {m.src: m.dst for m in plan.moves}
    backend = project.backend
    root = backend if project.as_import_root else project.layout.top_package_parent(backend)
    names: dict[str, tuple[str, str]] = {}
    for path in sorted(project.indexes):
        if not (path == backend or path.startswith(f"{backend}/") if backend else True):
            continue
        old = project.layout.dotted_under(path, root)
        new_path = moved.get(path, path)
        prefix = f"{root}/" if root else ""
        if old is None or not new_path.startswith(prefix):
            continue
        new = new_path[len(prefix) :].removesuffix("/__init__.py").removesuffix(".py").replace("/", ".")
        names[old] = (new, root)
    return names


def _import(interpreter: str, cwd: Path, module: str, timeout: float) -> str | None:
    """None when ``module`` imports cleanly in a fresh interpreter, else the error's last line."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(cwd)}
    try:
        result = subprocess.run(
            [interpreter, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g}s"
    if result.returncode == 0:
        return None
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {result.returncode}"


def verify_imports(plan: Plan, project: Project, timeout: float = 30.0, jobs: int = 2) -> RuntimeVerdict:
    """Import every backend module before and after the plan; modules that stop importing are regressions."""
    interpreter = project_interpreter(project)
    names = _module_names(plan, project)
    verdict = RuntimeVerdict("imports", checked=len(names))
    root = next(iter(names.values()))[1] if names else ""
    old_names = list(names)
    new_names = [names[m][0] for m in old_names]
    with scratch_copies(plan) as (before, after), ThreadPoolExecutor(max_workers=jobs) as pool:
        old_errors = list(pool.map(lambda m: _import(interpreter, before / root, m, timeout), old_names))
        new_errors = list(pool.map(lambda m: _import(interpreter, after / root, m, timeout), new_names))
    old_results = dict(zip(old_names, old_errors, strict=True))
    new_results = dict(zip(new_names, new_errors, strict=True))
    for old, (new, _) in names.items():
        if old_results[old] is None and new_results[new] is not None:
            verdict.regressions.append((new, new_results[new] or ""))
        elif old_results[old] is not None:
            verdict.notes.append(f"{old} did not import before either ({old_results[old]})")
    return verdict


def _junit_outcomes(path: Path) -> dict[str, bool]:
    outcomes: dict[str, bool] = {}
    if not path.exists():
        return outcomes
    for case in ET.parse(path).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        failed = any(child.tag in {"failure", "error"} for child in case)
        skipped = any(child.tag == "skipped" for child in case)
        if not skipped:
            outcomes[f"{classname}::{name}"] = not failed
    return outcomes


def _run_suite(command: list[str], cwd: Path, report: Path, timeout: float) -> tuple[int, dict[str, bool]]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    full = [*command, f"--junitxml={report}", "-p", "no:cacheprovider"] if _is_pytest(command) else command
    try:
        result = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        code = result.returncode
    except subprocess.TimeoutExpired:
        code = -1
    return code, _junit_outcomes(report)


def _is_pytest(command: list[str]) -> bool:
    return any(part.endswith("pytest") or part == "pytest" for part in command)


def _test_key(test_id: str, moved_modules: dict[str, str]) -> str:
    """Map a junit ``classname::name`` from before the move to its name after it."""
    classname, _, name = test_id.partition("::")
    for old, new in sorted(moved_modules.items(), key=lambda item: -len(item[0])):
        if classname == old or classname.startswith(old + "."):
            return f"{new}{classname[len(old) :]}::{name}"
    return test_id


def run_tests(plan: Plan, project: Project, command: str | None = None, timeout: float = 900.0) -> RuntimeVerdict:
    """Run the test suite on both copies; tests that passed before and fail after (twice) are regressions."""
    interpreter = project_interpreter(project)
    argv = shlex.split(command) if command else [interpreter, "-m", "pytest", "-q"]
    verdict = RuntimeVerdict("tests")
    backend = project.backend
    cwd_rel = backend if project.as_import_root else parent_dir(backend) if backend else ""
    moved_modules = {
        old.replace("/", ".").removesuffix(".py"): new.replace("/", ".").removesuffix(".py")
        for old, new in (
            (
                m.src.removeprefix(f"{cwd_rel}/") if cwd_rel else m.src,
                m.dst.removeprefix(f"{cwd_rel}/") if cwd_rel else m.dst,
            )
            for m in plan.moves
        )
    }
    with scratch_copies(plan) as (before, after):
        code_before, outcomes_before = _run_suite(argv, before / cwd_rel, before.parent / "before.xml", timeout)
        code_after, outcomes_after = _run_suite(argv, after / cwd_rel, after.parent / "after.xml", timeout)
        if not _is_pytest(argv) or not outcomes_before:
            verdict.checked = 1
            if code_before == 0 and code_after != 0:
                verdict.regressions.append((" ".join(argv), f"exit status {code_before} before, {code_after} after"))
            return verdict
        verdict.checked = len(outcomes_before)
        suspects = []
        for test_id, passed in outcomes_before.items():
            key = _test_key(test_id, moved_modules)
            if not passed:
                verdict.notes.append(f"{test_id} failed before the move too; not counted")
            elif not outcomes_after.get(key, False):
                suspects.append(key)
        if suspects:
            _, rerun = _run_suite(argv, after / cwd_rel, after.parent / "rerun.xml", timeout)
            for key in suspects:
                if rerun.get(key, False):
                    verdict.notes.append(f"{key} failed once after the move and passed on a second run (flaky)")
                else:
                    verdict.regressions.append((key, "passed before the move, fails after it"))
    return verdict
