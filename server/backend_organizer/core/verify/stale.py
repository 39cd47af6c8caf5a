"""Finding stale imports: imports of workspace modules that no longer resolve, and where they live now.

An import is stale when it does not resolve in the workspace, is not a standard-library or installed module
(asked of jedi, in the user's environment), and a module of that name exists elsewhere in the workspace; or
when ``from pkg import name`` finds no ``name`` in a package whose same-named submodule defines it (the
``database.py`` → ``database/database.py`` case). Each finding carries the replacement statement.
"""

from __future__ import annotations

import json
import posixpath
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..scan.dependencies import declared_dependencies
from ..scan.index import FileIndex, ImportStmt
from ..scan.layout import Layout, Target, join, parent_dir
from ..scan.pathexpr import sys_path_additions
from ..scan.project import Project
from ..scan.sourcefile import SourceFile

STDLIB = frozenset(sys.stdlib_module_names)

#: One statement of a replacement: the arguments of the import rule's ``_Group`` (module spec, indexes of the
#: original names, form, new module, bound name); built into groups only when an import is stale.
GroupSpec = tuple[tuple[int, str], list[int], str, str, "str | None"] | tuple[tuple[int, str], list[int], str]


@dataclass(frozen=True)
class StaleImport:
    path: str
    line: int
    column: int
    start: int
    end: int
    module: str
    new_module: str
    replacement: str
    message: str


def _module_files_by_name(layout: Layout) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in layout.files:
        name = posixpath.basename(path)
        stem = posixpath.basename(parent_dir(path)) if name == "__init__.py" else name[:-3]
        found.setdefault(stem, []).append(path)
    return found


