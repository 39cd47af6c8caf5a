"""A virtual file tree and Python's import resolution over it, before and after the moves.

:class:`Layout` answers "which file does ``import a.b`` from file F load?" exactly the way CPython's path
finder does for source files (a regular package beats a module, a module beats a namespace portion, and
namespace portions only count when no search root has a regular module), and "how should file F spell an
import of file T?" after the moves. Nothing here touches the disk.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Iterable
from typing import Literal, NamedTuple

TargetKind = Literal["module", "package", "namespace"]
STDLIB = frozenset(sys.stdlib_module_names)


def parent_dir(path: str) -> str:
    return posixpath.dirname(path)


def join(directory: str, name: str) -> str:
    return f"{directory}/{name}" if directory else name


def search_root_of(first: Target) -> str:
    """The search root in which the first component of a dotted import was found."""
    if first.kind == "package":
        return parent_dir(parent_dir(first.path))
    return parent_dir(first.path)


class Target(NamedTuple):
    """What an import name resolves to: a module file, a package (its ``__init__.py``) or a namespace."""

    kind: TargetKind
    path: str
    dirs: tuple[str, ...] = ()

    @property
    def directory(self) -> str:
        """The package directory (packages and namespaces) or the module's own path."""
        return self.dirs[0] if self.dirs else self.path


