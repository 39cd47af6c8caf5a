"""Composing a plan: classify, guard names, move, rewrite every reference, create packages, verify.

:func:`plan_organize` is the whole reorganization of a backend folder; :func:`plan_moves` plans explicit
moves (an editor's file rename, one ``refactor.move``) with the same rewriting and verification.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .decide.decision import decide, launched_files
from .errors import PlanError, UnparsableError
from .gcpolicy import fewer_collections
from .model import Classification, CreatedFile, FileChange, Finding, Move, PackageChoice, Plan, folders_to_create
from .rules.context import FileWork, MoveContext, PlanState
from .rules.notebooks import notebook_changes
from .rules.persisted import persisted_name_findings
from .rules.protocol import merge
from .rules.registry import CELL_RULES, FILE_RULES, affected_files
from .rules.renamer import Renamer
from .rules.textrefs import rewrite_text_files
from .scan.layout import parent_dir
from .scan.memo import MemoKey
from .scan.project import Project, ScanCache, require_python_files, scan
from .scan.sourcefile import apply_edits
from .verify.namechecks import data_file_findings, refuse_outside_links, shadow_findings
from .verify.verify import verify_plan

Progress = Callable[[str], None]

#: An unchanged project (the language server's warm scan) has the same plan.
PLAN: MemoKey[Plan] = MemoKey("plan")

#: Findings about references the plan would break and cannot fix: such a plan is refused.
BLOCKING_FINDINGS = frozenset({"string-not-rewritten"})


def _noop(_: str) -> None:
    pass


def plan_organize(
    folder: Path,
    root: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    overlay: Mapping[str, str] | None = None,
    skip_unparsable: bool = False,
    progress: Progress = _noop,
    jobs: int | None = None,
    cache: ScanCache | None = None,
) -> Plan:
    """Scan the workspace around ``folder`` and plan its reorganization."""
    with fewer_collections():
        progress("scanning")
        project = scan(folder, root, overrides, overlay, jobs, cache)
        return organize_project(project, skip_unparsable, progress)


def organize_project(project: Project, skip_unparsable: bool = False, progress: Progress = _noop) -> Plan:
    """Plan the reorganization of an already scanned project."""
    with fewer_collections():
        return _organize(project, skip_unparsable, progress)


def _organize(project: Project, skip_unparsable: bool, progress: Progress) -> Plan:
    require_python_files(project)
    if project.unparsable and not skip_unparsable:
        raise UnparsableError(project.unparsable)
    cached = project.memo.get(PLAN)
    if cached is not None and not project.unparsable:
        return cached  # an unchanged project (the language server's warm scan) has the same plan
    progress("classifying")
    decision = decide(project)
    progress("rewriting references")
    plan = build_plan(
        project,
        list(decision.moves),
        list(decision.created),
        decision.classifications,
        tuple(decision.packages.values()),
        list(decision.findings),
        progress,
    )
    return project.memo.put(PLAN, plan)


def propose_move(project: Project, path: str) -> tuple[Move, list[CreatedFile]] | None:
    """The move organizing would make for one file, and the package files it needs."""
    decision = decide(project)
    for move in decision.moves:
        if move.src == path:
            package_dir = parent_dir(move.dst)
            created = [c for c in decision.created if parent_dir(c.path) == package_dir]
            return move, created
    return None


def plan_moves(
    project: Project,
    moves: Mapping[str, str] | list[Move],
    created: list[CreatedFile] | None = None,
    reason: str = "moved by the user",
) -> Plan:
    """Plan explicit file moves (old → new, relative paths) with every reference updated."""
    move_list = list(moves) if isinstance(moves, list) else [Move(src, dst, reason) for src, dst in moves.items()]
    only = affected_files(project, {m.src: m.dst for m in move_list if m.src.endswith(".py")})
    return build_plan(project, move_list, list(created or []), (), (), [], _noop, only, add_structure=False)


def plan_state(
    project: Project,
    moves: list[Move],
    created: list[CreatedFile],
    packages: tuple[PackageChoice, ...] = (),
    add_structure: bool = False,
    only: set[str] | None = None,
) -> PlanState:
    """What the rules of one plan share: the layouts before and after ``moves`` and ``created``, and the rest."""
    py_moves = {m.src: m.dst for m in moves if m.src.endswith(".py")}
    old = project.layout
    ctx = MoveContext(old, old.with_changes(py_moves, [c.path for c in created if c.path.endswith(".py")]), py_moves)
    return PlanState(
        project,
        ctx,
        Renamer(ctx, project.backend, project.kind),
        tuple(moves),
        tuple(created),
        packages,
        add_structure,
        frozenset(_bootstrapped(project, moves)),
        None if only is None else frozenset(only),
    )


def build_plan(
    project: Project,
    moves: list[Move],
    created: list[CreatedFile],
    classifications: tuple[Classification, ...],
    packages: tuple[PackageChoice, ...],
    findings: list[Finding],
    progress: Progress,
    only: set[str] | None = None,
    add_structure: bool = True,
) -> Plan:
    """Rewrite, collect findings and verify. ``only`` limits the Python files looked at (single moves);
    ``add_structure`` lets the plan add a "Project structure" section to the README (organizing does)."""
    state = plan_state(project, moves, created, packages, add_structure, only)
    ctx, py_moves = state.ctx, state.ctx.moves

    changes: list[FileChange] = []
    for path in state.looked_at:
        source = project.sources[path]
        result = merge(FILE_RULES, state, FileWork(path, ctx.moved(path), source, project.indexes[path]))
        findings.extend(result.findings)
        if result.edits:
            new_text = apply_edits(source.text, result.edits)
            changes.append(FileChange(path, source.text, new_text, result.edits, encoding=source.encoding))
    for path, line, message in sorted(project.unparsable):
        findings.append(
            Finding(
                path,
                line,
                "not-parsed",
                f"{message}; it stays and is not rewritten (its imports, read as text, keep the modules they "
                "name in place)",
                "error",
            )
        )
    findings.extend(shadow_findings(project, py_moves))
    findings.extend(data_file_findings(project, py_moves))
    findings.extend(persisted_name_findings(project, ctx.new, py_moves, state.looked_at))
    refuse_outside_links(project, ctx)

    text_changes, text_findings, text_created = rewrite_text_files(
        project, moves, packages, created, state.renamer, add_structure
    )
    changes.extend(text_changes)
    findings.extend(text_findings)
    notebooks = [rel for rel in project.other_files if rel.endswith(".ipynb")]
    if notebooks and py_moves:
        notebook_edits, notebook_findings = notebook_changes(state, notebooks, CELL_RULES)
        changes.extend(notebook_edits)
        findings.extend(notebook_findings)
    created = [*created, *text_created]

    progress("verifying")
    plan = Plan(
        root=str(project.root),
        backend=project.backend,
        layout=project.kind,
        classifications=classifications,
        packages=packages,
        moves=tuple(moves),
        created=tuple(created),
        changes=tuple(changes),
        findings=tuple(_dedupe(findings)),
        scanned_files=len(project.indexes),
        import_model=project.import_model,
    )
    model = project.import_model.describe() if project.import_model is not None else ""
    verification = verify_plan(project, plan, ctx, only, model=model)
    for name, layout in project.extra_layouts:
        created_py = [c.path for c in created if c.path.endswith(".py")]
        view = MoveContext(layout, layout.with_changes(py_moves, created_py), py_moves)
        verification = verification.merged(verify_plan(project, plan, view, only, model=name, report_unresolved=False))
    if project.import_model is not None:
        verification = replace(verification, models=tuple(project.import_model.names()))
    unrewritable = [f for f in plan.findings if f.code in BLOCKING_FINDINGS]
    if unrewritable:  # a proven module path the tool cannot edit would break after the move
        verification = replace(verification, problems=(*verification.problems, *unrewritable))
    plan = Plan(
        **{
            **plan.__dict__,
            "verification": verification,
            "findings": tuple(_dedupe([*plan.findings, *verification.unresolved])),
        }
    )
    plan = replace(plan, new_dirs=tuple(folders_to_create(plan, lambda d: (project.root / d).exists())))
    if not verification.ok:
        details = "\n".join(f"  {f.path}:{f.line}: {f.message}" for f in verification.problems)
        raise PlanError("refusing this plan: after it, these imports would not resolve to the same code:\n" + details)
    return plan


def _bootstrapped(project: Project, moves: list[Move]) -> set[str]:
    """Moved files that get the run-by-path bootstrap: scripts (and anything a command runs) of an import root.
    A library module that merely has a ``__main__`` block is run as ``python -m`` after the move, like any
    module of a package; adding path hacks to it would be noise."""
    if not (project.as_import_root and project.config.script_bootstrap):
        return set()
    launched = launched_files(project)
    found = set()
    for move in moves:
        index = project.indexes.get(move.src)
        if index is None or move.src == move.dst or not index.main_block:
            continue
        if move.category == "scripts" or move.src in launched:
            found.add(move.src)
    return found


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(sorted(findings, key=lambda f: (f.path, f.line, f.code, f.message))))
