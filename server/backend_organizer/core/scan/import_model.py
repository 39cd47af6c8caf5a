"""How the backend's code is imported when it runs: as an import root, as a package, or both.

An ``__init__.py`` alone does not decide it. A ``backend/`` folder with an ``__init__.py`` whose modules import
each other by bare name (``from models import User``) and which runs as ``cd backend && uvicorn main:app`` is
an *import root*: its modules are top-level modules, and a new ``backend/agents/`` package would shadow the
OpenAI Agents SDK's ``agents``. The evidence, each piece with file:line:

- how the code imports the backend's modules: bare sibling names (import root), ``backend.x`` or relative
  imports that reach the backend folder (package), also in module-path strings (``mock.patch``, app strings);
- run commands in Procfile, Dockerfile (``WORKDIR``/``COPY``), Makefile, shell scripts, CI workflows,
  compose files and README code: what they launch and from which folder (see :mod:`runcontext` and
  :mod:`launchers`), ``PYTHONPATH``, ``--app-dir``;
- ``[project.scripts]`` entry points, pytest ``pythonpath``, folders code puts on ``sys.path``, and
  ``[tool.backend-organizer] roots``/``layout``.

When the evidence shows both, both are modelled at once; with no evidence at all, an ``__init__.py`` means a
package. Nothing here reads the disk: the caller passes the commands found (:func:`launchers.find_launches`).
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .index import FileIndex
from .launchers import LaunchRef

ModelKind = Literal["import-root", "package", "both"]
#: The kinds under which the backend's modules run as top-level modules, and as members of its package.
IMPORT_ROOT_KINDS = frozenset({"import-root", "both"})
PACKAGE_KINDS = frozenset({"package", "both"})
_STDLIB = frozenset(sys.stdlib_module_names)
#: How many pieces of evidence of each kind are kept to show (the count is always complete).
_SHOWN = 3


#: What kind of evidence: an import, a relative import, a module-path string, a run command, an entry point
#: or a sys.path setting.
#: How the backend runs: from its own folder (bare imports) or as a package.
RunModel = Literal["import-root", "package"]
EvidenceKind = Literal["import", "relative", "string", "command", "entry-point", "path"]


class Evidence(NamedTuple):
    """One reason to believe the backend runs as ``model``, found at ``path:line``."""

    model: Literal["import-root", "package"]
    path: str
    line: int
    what: str
    kind: EvidenceKind = "import"


@dataclass(frozen=True)
class ImportModel:
    """The decided model, the evidence for it, and how it is described to people."""

    kind: ModelKind
    backend: str
    evidence: tuple[Evidence, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    source: str = "evidence"

    @property
    def as_import_root(self) -> bool:
        return self.kind in IMPORT_ROOT_KINDS

    @property
    def as_package(self) -> bool:
        return self.kind in PACKAGE_KINDS

    def names(self) -> list[str]:
        """``["import root backend/", "package backend"]`` for the models in use."""
        found = []
        if self.as_import_root:
            found.append(f"import root {self.backend}/" if self.backend else "import root (the workspace root)")
        if self.as_package:
            found.append(f"package {self.backend.replace('/', '.')}")
        return found

    def describe(self) -> str:
        return " and ".join(self.names())


def _top_names(backend: str, python_files: Iterable[str], dirs: Iterable[str]) -> set[str]:
    """Module and package names directly inside the backend folder."""
    prefix = f"{backend}/" if backend else ""
    names = set()
    for path in python_files:
        if not path.startswith(prefix):
            continue
        rel = path[len(prefix) :]
        parts = rel.split("/")
        if len(parts) == 1 and rel.endswith(".py") and rel != "__init__.py":
            names.add(rel[:-3])
        elif len(parts) > 1 and parts[0].isidentifier():
            names.add(parts[0])
    return {n for n in names if n.isidentifier()}


class _Collector:
    def __init__(self, backend: str):
        self.backend = backend
        self.items: list[Evidence] = []
        self.counts: dict[str, int] = {}

    def add(
        self, model: Literal["import-root", "package"], path: str, line: int, kind: EvidenceKind, what: str
    ) -> None:
        key = f"{model}:{kind}"
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= _SHOWN:
            self.items.append(Evidence(model, path, line, what, kind))


def infer_import_model(
    backend: str,
    python_files: list[str],
    dirs: set[str],
    indexes: Mapping[str, FileIndex],
    launches: Iterable[LaunchRef],
    entry_points: Iterable[tuple[str, int, str]] = (),
    pythonpath: Iterable[tuple[str, str]] = (),
    sys_path_inserts: Mapping[str, str] | None = None,
    configured: str | None = None,
    has_init: bool = False,
) -> ImportModel:
    """Decide how the backend's modules are imported.

    ``launches``: the commands of the workspace's run files; ``entry_points``: ``(file, line, "module:attr")``
    from packaging metadata;
    ``pythonpath``: ``(folder, where)`` pairs (pytest settings, configured roots); ``sys_path_inserts``:
    folder → ``file:line`` that inserts it.
    """
    if not backend:
        return ImportModel("import-root", backend, source="the backend is the workspace root")
    if configured in {"import-root", "package", "both"}:
        return ImportModel(configured, backend, source="[tool.backend-organizer] layout")  # type: ignore[arg-type]
    if not all(part.isidentifier() for part in backend.split("/")):
        return ImportModel("import-root", backend, source=f"{backend}/ cannot be imported as a package (its name)")
    found = _Collector(backend)
    files = set(python_files)
    siblings = _top_names(backend, python_files, dirs)
    top_level_elsewhere = {
        posixpath.basename(p)[:-3] if p.endswith(".py") else p for p in (*python_files, *dirs) if "/" not in p and p
    }
    dotted = backend.replace("/", ".")
    bare = {n for n in siblings if n not in top_level_elsewhere and n not in _STDLIB and n != dotted.split(".")[0]}

    for path in sorted(indexes):
        index = indexes[path]
        inside = path.startswith(backend + "/")
        depth = path.count("/") - backend.count("/") - 1 if inside else -1
        for stmt in index.imports:
            names = [stmt.module or ""] if stmt.is_from else [a.name for a in stmt.names]
            if stmt.level:
                if inside and stmt.level > depth:
                    found.add("package", path, stmt.line, "relative", "a relative import reaches the backend folder")
                continue
            for name in names:
                top = name.split(".")[0]
                if name == dotted or name.startswith(dotted + "."):
                    found.add("package", path, stmt.line, "import", f"imports {name}")
                elif top in bare:
                    found.add("import-root", path, stmt.line, "import", f"imports sibling module {top!r} by bare name")
        for ref in index.strings:
            if ref.kind not in {"app", "patch", "import_module", "setattr"}:
                continue
            value = ref.value.split(":")[0]
            if value.startswith(dotted + "."):
                found.add("package", path, ref.span[0], "string", f"names {ref.value!r}")
            elif value.split(".")[0] in bare and (inside or ref.kind == "app"):
                found.add("import-root", path, ref.span[0], "string", f"names {ref.value!r} from the backend folder")

    for command in launches:
        launch, rel, line = command.launch, command.file, command.line
        shown = command.text[:80]
        if backend in launch.extra_paths:
            found.add("import-root", rel, line, "command", f"puts {backend}/ on the path: `{shown}`")
        if launch.script is not None and launch.import_dir == backend:
            found.add("import-root", rel, line, "command", f"runs a script in {backend}/: `{shown}`")
        module = launch.module_name
        if module is None:
            continue
        if launch.import_dir == backend and module.split(".")[0] in siblings:
            found.add("import-root", rel, line, "command", f"runs {module} from {backend}/: `{shown}`")
        elif launch.import_dir is not None and _is_backend_module(_joined(launch.import_dir, module), backend, files):
            found.add("package", rel, line, "command", f"runs {module} as part of the package: `{shown}`")

    for where, line, value in entry_points:
        module = value.split(":")[0].strip()
        if module.startswith(dotted + "."):
            found.add("package", where, line, "entry-point", f"entry point {value}")
        elif module.split(".")[0] in bare:
            found.add("import-root", where, line, "entry-point", f"entry point {value}")
    for folder, where in pythonpath:
        if folder == backend:
            found.add("import-root", where.split(":")[0], _line(where), "path", f"puts {backend}/ on the path")
    for folder, where in (sys_path_inserts or {}).items():
        if folder == backend:
            found.add("import-root", where.split(":")[0], _line(where), "path", f"puts {backend}/ on sys.path")

    root = any(e.model == "import-root" for e in found.items)
    package = any(e.model == "package" for e in found.items)
    kind: ModelKind
    if root and package:
        kind = "both"
    elif root:
        kind = "import-root"
    elif package:
        kind = "package"
    else:
        kind = "package" if has_init else "import-root"
        source = f"no run command or import says; {backend}/__init__.py " + (
            "makes it a package" if has_init else "is absent, so it is an import root"
        )
        return ImportModel(kind, backend, source=source)
    return ImportModel(kind, backend, tuple(found.items), tuple(sorted(found.counts.items())))


def _is_backend_module(path: str, backend: str, files: set[str]) -> bool:
    """Whether the module at ``path`` (no suffix) is a file or package of the backend folder."""
    return path.startswith(backend + "/") and (f"{path}.py" in files or f"{path}/__init__.py" in files)


def _joined(folder: str, module: str) -> str:
    path = module.replace(".", "/")
    return f"{folder}/{path}" if folder else path


def _line(where: str) -> int:
    _, _, line = where.rpartition(":")
    return int(line) if line.isdigit() else 1