class Layout:
    """A set of files and directories, with search roots, in which imports are resolved."""

    def __init__(
        self,
        files: Iterable[str],
        dirs: Iterable[str] = (),
        global_roots: Iterable[str] = ("",),
        flat_roots: Iterable[str] = (),
    ):
        """``flat_roots``: package folders whose modules also run as top-level modules (an import root with an
        ``__init__.py``): files inside them see the folder itself as their first search root."""
        self.files: set[str] = set(files)
        self.dirs: set[str] = {""}
        for directory in dirs:
            self._add_dir(directory)
        for path in self.files:
            self._add_dir(parent_dir(path))
        self.global_roots: tuple[str, ...] = tuple(dict.fromkeys(global_roots))
        self.flat_roots: frozenset[str] = frozenset(flat_roots)
        self._roots_cache: dict[str, tuple[str, ...]] = {}
        #: ``resolve_from`` answers by (importer's folder, dotted name): a layout never changes once made, and a
        #: plan asks the same questions from every file of a folder.
        self._resolved: dict[tuple[str, str], tuple[Target, ...] | None] = {}
        self._folder_of: dict[str, str] = {}
        self._backend_names: dict[str, frozenset[str]] = {}  # backend_module_names, by backend folder

    def _add_dir(self, directory: str) -> None:
        while directory not in self.dirs:
            self.dirs.add(directory)
            directory = parent_dir(directory)

    def with_changes(self, moves: dict[str, str], created: Iterable[str]) -> Layout:
        """The layout after moving files (old → new) and creating files."""
        files = {moves.get(path, path) for path in self.files}
        files.update(created)
        return Layout(files, self.dirs, self.global_roots, self.flat_roots)

    # -- packages and roots -------------------------------------------------------------------------

    def is_package(self, directory: str) -> bool:
        """A regular package: a folder with an ``__init__.py`` whose name can be imported (``python-backend/``
        cannot: its modules are top-level modules of the folder, whatever ``__init__.py`` says)."""
        return (
            bool(directory)
            and join(directory, "__init__.py") in self.files
            and posixpath.basename(directory).isidentifier()
        )

    def top_package_parent(self, directory: str) -> str:
        """The first ancestor of ``directory`` (itself included) that is not a regular package."""
        while self.is_package(directory):
            directory = parent_dir(directory)
        return directory

    def roots_for(self, importer: str) -> tuple[str, ...]:
        """Search roots as seen by ``importer``: its own script/package root first, then the global ones."""
        return self._roots_in(parent_dir(importer))

    def _roots_in(self, directory: str) -> tuple[str, ...]:
        cached = self._roots_cache.get(directory)
        if cached is None:
            own = [self.top_package_parent(directory)]
            if self.flat_roots:
                folder = directory
                while True:
                    if folder in self.flat_roots:
                        own.insert(0, folder)
                        break
                    if not self.is_package(folder):
                        break
                    folder = parent_dir(folder)
            pytest = self._pytest_roots() if self._under_tests(directory) else ()
            cached = tuple(dict.fromkeys((*own, *self.global_roots, *pytest)))
            self._roots_cache[directory] = cached
        return cached

    # -- pytest ---------------------------------------------------------------------------------------

    def _pytest_state(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Folders holding test files or conftests, and the folders pytest puts on ``sys.path`` for them.

        In its default (prepend) import mode pytest inserts, for every test module and conftest, the first
        folder upwards that is not a package; they stay on ``sys.path`` for the whole session."""
        state = self.__dict__.get("_pytest")
        if state is None:
            test_dirs: set[str] = set()
            basedirs: list[str] = []
            for path in sorted(self.files):
                name = posixpath.basename(path)
                if not (name == "conftest.py" or (name.startswith("test_") or name.endswith("_test.py"))):
                    continue
                directory = parent_dir(path)
                test_dirs.add(directory)
                basedirs.append(self.top_package_parent(directory))
            state = self.__dict__["_pytest"] = (frozenset(test_dirs), tuple(dict.fromkeys(basedirs)))
        return state

    def _under_tests(self, directory: str) -> bool:
        test_dirs = self._pytest_state()[0]
        while True:
            if directory in test_dirs:
                return True
            if not directory:
                return False
            directory = parent_dir(directory)

    def _pytest_roots(self) -> tuple[str, ...]:
        return self._pytest_state()[1]

    def package_of(self, importer: str) -> list[str] | None:
        """Dotted package parts of ``importer`` (its ``__package__``), or None when it is not in a package."""
        directory = parent_dir(importer)
        if not self.is_package(directory):
            return None
        top_parent = self.top_package_parent(directory)
        rel = directory[len(top_parent) + 1 :] if top_parent else directory
        return rel.split("/")

    # -- resolution -----------------------------------------------------------------------------------

    def _find(self, name: str, locations: Iterable[str]) -> Target | None:
        portions: list[str] = []
        for location in locations:
            candidate = join(location, name)
            init = join(candidate, "__init__.py")
            if init in self.files:
                return Target("package", init, (candidate,))
            module = candidate + ".py"
            if module in self.files:
                return Target("module", module)
            if candidate in self.dirs:
                portions.append(candidate)
        if portions:
            return Target("namespace", portions[0], tuple(portions))
        return None

    def resolve(self, dotted: str, roots: Iterable[str]) -> list[Target] | None:
        """Targets for ``a``, ``a.b``, ``a.b.c`` of ``dotted``; None when any part is not in the tree."""
        chain: list[Target] = []
        locations: Iterable[str] = roots
        for part in dotted.split("."):
            if not part:
                return None
            found = self._find(part, locations)
            if found is None:
                return None
            chain.append(found)
            locations = () if found.kind == "module" else found.dirs
        return chain

    def resolve_from(self, importer: str, dotted: str) -> list[Target] | None:
        directory = self._folder_of.get(importer)
        if directory is None:
            directory = self._folder_of[importer] = parent_dir(importer)
        key = (directory, dotted)
        try:
            found = self._resolved[key]
        except KeyError:
            chain = self.resolve(dotted, self._roots_in(directory))
            found = self._resolved[key] = None if chain is None else tuple(chain)
        return None if found is None else list(found)

    def relative_base(self, importer: str, level: int) -> str | None:
        """Absolute dotted package that ``level`` leading dots refer to from ``importer``."""
        package = self.package_of(importer)
        if package is None or level - 1 >= len(package):
            return None
        return ".".join(package[: len(package) - (level - 1)])

    def resolve_relative(self, importer: str, level: int, module: str | None) -> list[Target] | None:
        base = self.relative_base(importer, level)
        if base is None:
            return None
        dotted = f"{base}.{module}" if module else base
        root = self.top_package_parent(parent_dir(importer))
        return self.resolve(dotted, (root,))

    def submodule(self, target: Target, name: str) -> Target | None:
        if target.kind == "module":
            return None
        return self._find(name, target.dirs)

    # -- spelling ---------------------------------------------------------------------------------------

    def dotted_under(self, path: str, root: str) -> str | None:
        """Dotted name of a module/package file ``path`` relative to search root ``root``."""
        prefix = f"{root}/" if root else ""
        if not path.startswith(prefix) or path == root:
            return None
        rel = path[len(prefix) :]
        if rel.endswith("/__init__.py"):
            rel = rel[: -len("/__init__.py")]
        elif rel.endswith(".py"):
            rel = rel[:-3]
        elif path not in self.dirs:
            return None
        parts = rel.split("/")
        if not all(p.isidentifier() for p in parts):
            return None
        return ".".join(parts)

    def spell_absolute(self, importer: str, target_path: str, prefer_root: str | None = None) -> str | None:
        """The absolute dotted name by which ``importer`` can import ``target_path`` (verified to resolve)."""
        roots = self.roots_for(importer)
        ordered = ([prefer_root] if prefer_root is not None else []) + list(roots)
        for root in dict.fromkeys(ordered):
            name = self.dotted_under(target_path, root)
            if name is None:
                continue
            chain = self.resolve(name, roots)
            if chain and (chain[-1].path == target_path or target_path in chain[-1].dirs):
                return name
        return None

    def spell_relative(self, importer: str, target_path: str) -> tuple[int, str] | None:
        """``(level, dotted)`` of a relative import of ``target_path`` from ``importer``, if one exists.

        ``dotted`` may be empty (``from . import x`` style is built by the caller).
        """
        package = self.package_of(importer)
        if package is None:
            return None
        top_parent = self.top_package_parent(parent_dir(importer))
        target_name = self.dotted_under(target_path, top_parent)
        if target_name is None:
            return None
        target_parts = target_name.split(".")
        if target_parts[0] != package[0]:
            return None
        common = 0
        while common < len(package) and common < len(target_parts) and package[common] == target_parts[common]:
            common += 1
        level = len(package) - common + 1
        rest = ".".join(target_parts[common:])
        return level, rest


def backend_module_names(layout: Layout, backend: str) -> frozenset[str]:
    """Top-level names of the backend folder's modules and packages (what a bare import of a sibling names);
    remembered by the layout, which never changes (a warm server asks it of the same layout per request)."""
    found = layout._backend_names.get(backend)
    if found is None:
        found = layout._backend_names[backend] = _backend_module_names(layout, backend)
    return found


def _backend_module_names(layout: Layout, backend: str) -> frozenset[str]:
    prefix = f"{backend}/" if backend else ""
    names = set()
    for path in layout.files:
        if not path.startswith(prefix):
            continue
        first = path[len(prefix) :].split("/")[0]
        names.add(first[:-3] if first.endswith(".py") else first)
    names.discard("__init__")
    return frozenset(n for n in names if n.isidentifier() and n not in STDLIB)
