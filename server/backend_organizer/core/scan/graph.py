"""The resolved import graph of the workspace: who imports which file, and which names are third-party.

Computed once per plan from the per-file indexes and the old layout; classification uses it to tell scripts
from libraries, and the collision guard uses the unresolved top-level names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .index import FileIndex
from .layout import Layout
from .memo import MemoKey

if TYPE_CHECKING:
    from .project import Project


@dataclass
class ImportGraph:
    importers: dict[str, set[str]] = field(default_factory=dict)
    imports: dict[str, set[str]] = field(default_factory=dict)
    external: dict[str, str] = field(default_factory=dict)
    external_by_file: dict[str, set[str]] = field(default_factory=dict)

    def imported_by(self, path: str) -> set[str]:
        return self.importers.get(path, set())

    def imports_of(self, path: str) -> set[str]:
        """The workspace files ``path`` imports (with the packages on the way, and modules named in
        importlib/patch strings)."""
        return self.imports.get(path, set())


GRAPH: MemoKey[ImportGraph] = MemoKey("graph")


def project_graph(project: Project) -> ImportGraph:
    """The project's import graph, built once and kept in ``project.memo``."""
    graph = project.memo.get(GRAPH)
    if graph is None:
        graph = project.memo.put(GRAPH, build_graph(project.layout, project.indexes))
    return graph


def build_graph(layout: Layout, indexes: dict[str, FileIndex]) -> ImportGraph:
    graph = ImportGraph()

    def link(importer: str, target: str) -> None:
        if target != importer:
            graph.importers.setdefault(target, set()).add(importer)
            graph.imports.setdefault(importer, set()).add(target)

    for path in sorted(indexes):
        index = indexes[path]
        externals: set[str] = set()
        for stmt in index.imports:
            if stmt.is_from:
                if stmt.level:
                    chain = layout.resolve_relative(path, stmt.level, stmt.module)
                else:
                    chain = layout.resolve_from(path, stmt.module or "")
                    if chain is None and stmt.module:
                        externals.add(stmt.module.split(".")[0])
                if chain is None:
                    continue
                for target in chain:
                    link(path, target.path)
                for alias in stmt.names:
                    if alias.name != "*":
                        sub = layout.submodule(chain[-1], alias.name)
                        if sub is not None:
                            link(path, sub.path)
                continue
            for alias in stmt.names:
                chain = layout.resolve_from(path, alias.name)
                if chain is None:
                    externals.add(alias.name.split(".")[0])
                    continue
                for target in chain:
                    link(path, target.path)
        for ref in index.strings:
            if ref.kind in {"import_module", "__import__", "patch", "setattr"}:
                head = ref.value.split(":")[0]
                parts = head.split(".")
                for count in range(len(parts), 0, -1):
                    chain = layout.resolve_from(path, ".".join(parts[:count]))
                    if chain is not None:
                        link(path, chain[-1].path)
                        break
        graph.external_by_file[path] = externals
        for name in externals:
            line = next(
                (
                    s.line
                    for s in index.imports
                    if (s.is_from and not s.level and (s.module or "").split(".")[0] == name)
                    or (not s.is_from and any(a.name.split(".")[0] == name for a in s.names))
                ),
                1,
            )
            graph.external.setdefault(name, f"{path}:{line}")
    return graph
