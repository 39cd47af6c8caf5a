"""The engine's error types: every refusal the user can see is one of these, with a clear message."""

from __future__ import annotations


class OrganizerError(Exception):
    """Base class: a clear, user-facing refusal. The tree is untouched when one is raised before apply."""

    exit_code = 2


class ConfigError(OrganizerError):
    """Invalid ``[tool.backend-organizer]`` configuration; the message names the key."""


class WorkspaceError(OrganizerError):
    """The backend folder or workspace root is unusable (missing, outside the root, ...)."""


class UnparsableError(OrganizerError):
    """Files that do not parse or decode; refused unless ``--skip-unparsable``."""

    def __init__(self, problems: list[tuple[str, int, str]]) -> None:
        self.problems = problems
        lines = [f"  {path}:{line}: {message}" for path, line, message in problems]
        super().__init__(
            "these files cannot be read as Python, so the tool cannot prove it updates every reference:\n"
            + "\n".join(lines)
            + "\nFix them, or pass --skip-unparsable to organize the rest and leave these where they are."
        )


class PlanError(OrganizerError):
    """The plan cannot be made safely (collisions, broken imports it cannot fix, ...)."""


class PreflightError(OrganizerError):
    """A check before the first change failed; nothing was changed."""


class JournalError(OrganizerError):
    """Undo or recovery is impossible or refused (no journal, files changed since apply, ...)."""
