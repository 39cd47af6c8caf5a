"""Module paths that outlive the process: Celery task names and pickled classes.

Moving a module changes its ``__name__``. Code keeps working, but names stored *outside* the code do not
follow: Celery derives a task's name from its module (queued messages and beat schedules use that name), and
pickle stores each object's class as ``module.Class``. Nothing here can be rewritten safely, so each case is
reported as a warning at the line concerned, with what changes and how to keep the old name working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Finding
from ..scan.graph import project_graph
from ..scan.layout import Layout
from ..scan.project import Project


def _module_name(layout: Layout, path: str) -> str | None:
    return layout.spell_absolute(path, path)


def persisted_name_findings(
    project: Project, new: Layout, moves: Mapping[str, str], files: Iterable[str]
) -> list[Finding]:
    """Warnings for ``files`` (the Python files the plan looks at) about names stored outside the code."""
    findings: list[Finding] = []
    indexes = project.indexes
    concerned = [p for p in files if p in indexes and (indexes[p].pickle_lines or indexes[p].task_defs)]
    if not concerned:
        return findings
    renamed: dict[str, tuple[str, str]] = {}
    for src, dst in moves.items():
        before, after = _module_name(project.layout, src), _module_name(new, dst)
        if before and after and before != after:
            renamed[src] = (before, after)
    if not renamed:
        return findings
    graph = project_graph(project)
    for path in concerned:
        index = indexes[path]
        if path in renamed and index.task_defs:
            before, after = renamed[path]
            for line, function in index.task_defs:
                findings.append(
                    Finding(
                        path,
                        line,
                        "task-name-changes",
                        f"Celery names this task after its module: {before}.{function} becomes "
                        f"{after}.{function}, so queued messages and schedules that use the old name will not "
                        f"find it; keep it with name={before + '.' + function!r} in the decorator",
                    )
                )
        if index.pickle_lines:
            # classes of the renamed modules this file defines or imports
            sources = sorted(({path} | graph.imports_of(path)) & set(renamed))
            classes = [(*renamed[source], cls.name) for source in sources for cls in indexes[source].classes]
            if classes:
                listed = ", ".join(f"{before}.{name} → {after}.{name}" for before, after, name in classes[:4])
                more = f" and {len(classes) - 4} more" if len(classes) > 4 else ""
                others = len(index.pickle_lines) - 1
                also = f" (also line{'s' if others > 1 else ''} {', '.join(map(str, index.pickle_lines[1:]))})"
                findings.append(
                    Finding(
                        path,
                        index.pickle_lines[0],
                        "pickled-module-paths",
                        f"pickled data stores each class by module path ({listed}{more}); data saved before "
                        "the move will not load after it unless the old module names stay importable "
                        f"(e.g. a sys.modules alias) or the data is re-created{also if others else ''}",
                    )
                )
    return findings
