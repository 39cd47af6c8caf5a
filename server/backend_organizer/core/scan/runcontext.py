"""Where each command in a text file runs: the folder that ``cd``, ``WORKDIR`` and ``working-directory`` leave.

A command file is cut into *segments*: pieces of a line between ``&&``, ``||``, ``;`` and ``|``. Each segment
gets the workspace folder it runs in, following the rules of its kind of file:

- shell scripts: ``cd DIR`` holds until the end of the script;
- Makefiles and justfiles: every recipe line is its own shell (``cd`` holds to the end of the line and its
  ``\\`` continuations);
- YAML (CI workflows, compose): ``cd DIR`` holds to the end of its block scalar (``run: |``);
  ``working-directory: DIR`` holds for its whole step;
- Markdown and reST: ``cd DIR`` holds to the end of its fenced code block;
- Dockerfiles: ``WORKDIR`` holds for the following instructions; container folders map back to workspace
  folders through ``COPY``/``ADD`` of folders from the build context (the Dockerfile's folder);
- anything else (Procfile, TOML, INI, JSON): ``cd`` holds to the end of the line.

A ``cd`` to a folder that is not in the workspace makes the folder unknown (``None``): nothing that runs
there can be resolved. Nothing here reads the disk.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import NamedTuple

from .globs import NamePatterns
from .sourcefile import line_end, line_starts

_SEPARATOR = re.compile(r"&&|\|\||;|\|")
_CD = re.compile(r"""(?:^|[\s`:$>(])cd\s+(?:--\s+)?(["']?)([^\s"'`&;|()]+)\1\s*$""")
_FENCE = re.compile(r"\s*(```|~~~)")
_WORKING_DIRECTORY = re.compile(r"""(\s*)(?:-\s+)?working[-_]directory:\s*["']?([^\s"'#]+)""")
_BLOCK_START = re.compile(r"""(\s*)(?:-\s+)?[\w.-]+:\s*[|>][-+]?\s*(?:#.*)?$""")
_DOCKER_INSTRUCTION = re.compile(r"\s*(WORKDIR|COPY|ADD)\s+(.*)$", re.I)

Kind = str  # "shell" | "make" | "yaml" | "markdown" | "docker" | "line"


class Segment(NamedTuple):
    """One command piece: ``text[start:end]`` of line ``line`` (0-based) runs in folder ``cwd``."""

    line: int
    start: int
    end: int
    text: str
    cwd: str | None
    #: True when a ``cd``/``WORKDIR``/``working-directory`` decided ``cwd`` (not the file's own base folder).
    moved: bool = False


def file_kind(rel: str) -> Kind:
    name = posixpath.basename(rel)
    lower = name.lower()
    if lower.endswith((".sh", ".bash", ".zsh")):
        return "shell"
    if name in {"Makefile", "makefile", "GNUmakefile", "justfile", "Justfile"} or lower.endswith(".mk"):
        return "make"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower.endswith((".md", ".rst", ".markdown")):
        return "markdown"
    if name.startswith("Dockerfile") or lower.endswith(".dockerfile") or name == "Containerfile":
        return "docker"
    return "line"


_RUN_FILES = (
    "Procfile",
    "Procfile.*",
    "Dockerfile",
    "Dockerfile.*",
    "*.dockerfile",
    "Containerfile",
    "Makefile",
    "makefile",
    "GNUmakefile",
    "*.mk",
    "justfile",
    "Justfile",
    "*.sh",
    "*.bash",
    "*.yml",
    "*.yaml",
    "tox.ini",
    "README*",
    "readme*",
)


_RUN_NAMES = NamePatterns(_RUN_FILES)


def is_run_file(rel: str) -> bool:
    """Files whose lines say how the project runs (commands, not prose): what the import model reads."""
    name = posixpath.basename(rel)
    if name.lower().startswith("readme") and not name.lower().endswith((".md", ".rst", ".txt", "readme")):
        return False
    return _RUN_NAMES.match(name)


def default_base(rel: str, backend: str) -> str:
    """The folder the commands and relative paths in ``rel`` are relative to, before any ``cd``."""
    directory = posixpath.dirname(rel)
    parts = rel.split("/")
    if any(p in {".github", ".circleci", ".gitlab", ".vscode"} for p in parts):
        return ""
    if rel.endswith((".md", ".rst", ".txt")) and directory != backend:
        return ""
    return directory


def _join(cwd: str, target: str, dirs: set[str]) -> str | None:
    if target.startswith(("/", "~", "$")):
        return None
    joined = posixpath.normpath(posixpath.join(cwd or ".", target))
    joined = "" if joined == "." else joined
    if joined.startswith(".."):
        return None
    return joined if joined in dirs else None


def _cd_target(piece: str) -> str | None:
    match = _CD.search(piece)
    return match.group(2) if match else None


class _DockerPaths:
    """Container folders that are copies of workspace folders (``COPY backend/ /app/``)."""

    def __init__(self, context: str, dirs: set[str]):
        self.context = context
        self.dirs = dirs
        self.mapped: dict[str, str] = {}
        self.workdir = "/"

    def container(self, path: str) -> str:
        return posixpath.normpath(posixpath.join(self.workdir, path))

    def workspace(self, container_path: str) -> str | None:
        best = None
        for prefix, folder in self.mapped.items():
            inside = container_path == prefix or container_path.startswith(prefix.rstrip("/") + "/")
            if inside and (best is None or len(prefix) > len(best[0])):
                best = (prefix, folder)
        if best is None:
            return None
        rest = container_path[len(best[0]) :].strip("/")
        return _join(best[1], rest, self.dirs) if rest else best[1]

    def current(self, base: str) -> tuple[str | None, bool]:
        """The workspace folder of the current WORKDIR (the build context while nothing is set)."""
        if self.workdir == "/" and not self.mapped:
            return base, False
        return self.workspace(self.workdir), True

    def instruction(self, word: str, args: str) -> None:
        if word == "WORKDIR":
            self.workdir = self.container(args.strip().strip("\"'"))
            return
        parts = [p for p in re.findall(r"""[^\s"',\[\]]+""", args) if not p.startswith("--")]
        if "--from" in args or len(parts) < 2:
            return
        *sources, dest = parts
        dest_path = self.container(dest)
        for source in sources:
            folder = _join(self.context, source.rstrip("/") or ".", self.dirs)
            if folder is None and (dest.endswith("/") or dest == "." or len(sources) > 1):
                # files or a glob (COPY *.py ./): the destination folder holds files of the source's folder
                folder = _join(self.context, posixpath.dirname(source) or ".", self.dirs)
            if folder is None:
                continue
            if len(sources) == 1 or dest.endswith("/"):
                # COPY backend/ /app/ puts the folder's content in /app; COPY . . the whole context
                self.mapped[dest_path] = folder


def segments(rel: str, text: str, base: str, dirs: set[str]) -> Iterator[Segment]:
    """Every command segment of ``text`` (the file ``rel``) with the folder it runs in (``base`` by default)."""
    kind = file_kind(rel)
    starts = line_starts(text)
    lines = [text[start : line_end(starts, n, text)] for n, start in enumerate(starts)]
    step_dirs = _step_working_dirs(lines, base, dirs) if kind == "yaml" else {}
    if kind == "yaml" and _is_compose(rel):
        step_dirs.update(_compose_contexts(lines, base, dirs))
    docker = _DockerPaths(base, dirs) if kind == "docker" else None
    carried: tuple[str | None, bool] | None = None  # a cd that still holds at the start of the next line
    block_indent: int | None = None  # YAML: the block scalar in which the carried cd holds
    in_fence = False
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if kind == "markdown" and _FENCE.match(line):
            in_fence, carried = not in_fence, None
            continue
        if kind == "yaml" and block_indent is not None and line.strip() and indent < block_indent:
            carried, block_indent = None, None
        if kind == "docker" and docker is not None:
            match = _DOCKER_INSTRUCTION.match(line)
            if match:
                word = match.group(1).upper()
                docker.instruction(word, match.group(2))
                continue
            cwd, moved = docker.current(base)
        elif carried is not None:
            cwd, moved = carried
        elif number in step_dirs:
            cwd, moved = step_dirs[number], True
        else:
            cwd, moved = base, False
        position = 0
        pieces = _SEPARATOR.split(line)
        separators = list(_SEPARATOR.finditer(line))
        saw_cd = False
        for index, piece in enumerate(pieces):
            end = position + len(piece)
            target = _cd_target(piece)
            if target is not None:
                joined = _join(cwd, target, dirs) if cwd is not None else None
                if joined is None and kind == "shell" and not moved:
                    joined = _join("", target, dirs)  # scripts are often run from the workspace root
                cwd, moved, saw_cd = joined, True, True
            elif piece.strip():
                yield Segment(number, position, end, piece, cwd, moved)
            if index < len(separators):
                position = separators[index].end()
        if kind == "shell" or (kind == "markdown" and in_fence):
            carried = (cwd, moved) if moved else None
        elif kind == "make":
            carried = (cwd, moved) if moved and line.rstrip().endswith("\\") else None
        elif kind == "yaml" and saw_cd:
            block = _enclosing_block_indent(lines, number)
            if block is not None:
                carried, block_indent = (cwd, moved), block


def _enclosing_block_indent(lines: list[str], number: int) -> int | None:
    """The indentation of the lines of the YAML block scalar that line ``number`` belongs to, if any."""
    indent = len(lines[number]) - len(lines[number].lstrip())
    for previous in range(number - 1, -1, -1):
        line = lines[previous]
        if not line.strip():
            continue
        own = len(line) - len(line.lstrip())
        if own < indent:
            return indent if _BLOCK_START.match(line) else None
    return None


_BUILD = re.compile(r"""(\s*)build:\s*["']?([^\s"'#{]*)""")
_CONTEXT = re.compile(r"""\s*context:\s*["']?([^\s"'#]+)""")


def _is_compose(rel: str) -> bool:
    name = posixpath.basename(rel).lower()
    return name.startswith(("docker-compose", "compose")) and name.endswith((".yml", ".yaml"))


def _compose_contexts(lines: list[str], base: str, dirs: set[str]) -> dict[int, str | None]:
    """Line → build context folder for every line of a compose service built from a folder: its ``command``
    runs in the image of that folder (``build: ./backend`` then ``command: python run_sse.py``)."""
    found: dict[int, str | None] = {}
    for number, line in enumerate(lines):
        match = _BUILD.match(line)
        if not match:
            continue
        context = match.group(2)
        if not context and number + 1 < len(lines):
            nested = _CONTEXT.match(lines[number + 1])
            context = nested.group(1) if nested else ""
        folder = _join(base, context, dirs) if context else None
        if folder is None or folder == base:
            continue
        key_indent = len(match.group(1))
        start = number
        while start > 0 and (not lines[start - 1].strip() or _indent(lines[start - 1]) >= key_indent):
            start -= 1
        end = number + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= key_indent):
            end += 1
        for inside in range(start, end):
            found.setdefault(inside, folder)
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _step_working_dirs(lines: list[str], base: str, dirs: set[str]) -> dict[int, str | None]:
    """Line → folder for every line of a CI step that sets ``working-directory``."""
    found: dict[int, str | None] = {}
    for number, line in enumerate(lines):
        match = _WORKING_DIRECTORY.match(line)
        if not match:
            continue
        folder = _join(base, match.group(2), dirs)
        key_indent = len(match.group(1)) + (2 if line.lstrip().startswith("- ") else 0)
        start = number
        while start > 0:
            candidate = lines[start]
            if candidate.lstrip().startswith("- ") and len(candidate) - len(candidate.lstrip()) == key_indent - 2:
                break
            start -= 1
        if not lines[start].lstrip().startswith("- "):
            continue
        step_indent = len(lines[start]) - len(lines[start].lstrip())
        end = start + 1
        while end < len(lines):
            candidate = lines[end]
            own = len(candidate) - len(candidate.lstrip())
            if candidate.strip() and (own < step_indent or (own == step_indent and candidate.lstrip().startswith("-"))):
                break
            end += 1
        for inside in range(start, end):
            found[inside] = folder
    return found
