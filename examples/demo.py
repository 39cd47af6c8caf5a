"""`make demo`: organize a copy of examples/flat_backend and show the plan, the result and its tests passing.

Everything happens in a scratch copy (.scratch/demo/flat_backend); the example itself is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "examples" / "flat_backend"
SCRATCH = REPO / ".scratch" / "demo"
WORK = SCRATCH / "flat_backend"


def step(title: str) -> None:
    print(f"\n\033[1;36m==> {title}\033[0m", flush=True)


def run(*args: str, cwd: Path = WORK) -> None:
    shown = list(args)
    if shown[:3] == [sys.executable, "-m", "backend_organizer"]:
        shown = ["backend-organizer", *shown[3:]]
    elif shown[0] == sys.executable:
        shown[0] = "python"
    print(f"$ {' '.join(shown)}", flush=True)
    subprocess.run(list(args), cwd=cwd, check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "__pycache__")) for part in rel.parts) or path.suffix in {".db", ".pyc"}:
            continue
        print("    " * (len(rel.parts) - 1) + rel.name + ("/" if path.is_dir() else ""))


def main() -> int:
    organizer = [sys.executable, "-m", "backend_organizer"]
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    shutil.copytree(SOURCE, WORK, ignore=shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache"))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "demo",
        "GIT_AUTHOR_EMAIL": "demo@example.com",
        "GIT_COMMITTER_NAME": "demo",
        "GIT_COMMITTER_EMAIL": "demo@example.com",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "flat backend"]):
        subprocess.run(["git", *args], cwd=WORK, check=True, env=env)

    step(f"The flat backend ({WORK.relative_to(REPO)})")
    tree(WORK)
    step("Its own tests pass before")
    run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio")
    step("The plan (nothing is changed yet)")
    run(*organizer, "plan", ".")
    step("Apply it (journaled; `backend-organizer undo` restores every byte)")
    run(*organizer, "apply", ".", "--yes")
    step("The organized tree")
    tree(WORK)
    step("git sees the moves as renames")
    run("git", "status", "--short")
    step("The same tests pass after, the entry point and the moved script still run")
    run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio")
    run(sys.executable, "main.py", "--check")
    run(sys.executable, "-m", "scripts.seed_data")
    step("Organizing again is a no-op, and no import is stale")
    run(*organizer, "plan", ".")
    run(*organizer, "check", ".")
    print(f"\nDone. Explore the result in {WORK.relative_to(REPO)}; `make demo` starts over from a fresh copy.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
