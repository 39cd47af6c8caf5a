"""The engine's public face: every name the CLI and the language server use, and nothing else.

``cli`` and ``lsp`` import from here, never from the subpackages (a test enforces it). Names load on first use
(PEP 562), so a command that needs only part of the engine (``--help``, ``check``) does not import the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .apply.effects import DiskEffect as DiskEffect
    from .apply.effects import pending_undo as pending_undo
    from .apply.effects import plan_effect as plan_effect
    from .apply.gitutil import dirty_paths as dirty_paths
    from .apply.gitutil import git_dir as git_dir
    from .apply.home import needs_recovery as needs_recovery
    from .apply.transaction import ApplyResult as ApplyResult
    from .apply.transaction import apply_plan as apply_plan
    from .apply.transaction import build_steps as build_steps
    from .apply.transaction import has_interrupted as has_interrupted
    from .apply.transaction import preflight as preflight
    from .apply.transaction import recover as recover
    from .apply.transaction import undo_last as undo_last
    from .decide.classify import UNPLACED_HINT as UNPLACED_HINT
    from .decide.decision import decide as decide
    from .decide.decision import explain as explain
    from .errors import ConfigError as ConfigError
    from .errors import OrganizerError as OrganizerError
    from .errors import PlanError as PlanError
    from .errors import PreflightError as PreflightError
    from .errors import UnparsableError as UnparsableError
    from .errors import WorkspaceError as WorkspaceError
    from .findings import CODES as CODES
    from .findings import STALE_IMPORT as STALE_IMPORT
    from .model import Classification as Classification
    from .model import CreatedFile as CreatedFile
    from .model import FileChange as FileChange
    from .model import Finding as Finding
    from .model import Move as Move
    from .model import PackageChoice as PackageChoice
    from .model import Plan as Plan
    from .model import TextEdit as TextEdit
    from .planner import organize_project as organize_project
    from .planner import plan_moves as plan_moves
    from .planner import plan_organize as plan_organize
    from .planner import propose_move as propose_move
    from .report import plan_diff as plan_diff
    from .report import plan_to_json as plan_to_json
    from .report import summary_counts as summary_counts
    from .scan.config import Config as Config
    from .scan.config import config_home as config_home
    from .scan.config_edit import CONFIG_ACTIONS as CONFIG_ACTIONS
    from .scan.config_edit import ConfigEdit as ConfigEdit
    from .scan.config_edit import edit_config as edit_config
    from .scan.discovery import workspace_root as workspace_root
    from .scan.layout import parent_dir as parent_dir
    from .scan.project import Project as Project
    from .scan.project import ScanCache as ScanCache
    from .scan.project import require_python_files as require_python_files
    from .scan.project import scan as scan
    from .scan.sourcefile import DecodeError as DecodeError
    from .scan.sourcefile import SourceFile as SourceFile
    from .scan.sourcefile import decode_source as decode_source
    from .verify.runtime_check import RuntimeVerdict as RuntimeVerdict
    from .verify.runtime_check import run_tests as run_tests
    from .verify.runtime_check import verify_imports as verify_imports
    from .verify.stale import JediResolver as JediResolver
    from .verify.stale import StaleImport as StaleImport
    from .verify.stale import StaleImportFinder as StaleImportFinder
    from .verify.stale import find_stale_imports as find_stale_imports

#: Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "ApplyResult": ".apply.transaction",
    "CODES": ".findings",
    "CONFIG_ACTIONS": ".scan.config_edit",
    "STALE_IMPORT": ".findings",
    "Classification": ".model",
    "Config": ".scan.config",
    "ConfigEdit": ".scan.config_edit",
    "ConfigError": ".errors",
    "CreatedFile": ".model",
    "DecodeError": ".scan.sourcefile",
    "DiskEffect": ".apply.effects",
    "FileChange": ".model",
    "Finding": ".model",
    "JediResolver": ".verify.stale",
    "Move": ".model",
    "OrganizerError": ".errors",
    "PackageChoice": ".model",
    "Plan": ".model",
    "PlanError": ".errors",
    "PreflightError": ".errors",
    "Project": ".scan.project",
    "RuntimeVerdict": ".verify.runtime_check",
    "ScanCache": ".scan.project",
    "SourceFile": ".scan.sourcefile",
    "StaleImport": ".verify.stale",
    "StaleImportFinder": ".verify.stale",
    "TextEdit": ".model",
    "UNPLACED_HINT": ".decide.classify",
    "UnparsableError": ".errors",
    "WorkspaceError": ".errors",
    "apply_plan": ".apply.transaction",
    "build_steps": ".apply.transaction",
    "config_home": ".scan.config",
    "decide": ".decide.decision",
    "decode_source": ".scan.sourcefile",
    "dirty_paths": ".apply.gitutil",
    "edit_config": ".scan.config_edit",
    "explain": ".decide.decision",
    "find_stale_imports": ".verify.stale",
    "git_dir": ".apply.gitutil",
    "has_interrupted": ".apply.transaction",
    "needs_recovery": ".apply.home",
    "organize_project": ".planner",
    "parent_dir": ".scan.layout",
    "pending_undo": ".apply.effects",
    "plan_diff": ".report",
    "plan_effect": ".apply.effects",
    "plan_moves": ".planner",
    "plan_organize": ".planner",
    "plan_to_json": ".report",
    "preflight": ".apply.transaction",
    "propose_move": ".planner",
    "recover": ".apply.transaction",
    "require_python_files": ".scan.project",
    "run_tests": ".verify.runtime_check",
    "scan": ".scan.project",
    "summary_counts": ".report",
    "undo_last": ".apply.transaction",
    "verify_imports": ".verify.runtime_check",
    "workspace_root": ".scan.discovery",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __package__), name)
    globals()[name] = value
    return value
