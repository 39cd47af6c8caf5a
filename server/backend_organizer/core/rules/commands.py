"""Rewriting command lines that run moved code: ``python seed.py``, ``python -m pkg.mod``, ``uvicorn mod:app``.

Works on one line of any text (Makefile recipe, Procfile, shell script, Dockerfile shell or exec form, YAML,
Markdown code) and returns edits for that line only. A script run from the backend folder becomes
``python -m scripts.seed``; one run from elsewhere gets its new path (the run-by-path bootstrap keeps that
working). File names of moved modules are updated wherever they appear as a whole token.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..scan.launchers import parse_launch
from .renamer import Renamer

_TOKEN = re.compile(r"[^\s]+")
_INTERPRETER = re.compile(
    r"(?:.*/)?(?:python(?:\d+(?:\.\d+)*)?|py)\Z|\$\(PYTHON\)\Z|\$\{PYTHON\}\Z|\$PYTHON\Z|\$\(PY\)\Z"
)
_OPTS_WITH_ARG = {"-X", "-W", "-c"}
_SERVERS = ("uvicorn", "gunicorn", "hypercorn", "daphne", "granian", "waitress-serve", "celery", "rq ")
_APP = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.()]*\Z")
_PATH = re.compile(r"(?<![\w./$-])((?:\$\{workspaceFolder\}/|\./)?(?:[\w.-]+/)*[\w-][\w.-]*\.py)(?![\w/-])")
_STRIP = "\"'[](),;`"


class LineEdit(NamedTuple):
    start: int
    end: int
    new_text: str
    kind: str
    reason: str


def _core(token: str) -> tuple[int, int]:
    """Offsets of a token without surrounding quotes, brackets and commas."""
    start, end = 0, len(token)
    while start < end and token[start] in _STRIP:
        start += 1
    while end > start and token[end - 1] in _STRIP:
        end -= 1
    return start, end


def rewrite_command_line(line: str, base_dir: str, renamer: Renamer, cwd: str | None = None) -> list[LineEdit]:
    """Edits for one line; offsets are relative to the line. ``cwd`` is where the command runs."""
    cwd = base_dir if cwd is None else cwd
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
    edits: list[LineEdit] = []
    taken: set[int] = set()
    exec_form = "[" in line and '"' in line
    i = 0
    while i < len(tokens):
        start, token = tokens[i]
        cs, ce = _core(token)
        word = token[cs:ce]
        if _INTERPRETER.match(word) or _INTERPRETER.match(token.strip("\"'`")):
            j = i + 1
            while j < len(tokens):
                opt = tokens[j][1][slice(*_core(tokens[j][1]))]
                if opt == "-m" or not opt.startswith("-"):
                    break
                j += 2 if opt in _OPTS_WITH_ARG else 1
            if j < len(tokens):
                t_start, t_token = tokens[j]
                ts, te = _core(t_token)
                target = t_token[ts:te]
                if target == "-m" and j + 1 < len(tokens):
                    m_start, m_token = tokens[j + 1]
                    ms, me = _core(m_token)
                    renamed = renamer.module(m_token[ms:me], cwd)
                    if renamed:
                        edits.append(
                            LineEdit(
                                m_start + ms,
                                m_start + me,
                                renamed,
                                "script",
                                f"module {m_token[ms:me]} moved to {renamed}",
                            )
                        )
                        taken.add(j + 1)
                elif target.endswith(".py"):
                    edit = _script(target, t_start + ts, t_start + te, t_token, cwd, renamer, exec_form)
                    if edit is not None:
                        edits.append(edit)
                        taken.add(j)
            i += 1
            continue
        i += 1
    if any(server in line for server in _SERVERS) or ("-A" in line and "celery" in line):
        for index, (start, token) in enumerate(tokens):
            if index in taken:
                continue
            cs, ce = _core(token)
            word = token[cs:ce]
            if _APP.match(word):
                renamed = renamer.app(word, cwd)
                if renamed:
                    edits.append(LineEdit(start + cs, start + ce, renamed, "script", f"app {word} moved: {renamed}"))
                    taken.add(index)
    edits.extend(_launched_module(line, cwd, renamer, [(e.start, e.end) for e in edits]))
    covered = [(e.start, e.end) for e in edits]
    for match in _PATH.finditer(line):
        if any(s <= match.start() < e for s, e in covered):
            continue
        token = match.group(1)
        rel = token.removeprefix("${workspaceFolder}/")
        base = cwd if token.startswith("${workspaceFolder}/") else base_dir
        found = renamer.path(rel, base)
        if found is None:
            continue
        new_rel = renamer.relative(found[1], base)
        prefix = next((p for p in ("${workspaceFolder}/", "./") if token.startswith(p)), "")
        edits.append(
            LineEdit(match.start(1), match.end(1), prefix + new_rel, "path", f"{found[0]} moved to {found[1]}")
        )
    return sorted(edits, key=lambda e: e.start)


def _launched_module(line: str, cwd: str, renamer: Renamer, covered: list[tuple[int, int]]) -> list[LineEdit]:
    """The module a server or worker CLI launches (``celery -A tasks``, ``flask --app app``, ``fastmcp run
    pkg.mod:mcp``, ``python -m uvicorn mod:app``), renamed when it moved; resolved from the folder the command
    puts first on ``sys.path`` (``--app-dir``, ``--chdir``)."""
    launch = parse_launch(line, cwd)
    if launch is None or launch.module is None or launch.end <= launch.start:
        return []
    if any(s <= launch.start < e for s, e in covered):
        return []
    base = launch.import_dir if launch.import_dir is not None else cwd
    module, colon, attr = launch.module.partition(":")
    renamed = renamer.module_prefix(module, base)
    if renamed is None:
        return []
    new = renamed + colon + attr
    return [LineEdit(launch.start, launch.end, new, "script", f"{launch.tool} runs {launch.module}, now {new}")]


def _script(
    target: str, start: int, end: int, token: str, cwd: str, renamer: Renamer, exec_form: bool
) -> LineEdit | None:
    found = renamer.path(target, cwd)
    if found is None:
        return None
    module = renamer.run_module(found[1], cwd)
    reason = f"{target} moved to {found[1]}"
    if module is None:
        return LineEdit(start, end, renamer.relative(found[1], cwd), "script", reason)
    if exec_form and token.startswith('"'):
        return LineEdit(start, end, f'-m", "{module}', "script", reason + "; run it as a module")
    return LineEdit(start, end, f"-m {module}", "script", reason + "; run it as a module")
