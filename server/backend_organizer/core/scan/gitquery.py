"""Read-only git questions the scan asks (the file listing, what git ignores, one configuration value).

The answer is git's output, or None wherever git cannot answer (not installed, outside a work tree, inside a
git folder): callers then fall back to walking the folders themselves.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_output(root: Path, *args: str) -> str | None:
    """What ``git -C root ARGS`` prints, or None when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")