class StaleImportFinder:
    """Finds stale imports in files of a scanned project."""

    def __init__(self, project: Project, resolves_externally: Callable[[str, str], bool] | None = None):
        self.project = project
        self.layout = project.layout
        self.by_name = _module_files_by_name(self.layout)
        self._external = resolves_externally or JediResolver(project.root, project.config.python)
        self.declared = declared_dependencies(project.root, project.backend)
        self.nested_projects = _nested_projects(project)

    def _candidates(self, importer: str, missing: str) -> list[str]:
        """Workspace modules that ``missing`` may have become: same last name, and the same package prefix.

        ``a.b.c`` only moved within the workspace if ``a`` is a workspace package (then the candidate keeps
        the longest prefix that still resolves) or some workspace module is spelled ``….a.b.c``; otherwise it
        is a third-party module (``chromadb.config`` is not the workspace's ``config.py``)."""
        parts = missing.split(".")
        prefix = ""
        for count in range(len(parts) - 1, 0, -1):
            if self.layout.resolve_from(importer, ".".join(parts[:count])) is not None:
                prefix = ".".join(parts[:count])
                break
        spelled = []
        for path in sorted(self.by_name.get(parts[-1], [])):
            if any(path.startswith(nested + "/") for nested in self.nested_projects):
                continue  # a package of another project in the tree (vendored, a binding): installed, not moved
            if len(parts) == 1 and _in_ancestor(path, importer):
                continue  # tests/test_x.py importing x.py of the folder above runs from that folder (python -m pytest)
            name = self.layout.spell_absolute(importer, path)
            if name is None or name == missing:
                continue
            if len(parts) > 1 and not ((prefix and name.startswith(prefix + ".")) or name.endswith("." + missing)):
                continue
            spelled.append(name)
        return spelled

    def _moved_to(self, importer: str, missing: str) -> str | None:
        """Where an unresolvable module lives now: the one workspace module it can have become (None if
        ambiguous, absent, or importable from the environment after all)."""
        candidates = self._candidates(importer, missing)
        if len(candidates) != 1 or self._is_external(importer, missing):
            return None
        return candidates[0]

    def _stmt_offsets(self, source: SourceFile, stmt: ImportStmt) -> tuple[int, int]:
        return source.offset(stmt.span[0], stmt.span[1]), source.offset(stmt.span[2], stmt.span[3])

    def find(self, path: str, source: SourceFile | None = None, index: FileIndex | None = None) -> list[StaleImport]:
        if any(part in VENDOR_DIRS for part in path.split("/")[:-1]):
            return []  # vendored third-party code imports its own world
        source = source or self.project.sources[path]
        index = index or self.project.indexes[path]
        found: list[StaleImport] = []
        unfollowed = _unfollowed_sys_path_line(path, source.text, index)
        for stmt in index.imports:
            if unfollowed is not None and stmt.line > unfollowed:
                break  # after a sys.path change the tool cannot follow, what an import finds is unknown
            result = self._check_from(path, source, stmt) if stmt.is_from else self._check_import(path, source, stmt)
            if result is not None:
                found.append(result)
        return found

    def _make(
        self,
        path: str,
        source: SourceFile,
        stmt: ImportStmt,
        module: str,
        new_module: str,
        groups: list[GroupSpec],
        message: str,
    ) -> StaleImport:
        from ..rules.rewrite_imports import _Group, _render  # the replacement text: only for a stale import

        start, end = self._stmt_offsets(source, stmt)
        replacement = _render(source, stmt, start, end, [_Group(*group) for group in groups])
        line, column = source.position(start)
        return StaleImport(path, line + 1, column + 1, start, end, module, new_module, replacement, message)

    def _check_import(self, path: str, source: SourceFile, stmt: ImportStmt) -> StaleImport | None:
        if len(stmt.names) != 1:
            return None
        alias = stmt.names[0]
        chain = self.layout.resolve_from(path, alias.name)
        if chain is None:
            new = self._moved_to(path, alias.name)
            if new is None:
                return None
            parent, _, last = new.rpartition(".")
            if alias.asname or "." not in alias.name:
                group: GroupSpec = (
                    (0, parent),
                    [0],
                    "from-new",
                    last,
                    alias.asname or (None if last == alias.name else alias.name),
                )
                if not parent:
                    group = ((0, new), [0], "import-new", new, alias.asname)
            else:
                return None
            return self._make(
                path,
                source,
                stmt,
                alias.name,
                new,
                [group],
                f"module {alias.name!r} does not resolve here; the workspace has it as {new}",
            )
        target = chain[-1]
        if target.kind == "module" or alias.asname or "." in alias.name:
            return None
        same = self._same_named_submodule(target, alias.name)
        if same is None or not self._used_attrs_live_in(path, source, alias.name, target, same):
            return None
        new = f"{alias.name}.{alias.name}"
        group = ((0, alias.name), [0], "from-new", alias.name, None)
        return self._make(
            path,
            source,
            stmt,
            alias.name,
            new,
            [group],
            f"{alias.name!r} is a package now; the module moved to {new}",
        )

    def _check_from(self, path: str, source: SourceFile, stmt: ImportStmt) -> StaleImport | None:
        layout = self.layout
        if stmt.level:
            chain = layout.resolve_relative(path, stmt.level, stmt.module)
            if chain is None:
                return None
        else:
            if not stmt.module:
                return None
            chain = layout.resolve_from(path, stmt.module)
            if chain is None:
                new = self._moved_to(path, stmt.module)
                if new is None:
                    return None
                return self._make(
                    path,
                    source,
                    stmt,
                    stmt.module,
                    new,
                    [((0, new), list(range(len(stmt.names))), "from")],
                    f"module {stmt.module!r} does not resolve here; the workspace has it as {new}",
                )
        target = chain[-1]
        if target.kind == "module":
            return None
        names = [a.name for a in stmt.names]
        missing = "*" in names or any(not self._package_has(target, name) for name in names)
        if not missing:
            return None
        last = (stmt.module or "").split(".")[-1] or posixpath.basename(target.directory)
        same = self._same_named_submodule(target, last)
        if same is None:
            return None
        index = self.project.indexes.get(same.path)
        if index is None or ("*" not in names and not all(n in index.top_names for n in names)):
            return None
        module_text = "." * stmt.level + (stmt.module or "")
        joined = f"{module_text}.{last}" if stmt.module else f"{module_text}{last}"
        spec = (stmt.level, f"{stmt.module}.{last}" if stmt.module else last)
        return self._make(
            path,
            source,
            stmt,
            module_text,
            joined,
            [(spec, list(range(len(stmt.names))), "from")],
            f"{', '.join(names)} now live in {joined}",
        )

    def _package_has(self, target: Target, name: str) -> bool:
        if target.kind == "package":
            index = self.project.indexes.get(target.path)
            if index is None or name in index.top_names or index.has_module_getattr or index.has_star_import:
                return True
        return self.layout.submodule(target, name) is not None

    def _same_named_submodule(self, target: Target, name: str) -> Target | None:
        sub = self.layout.submodule(target, name)
        return sub if sub is not None and sub.kind == "module" else None

    def _used_attrs_live_in(self, path: str, source: SourceFile, name: str, package: Target, module: Target) -> bool:
        import ast

        tree = ast.parse(source.text)
        attrs = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name
        }
        if not attrs:
            return False
        module_index = self.project.indexes.get(module.path)
        if module_index is None:
            return False
        missing = {a for a in attrs if not self._package_has(package, a)}
        return bool(missing) and missing <= module_index.top_names

    def _is_external(self, path: str, dotted: str) -> bool:
        top = dotted.split(".")[0]
        if top in STDLIB or top in self.declared:
            return True  # the standard library, or a dependency the project declares (openai-agents: agents)
        return self._external(path, dotted)


