"""What a command line launches: a script run by path, a module run with ``-m``, or an app string handed to a
server or worker CLI (``uvicorn main:app``, ``gunicorn -w 4 app:app``, ``celery -A tasks worker``,
``flask --app app run``, ``streamlit run app.py``, ``fastmcp run server.py:mcp`` …).

:func:`parse_launch` reads one command segment (see :mod:`runcontext`) and returns a :class:`Launch` naming the
folder Python puts first on ``sys.path`` (the script's folder, or the folder the command runs in, or an
``--app-dir``/``--chdir``/``PYTHONPATH`` folder) and the token that names the code, with its offsets, so that
callers can both learn how the project runs and rewrite the token when that code moves.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import NamedTuple

from .runcontext import segments

_TOKEN = re.compile(r"[^\s]+")
_STRIP = "\"'[](),;`"
_INTERPRETER = re.compile(
    r"(?:.*/)?(?:python(?:\d+(?:\.\d+)*)?|py)\Z|\$\(PYTHON\)\Z|\$\{PYTHON\}\Z|\$PYTHON\Z|\$\(PY\)\Z"
)
_APP = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.()]*\Z")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")
_ASSIGNMENT = re.compile(r"([A-Za-z_]\w*)=(.*)\Z")
_WRAPPERS = {"exec", "env", "nohup", "time", "sudo", "command", "RUN", "CMD", "ENTRYPOINT", "$", ">", "-", "*"}
_RUNNERS = {"poetry", "uv", "pipenv", "pdm", "hatch", "rye"}
_INTERPRETER_OPTS_WITH_ARG = {"-X", "-W"}
#: Servers and workers whose argument is ``module:attr`` (or a module), and their options that take a folder.
_APP_SERVERS = {"uvicorn", "gunicorn", "hypercorn", "daphne", "granian", "waitress-serve", "taskiq", "faust"}
_MODULE_WORKERS = {"celery", "arq", "dramatiq", "huey_consumer", "huey_consumer.py", "rq"}
_DIR_OPTIONS = {"--app-dir": "cwd", "--chdir": "cwd", "--pythonpath": "path"}
#: Tools that run a Python file by path (its folder goes first on sys.path).
_SCRIPT_RUNNERS = {"streamlit": "run", "chainlit": "run", "mcp": ("run", "dev"), "fastmcp": ("run", "dev")}


class Launch(NamedTuple):
    """What one command runs, and where (``import_dir`` is None when the command's folder is unknown)."""

    tool: str
    import_dir: str | None
    #: ``module`` or ``module:attr`` as written; ``script`` is a path as written (relative to ``cwd``).
    module: str | None = None
    script: str | None = None
    #: Offsets of the module/script text inside the segment.
    start: int = 0
    end: int = 0
    extra_paths: tuple[str, ...] = ()

    @property
    def module_name(self) -> str | None:
        return self.module.split(":", 1)[0] if self.module else None


#: Tools that serve or run an application (their target is the app's entry point, wherever they are written).
APP_TOOLS = frozenset({*_APP_SERVERS, *_MODULE_WORKERS, *_SCRIPT_RUNNERS, "flask"})
_SERVICE_LINE = re.compile(r"\s*(?:CMD|ENTRYPOINT)\b|\s*-?\s*(?:command|entrypoint|start|run_command)\s*:", re.I)


class LaunchRef(NamedTuple):
    """A command in a workspace file and what it launches."""

    file: str
    line: int
    text: str
    launch: Launch
    #: Started by a process manager or deploy config (Procfile, Dockerfile CMD, compose ``command:``) or by an
    #: app server or worker CLI: what it launches is an application entry point, not a utility script.
    service: bool


def find_launches(texts: Mapping[str, str], bases: Mapping[str, str], dirs: set[str]) -> list[LaunchRef]:
    """Every command of the given files that launches Python code, with where it runs."""
    found: list[LaunchRef] = []
    for rel in sorted(texts):
        name = posixpath.basename(rel)
        procfile = name == "Procfile" or name.startswith("Procfile.")
        for segment in segments(rel, texts[rel], bases.get(rel, posixpath.dirname(rel)), dirs):
            launch = parse_launch(segment.text, segment.cwd)
            if launch is None:
                continue
            # a Procfile's release phase runs one-off scripts (migrations, seeds), not the service
            in_procfile = procfile and not segment.text.lstrip().startswith("release:")
            service = in_procfile or launch.tool in APP_TOOLS or bool(_SERVICE_LINE.match(segment.text))
            found.append(LaunchRef(rel, segment.line + 1, segment.text.strip()[:120], launch, service))
    return found


def tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of each whitespace token, with quotes, brackets and commas stripped."""
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        start, end = 0, len(token)
        while start < end and token[start] in _STRIP:
            start += 1
        while end > start and token[end - 1] in _STRIP:
            end -= 1
        if start < end:
            found.append((match.start() + start, match.start() + end, token[start:end]))
    return found


def _join(cwd: str | None, rel: str) -> str | None:
    if cwd is None or rel.startswith(("/", "$", "~")):
        return None
    joined = posixpath.normpath(posixpath.join(cwd or ".", rel))
    if joined.startswith(".."):
        return None
    return "" if joined == "." else joined


def _skip_prefix(words: list[tuple[int, int, str]]) -> tuple[int, dict[str, str]]:
    """Index of the command word after labels, wrappers, runners and ``NAME=value`` assignments."""
    env: dict[str, str] = {}
    i = 0
    while i < len(words):
        word = words[i][2]
        assignment = _ASSIGNMENT.match(word)
        if assignment and not word.startswith("-"):
            env[assignment.group(1)] = assignment.group(2)
            i += 1
        elif word in _WRAPPERS or (i == 0 and word.endswith(":") and len(word) > 1):
            i += 1  # Procfile "web:", YAML "run:"/"command:", shell prompt, Docker instruction
        elif word in _RUNNERS and i + 1 < len(words) and words[i + 1][2] == "run":
            i += 2
        else:
            break
    return i, env


def parse_launch(text: str, cwd: str | None) -> Launch | None:
    """What the command segment ``text`` run in folder ``cwd`` launches, or None for anything else."""
    words = tokens(text)
    i, env = _skip_prefix(words)
    if i >= len(words):
        return None
    folders = (_join(cwd, part) for part in env.get("PYTHONPATH", "").split(":") if part)
    extra = tuple(folder for folder in folders if folder is not None)
    word = words[i][2]
    if _INTERPRETER.match(word):
        j = i + 1
        while j < len(words) and words[j][2].startswith("-") and words[j][2] != "-m":
            if words[j][2] == "-c":
                return None
            j += 2 if words[j][2] in _INTERPRETER_OPTS_WITH_ARG else 1
        if j >= len(words):
            return None
        if words[j][2] == "-m":
            if j + 1 >= len(words):
                return None
            start, end, module = words[j + 1]
            tool = module.split(".")[0]
            if tool in _APP_SERVERS or tool in _MODULE_WORKERS or tool in _SCRIPT_RUNNERS or tool == "flask":
                return _tool_launch(tool, words, j + 2, cwd, env, extra)
            if not _MODULE.match(module):
                return None
            return Launch("python -m", cwd, module=module, start=start, end=end, extra_paths=extra)
        start, end, script = words[j]
        if not script.endswith(".py"):
            return None
        return _script_launch("python", script, start, end, cwd, extra)
    tool = posixpath.basename(word)
    if tool in _APP_SERVERS or tool in _MODULE_WORKERS or tool in _SCRIPT_RUNNERS or tool == "flask":
        return _tool_launch(tool, words, i + 1, cwd, env, extra)
    return Launch(tool, cwd, extra_paths=extra) if extra else None  # PYTHONPATH=backend pytest


def _tool_launch(
    tool: str, words: list[tuple[int, int, str]], i: int, cwd: str | None, env: dict[str, str], extra: tuple[str, ...]
) -> Launch | None:
    import_dir = cwd
    rest = words[i:]
    for k, (_, _, word) in enumerate(rest):
        option, _, inline = word.partition("=")
        if _DIR_OPTIONS.get(option):
            value = inline or (rest[k + 1][2] if k + 1 < len(rest) else "")
            folder = _join(cwd, value)
            if _DIR_OPTIONS[option] == "cwd":
                import_dir = folder
            elif folder is not None:
                extra = (folder, *extra)
    if tool in _SCRIPT_RUNNERS:
        verbs = _SCRIPT_RUNNERS[tool]
        verbs = (verbs,) if isinstance(verbs, str) else verbs
        if not rest or rest[0][2] not in verbs or len(rest) < 2:
            return None
        start, end, target = rest[1]
        file_part = target.split(":", 1)[0]
        if file_part.endswith(".py"):
            return _script_launch(tool, file_part, start, start + len(file_part), import_dir, extra)
        if _APP.match(target) or _MODULE.match(target):
            return Launch(tool, import_dir, module=target, start=start, end=end, extra_paths=extra)
        return None
    if tool == "flask":
        app = env.get("FLASK_APP")
        for k, (start, end, word) in enumerate(rest):
            if word in {"--app", "-A"} and k + 1 < len(rest):
                start, end, app = rest[k + 1]
                return _module_launch(tool, app, start, end, import_dir, extra)
            if word.startswith("--app="):
                return _module_launch(tool, word[6:], start + 6, end, import_dir, extra)
        return _module_launch(tool, app, 0, 0, import_dir, extra) if app else None
    if tool in _MODULE_WORKERS:
        for k, (start, end, word) in enumerate(rest):
            if word in {"-A", "--app"} and k + 1 < len(rest):
                start, end, value = rest[k + 1]
                return _module_launch(tool, value, start, end, import_dir, extra)
            if word.startswith(("--app=", "-A=")):
                offset = word.index("=") + 1
                return _module_launch(tool, word[offset:], start + offset, end, import_dir, extra)
        if tool == "celery":
            return None
    for start, end, word in rest:
        if word.startswith("-"):
            continue
        if _APP.match(word) or (tool in _MODULE_WORKERS and _MODULE.match(word) and word not in {"worker", "beat"}):
            return Launch(tool, import_dir, module=word, start=start, end=end, extra_paths=extra)
    return None


def _script_launch(tool: str, script: str, start: int, end: int, cwd: str | None, extra: tuple[str, ...]) -> Launch:
    """A script run by path: its own folder goes first on ``sys.path``."""
    path = _join(cwd, script)
    folder = posixpath.dirname(path) if path is not None else None
    return Launch(tool, folder, script=script, start=start, end=end, extra_paths=extra)


def _module_launch(tool: str, value: str, start: int, end: int, import_dir: str | None, extra: tuple[str, ...]):
    if value.endswith(".py"):
        return _script_launch(tool, value, start, end, import_dir, extra)
    if _APP.match(value) or _MODULE.match(value):
        return Launch(tool, import_dir, module=value, start=start, end=end, extra_paths=extra)
    return None
