"""Finding the workspace: its root, the backend folder's layout kind, and which files belong to it.

Files come from ``git ls-files`` when the root is inside a git work tree (so ``.gitignore`` is honoured),
else from a directory walk; virtual environments, caches and tool folders are always skipped. Symbolic links
are listed but never followed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from .gitquery import git_output

if TYPE_CHECKING:
    from .listing import StampedCache

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
        ".backend-organizer",
        ".idea",
        ".cache",
        "build",
        "dist",
        ".hypothesis",
        ".ipynb_checkpoints",
    }
)


@dataclass(frozen=True)
class Workspace:
    """The root (POSIX absolute), the backend folder relative to it, and every file in scope."""

    root: Path
    backend: str
    files: tuple[str, ...]
    symlinks: frozenset[str]
    in_git: bool

    def abspath(self, rel: str) -> Path:
        return self.root / rel if rel else self.root

    @cached_property
    def python_files(self) -> tuple[str, ...]:
        """The ``.py`` files that are not symbolic links, in listing order."""
        return tuple(f for f in self.files if f.endswith(".py") and f not in self.symlinks)

    @cached_property
    def other_files(self) -> tuple[str, ...]:
        """Every file that is not a ``.py`` file, in listing order."""
        return tuple(f for f in self.files if not f.endswith(".py"))


def find_root(folder: Path, within: Path | None = None) -> Path:
    """The workspace root of ``folder``: the top of the git work tree holding it, so that every file that can
    reference the backend is in scope (a ``backend/pyproject.toml`` does not hide ``../ui`` or the scripts at
    the repository's top); without git, the nearest ancestor with a ``pyproject.toml``; else ``folder``.
    A git repository at ``/`` or the home folder (dotfiles) does not count. ``within`` bounds the search."""
    folder = Path(os.path.abspath(folder))
    chain = [folder, *folder.parents]
    if within is not None:
        within = Path(os.path.abspath(within))
        chain = [c for c in chain if c == within or within in c.parents]
    too_wide = {Path("/"), Path.home()}
    for candidate in chain:
        if (candidate / ".git").exists() and candidate not in too_wide:
            return candidate
    for candidate in chain:
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return chain[-1] if within is not None and chain else folder


def workspace_root(folder: Path, root: Path | None = None, within: Path | None = None) -> Path:
    """The one answer to "which workspace is ``folder`` in": ``root`` when given (made absolute, symlinks kept,
    as every path of a scan is), else :func:`find_root`. The CLI, the language server's sessions and the scan
    all ask here, so recovery, planning and the journal always agree on the root."""
    if root is not None:
        return Path(os.path.abspath(root))
    return find_root(folder, within)


def project_files(folder: Path, root: Path, name: str) -> list[Path]:
    """The files called ``name`` in ``folder`` and each folder above it up to ``root``, nearest first."""
    folder = Path(os.path.abspath(folder))
    root = Path(os.path.abspath(root))
    found = []
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            found.append(candidate / name)
        if candidate == root or root not in candidate.parents:
            break
    return found


def _skip_dir(name: str, path: Path) -> bool:
    return name in SKIP_DIRS or name.endswith(".egg-info") or (path / "pyvenv.cfg").exists()


def _git_files(root: Path) -> list[str] | None:
    # One process, not two: ``ls-files`` fails exactly where ``rev-parse --is-inside-work-tree`` says no (outside
    # a repository, inside a .git folder, in a bare one), and a warm language server runs this per request.
    listed = git_output(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is None:
        return None
    return sorted({p for p in listed.split("\0") if p})


def _walk_files(root: Path) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d, base / d))
        rel_dir = base.relative_to(root).as_posix()
        for name in filenames:
            found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
        for name in dirnames:
            if (base / name).is_symlink():
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return sorted(found)


def _in_skipped_dir(rel: str, root: Path) -> bool:
    parts = rel.split("/")[:-1]
    path = root
    for part in parts:
        path = path / part
        if part in SKIP_DIRS or part.endswith(".egg-info"):
            return True
    return False


def discover(
    folder: Path, root: Path | None = None, exclude: tuple[str, ...] = (), cache: StampedCache | None = None
) -> Workspace:
    """Scan the workspace around the backend ``folder``; with ``cache``, reuse the last listing while every
    folder it came from is unchanged (:mod:`.listing`)."""
    folder = Path(os.path.abspath(folder))
    if cache is None:
        return _discover(folder, root, exclude)[0]
    return cache.get_or_make(("discover", folder, root, exclude), lambda: _discover(folder, root, exclude, True))


def _discover(
    folder: Path, root: Path | None, exclude: tuple[str, ...], watch: bool = False
) -> tuple[Workspace, list[str]]:
    if not folder.is_dir():
        raise WorkspaceError(f"{folder}: not a folder")
    root = workspace_root(folder, root)
    if not root.is_dir():
        raise WorkspaceError(f"{root}: workspace root is not a folder")
    try:
        backend = folder.relative_to(root).as_posix()
    except ValueError:
        raise WorkspaceError(f"{folder} is outside the workspace root {root}") from None
    if backend == ".":
        backend = ""
    git_files = _git_files(root)
    files = git_files if git_files is not None else _walk_files(root)
    venvs: set[str] = set()
    if git_files is not None:
        files = [f for f in files if not _in_skipped_dir(f, root)]
        venvs = {p.parent.relative_to(root).as_posix() + "/" for p in root.glob("*/pyvenv.cfg")}
        files = [f for f in files if not any(f.startswith(v) for v in venvs)]
    kept: list[str] = []
    symlinks: set[str] = set()
    base = str(root)
    for rel in files:
        if any(fnmatch(rel, pattern) for pattern in exclude):
            continue
        mode = _lstat_mode(os.path.join(base, rel))
        if stat.S_ISLNK(mode):
            symlinks.add(rel)
        elif not stat.S_ISREG(mode):
            continue
        kept.append(rel)
    workspace = Workspace(root, backend, tuple(kept), frozenset(symlinks), git_files is not None)
    if not watch:
        return workspace, []
    from .listing import git_watch_paths, walk_watch_paths  # only the language server's cached scans watch

    def pruned(rel: str) -> bool:  # a folder the listing never looks into, whatever happens inside it
        name = rel.rsplit("/", 1)[-1]
        return name in SKIP_DIRS or name.endswith(".egg-info")

    if git_files is not None:
        watched = git_watch_paths(root, files, pruned, lambda rel: f"{rel}/" in venvs)
    else:
        watched = walk_watch_paths(root, pruned, lambda rel: os.path.exists(os.path.join(root, rel, "pyvenv.cfg")))
    return workspace, watched or []


_NOT_BACKENDS = {
    "tests",
    "test",
    "docs",
    "doc",
    "scripts",
    "examples",
    "alembic",
    "migrations",
    "benchmarks",
    "third_party",
    "vendor",
    "tools",
}
_NOT_MODULES = {"setup.py", "conftest.py", "noxfile.py", "tasks.py", "fabfile.py", "manage.py", "__init__.py"}


#: The errors pathlib's ``is_file``/``is_symlink`` answer False to (any other is raised).
_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def _lstat_mode(path: str) -> int:
    """``lstat``'s mode, 0 for a path that does not exist: ``Path.is_symlink()`` and, for anything but a link,
    ``Path.is_file()`` from one system call and no Path objects (the language server runs this per request)."""
    try:
        return os.lstat(path).st_mode
    except OSError as exc:
        if exc.errno not in _MISSING:
            raise
        return 0


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError as exc:
        if exc.errno not in _MISSING:
            raise
        return False


def _top_modules(folder: Path) -> tuple[list[str], bool]:
    """The module files directly in ``folder``, and whether a symbolic link was among the candidates."""
    try:
        with os.scandir(folder) as entries:
            candidates = [
                e for e in entries if e.name.endswith(".py") and e.name != ".py" and e.name not in _NOT_MODULES
            ]
            return sorted(e.name for e in candidates if _is_file(e)), any(e.is_symlink() for e in candidates)
    except OSError:
        return [], False


def detect_backend(
    folder: Path,
    root: Path,
    configured: str | None,
    package_names: frozenset[str] = frozenset(),
    cache: StampedCache | None = None,
) -> tuple[Path, str | None]:
    """The backend folder to organize when ``folder`` is the workspace root, and a note saying why.

    A root with Python modules of its own is the backend; otherwise ``[tool.backend-organizer] backend``,
    else the one sub-folder that holds Python modules. Folders named like the packages the tool creates
    (``services/``, ``utils/`` …) belong to an already organized root, not to a backend of their own.

    With ``cache``, the answer is reused while the folders it looked into keep their entries (:mod:`.listing`).
    """
    folder = Path(os.path.abspath(folder))
    if folder != Path(os.path.abspath(root)):
        return folder, None
    if configured:
        return folder / configured, f"backend folder {configured}/ from [tool.backend-organizer] backend"
    if cache is None:
        return _detect(folder, package_names)[0]
    return cache.get_or_make(("detect", folder, package_names), lambda: _detect(folder, package_names))


def _detect(folder: Path, package_names: frozenset[str]) -> tuple[tuple[Path, str | None], list[str]]:
    """:func:`detect_backend` for a workspace root, and the folders whose entries decided it (none when a
    symbolic link did: its target can change without any folder changing)."""
    looked = [str(folder)]
    modules, linked = _top_modules(folder)
    if modules:
        return (folder, None), [] if linked else looked
    candidates = []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or child.is_symlink() or child.name.startswith(".") or child.name in _NOT_BACKENDS:
            continue
        if child.name in package_names:
            continue
        looked.append(str(child))  # its entries decide both whether it is a virtualenv and what modules it has
        if _skip_dir(child.name, child):
            continue
        modules, child_linked = _top_modules(child)
        linked = linked or child_linked
        if len(modules) >= 2:
            candidates.append((child, len(modules)))
    watched = [] if linked else looked
    if len(candidates) == 1:
        child, count = candidates[0]
        note = f"backend folder detected: {child.name}/ (the only folder with Python modules, {count})"
        return (child, note), watched
    if len(candidates) > 1:
        names = ", ".join(c.name for c, _ in candidates)
        raise WorkspaceError(
            f"several folders could be the backend ({names}); pass one as PATH or set [tool.backend-organizer] backend"
        )
    return (folder, None), watched