#: Folders of vendored third-party code: their imports are not the project's to check.
VENDOR_DIRS = frozenset({"vendor", "vendored", "_vendor", "third_party", "third-party", "external", "node_modules"})


def _in_ancestor(module: str, importer: str) -> bool:
    """Whether the top-level module ``module`` sits in a folder above ``importer``'s (not beside it)."""
    folder = parent_dir(module) if posixpath.basename(module) != "__init__.py" else parent_dir(parent_dir(module))
    here = parent_dir(importer)
    return folder != here and (folder == "" or here.startswith(folder + "/"))


def _nested_projects(project: Project) -> list[str]:
    """Folders below the root with a packaging file of their own: the packages in them are installed from there
    (a binding, a vendored library), not modules of this project that moved."""
    markers = ("pyproject.toml", "setup.py", "setup.cfg")
    found = {
        parent_dir(rel)
        for rel in (*project.other_files, *project.layout.files)
        if posixpath.basename(rel) in markers and parent_dir(rel)
    }
    backend = project.backend
    return sorted(f for f in found if not (backend == f or backend.startswith(f + "/")))


def _unfollowed_sys_path_line(path: str, text: str, index: FileIndex) -> int | None:
    """The first line that changes ``sys.path`` with a folder the tool cannot evaluate, if any."""
    if not index.sys_path_lines:
        return None
    followed = {line for _, line, _ in sys_path_additions(path, text)}
    unfollowed = [line for line in index.sys_path_lines if line not in followed]
    return min(unfollowed) if unfollowed else None


class JediResolver:
    """Asks jedi whether a module name resolves in the user's environment (outside the workspace)."""

    def __init__(self, root: Path, python: str | None):
        self.root = root
        self.python = python
        self._project = None
        self._cache: dict[str, bool] = {}

    def __call__(self, path: str, dotted: str) -> bool:
        if dotted in self._cache:
            return self._cache[dotted]
        import jedi

        if self._project is None:
            kwargs = {"environment_path": self.python} if self.python else {}
            try:
                self._project = jedi.Project(self.root, **kwargs)
            except Exception:
                self._project = jedi.Project(self.root)
        code = f"import {dotted}\n"
        try:
            names = jedi.Script(
                code, path=self.root / join(parent_dir(path), "__bo_probe__.py"), project=self._project
            ).goto(1, len(code) - 1)
        except Exception:
            names = [object()]
        root = self.root.resolve()
        resolved = False
        for name in names:
            module_path = getattr(name, "module_path", None)
            if module_path is None:
                resolved = True
                continue
            module_path = Path(module_path).resolve()
            if root not in module_path.parents:
                resolved = True
        self._cache[dotted] = resolved
        return resolved


def find_stale_imports(project: Project, paths: list[str] | None = None) -> list[StaleImport]:
    """Stale imports in ``paths`` (default: every Python file, and the code cells of every notebook)."""
    finder = StaleImportFinder(project)
    result: list[StaleImport] = []
    for path in paths if paths is not None else project.python_files:
        result.extend(finder.find(path))
    if paths is None:
        for rel in project.other_files:
            if rel.endswith(".ipynb"):
                result.extend(_notebook_stale_imports(finder, project.root, rel))
    return result


def _notebook_stale_imports(finder: StaleImportFinder, root: Path, rel: str) -> list[StaleImport]:
    """Stale imports in a notebook's code cells; lines are the notebook file's, the message names the cell."""
    from ..rules.notebooks import cell_line, cell_lines, code_cells, is_cell_magic, parse_cell, source_position

    try:
        raw = (root / rel).read_text(encoding="utf-8")
        notebook = json.loads(raw)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    lines, starts = raw.split("\n"), cell_lines(raw)
    found = []
    for number, _, text in code_cells(notebook):
        parsed = None if is_cell_magic(text) else parse_cell(rel, text)
        if parsed is None:
            continue
        source, index = parsed
        for item in finder.find(rel, source, index):
            line, column = source_position(lines, cell_line(starts, number), item.line, item.column)
            found.append(
                replace(item, line=line, column=column, message=f"cell {number}, line {item.line}: {item.message}")
            )
    return found
