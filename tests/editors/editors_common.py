"""Finding real editors for the end-to-end tests: skip with a reason, or fail when CI requires them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("BO_REQUIRE_EDITOR_TESTS") == "1"
#: Where `.ci/install-editors.sh` puts code-server and a current Neovim: one cache per user, so a second
#: clone of the repository finds the editors the first one installed.
CACHE = Path(
    os.environ.get("BO_EDITORS_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "backend-organizer-editors"
)


def require(tool: str | None, what: str) -> str:
    """The tool's path; a skip (or, with BO_REQUIRE_EDITOR_TESTS=1, a failure) when it is missing."""
    if tool:
        return tool
    message = f"{what} is not installed (run `bash .ci/install-editors.sh`)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


def neovims() -> list[tuple[str, str | None]]:
    """(label, path) of each Neovim to test: Debian's, and a current one when installed."""
    modern = CACHE / "nvim-current" / "bin" / "nvim"
    return [("debian", shutil.which("nvim")), ("current", str(modern) if modern.exists() else None)]
