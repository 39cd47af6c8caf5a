"""Fixtures for the real-editor tests: tool discovery, the built .vsix, and running e2e driver scenarios.

The tools come from `bash .ci/install-editors.sh` (code-server and a current Neovim in the per-user cache
~/.cache/backend-organizer-editors, Debian's Chromium and Neovim). When they are
missing the tests skip, unless BO_REQUIRE_EDITOR_TESTS=1, which turns a missing tool into a failure.
Overrides: BO_CODE_SERVER, BO_CHROMIUM, BO_EDITORS_CACHE, BO_VSIX (use a prebuilt .vsix instead of building).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from editors_common import CACHE as EDITORS_CACHE

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "vscode-client"
ARTIFACTS = REPO / "test-artifacts"
CACHE = EDITORS_CACHE
CODE_SERVER = Path(os.environ.get("BO_CODE_SERVER", CACHE / "code-server" / "node_modules" / ".bin" / "code-server"))
CHROMIUM = Path(os.environ.get("BO_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_EDITORS = os.environ.get("BO_REQUIRE_EDITOR_TESTS") == "1"
SCENARIO_TIMEOUT_S = 600
#: The platform of the .vsix (`vsce package --target`): the bundled libcst is a native linux-x64 build.
VSIX_TARGET = "linux-x64"


def missing_tools() -> list[str]:
    missing = [name for name in ("node", "npm") if shutil.which(name) is None]
    if not os.access(CODE_SERVER, os.X_OK):
        missing.append(f"code-server ({CODE_SERVER})")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"chromium ({CHROMIUM})")
    return missing


@pytest.fixture(scope="session")
def editor_tools() -> None:
    """Skips (or, with BO_REQUIRE_EDITOR_TESTS=1, fails) when code-server, Chromium or Node are missing."""
    missing = missing_tools()
    if missing:
        reason = f"VS Code e2e tools not installed: {', '.join(missing)}; run `bash .ci/install-editors.sh`"
        if REQUIRE_EDITORS:
            pytest.fail(f"{reason} (BO_REQUIRE_EDITOR_TESTS=1)")
        pytest.skip(reason)


def _npm(*args: str) -> None:
    # BO_PYTHON: the Python (with pip) that `npm run package` bundles the server with (scripts/bundle_server.py)
    env = {**os.environ, "BO_PYTHON": os.environ.get("BO_PYTHON", sys.executable)}
    proc = subprocess.run(["npm", *args], cwd=CLIENT, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"npm {' '.join(args)} failed in {CLIENT}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


@pytest.fixture(scope="session")
def vsix(editor_tools: None) -> Path:
    """The extension package: $BO_VSIX, or built now from vscode-client/ (npm ci when node_modules is stale).

    `npm run package` bundles the server (vscode-client/bundled/libs, rebuilt only when the server's sources
    changed) and packages the platform .vsix for linux-x64."""
    if prebuilt := os.environ.get("BO_VSIX"):
        return Path(prebuilt).resolve()
    installed_lock = CLIENT / "node_modules" / ".package-lock.json"
    if not installed_lock.exists() or installed_lock.stat().st_mtime < (CLIENT / "package-lock.json").stat().st_mtime:
        _npm("ci", "--no-audit", "--no-fund")
    _npm("run", "package")
    version = json.loads((CLIENT / "package.json").read_text())["version"]
    path = CLIENT / f"backend-organizer-{VSIX_TARGET}-{version}.vsix"  # vsce's name for `--target`
    assert path.is_file(), f"npm run package did not produce {path}"
    return path


RunScenario = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def run_scenario(vsix: Path, tmp_path_factory: pytest.TempPathFactory) -> RunScenario:
    """Runs vscode-client/e2e/scenarios/<name>.mjs and returns its result JSON (fails the test if it broke)."""

    def run(name: str, *, env: dict[str, str] | None = None, **config: Any) -> dict[str, Any]:
        work = tmp_path_factory.mktemp(f"e2e-{name}")
        artifacts = ARTIFACTS / f"vscode-{name}"
        shutil.rmtree(artifacts, ignore_errors=True)
        config = {
            "vsix": str(vsix),
            "codeServer": str(CODE_SERVER),
            "chromium": str(CHROMIUM),
            "artifacts": str(artifacts),
            "result": str(work / "result.json"),
            "tmpDir": str(work),
            **{key: str(value) if isinstance(value, Path) else value for key, value in config.items()},
        }
        config_file = work / "config.json"
        config_file.write_text(json.dumps(config, indent=2))
        script = CLIENT / "e2e" / "scenarios" / f"{name}.mjs"
        proc = subprocess.run(
            ["node", str(script), str(config_file)],
            cwd=CLIENT,
            env=env if env is not None else dict(os.environ),
            capture_output=True,
            text=True,
            timeout=SCENARIO_TIMEOUT_S,
        )
        result_file = work / "result.json"
        result = json.loads(result_file.read_text()) if result_file.exists() else {}
        if proc.returncode != 0 or not result.get("ok"):
            pytest.fail(
                f"scenario {name} did not complete (exit {proc.returncode}); artifacts in {artifacts}\n"
                f"error: {result.get('error')}\nstdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}"
            )
        return result

    return run


@pytest.fixture(scope="session")
def clean_env() -> dict[str, str]:
    """os.environ without the variables that would let another Python find this repo's packages."""
    return {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }


@pytest.fixture(scope="session")
def python_without_server(tmp_path_factory: pytest.TempPathFactory, clean_env: dict[str, str]) -> Path:
    """A bare venv (no pip, no site-packages) whose Python cannot import backend_organizer."""
    venv = tmp_path_factory.mktemp("bare-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    probe = subprocess.run([str(python), "-c", "import backend_organizer"], env=clean_env, capture_output=True)
    assert probe.returncode != 0, (
        "the bare venv can import backend_organizer; the missing-server scenario needs one that cannot"
    )
    return python
