"""Shared test helpers: copying example backends, snapshotting trees, running the CLI and a project's tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GENERATED = {
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".backend-organizer",
}
GENERATED_SUFFIXES = (".pyc", ".db", ".sqlite3")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*GENERATED, "*.pyc", "*.db", "*.sqlite3"), symlinks=True)
    return dst


def copy_example(name: str, tmp_path: Path, where: str = "") -> Path:
    """A copy of ``examples/<name>`` at ``tmp_path/<where>/<name>`` (same folder name for every copy)."""
    return copy_tree(EXAMPLES / name, tmp_path / where / name if where else tmp_path / name)


def snapshot(root: Path, include_git: bool = False) -> dict[str, bytes]:
    """Every file under ``root`` (bytes), skipping generated caches; folders are recorded as ``path/``."""
    result: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in GENERATED and (include_git or d != ".git"))
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        if rel_dir != ".":
            result[rel_dir + "/"] = b""
        for name in filenames:
            if name.endswith(GENERATED_SUFFIXES):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            result[rel] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return result


def cli(
    *args: str,
    cwd: Path | None = None,
    check: bool = True,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``backend-organizer`` as a user would (a separate process)."""
    result = subprocess.run(
        [sys.executable, "-m", "backend_organizer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=stdin,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"backend-organizer {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def run_pytest(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a project's own test suite (with this interpreter, which has pytest)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def run_python(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=120, env=env)


def git_init(root: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


#: A never-organized backend whose imports are all correct, with third-party modules named like local ones
#: (``chromadb.config`` beside a local ``config.py``, ``google.adk.agents`` beside a local ``agents/``) and a
#: root ``tests/`` whose conftest makes pytest put ``tests/`` on ``sys.path`` (``from fixtures import …``).
LOOKALIKE_IMPORTS = {
    "backend/config.py": "DEBUG = False\n",
    "backend/agents/__init__.py": "",
    "backend/agents/triage.py": "NAME = 'triage'\n",
    "backend/vector_store.py": "from chromadb.config import Settings\n\nSETTINGS = Settings\n",
    "backend/storage.py": "from botocore.config import Config\nimport config\n\nRETRIES = Config\n",
    "backend/adk_agent.py": "from google.adk.agents import LlmAgent\nfrom agents.triage import NAME\n",
    "backend/main.py": "import config\nimport storage\nimport vector_store\n",
    "tests/conftest.py": "",
    "tests/fixtures/__init__.py": "",
    "tests/fixtures/ai_mocks.py": "REPLY = 'ok'\n",
    "tests/unit/test_replies.py": "from fixtures import ai_mocks\n\n\ndef test_reply():\n    assert ai_mocks.REPLY\n",
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
