"""The pure engine: scanning, classification, planning, rewriting, verification, apply and undo.

Nothing in this package imports an editor protocol library (pygls, lsprotocol); a test enforces it.
"""

from .errors import ConfigError, OrganizerError, PlanError, PreflightError, UnparsableError
from .model import Classification, CreatedFile, FileChange, Finding, Move, PackageChoice, Plan, TextEdit
from .planner import organize_project, plan_moves, plan_organize
from .scan.project import Project, scan

__all__ = [
    "Classification",
    "ConfigError",
    "CreatedFile",
    "FileChange",
    "Finding",
    "Move",
    "OrganizerError",
    "PackageChoice",
    "Plan",
    "PlanError",
    "PreflightError",
    "Project",
    "TextEdit",
    "UnparsableError",
    "organize_project",
    "plan_moves",
    "plan_organize",
    "scan",
]
