"""Property: organizing any flat backend keeps every module's behaviour, is idempotent and undoes byte for byte.

Hypothesis generates flat backends: module names drawn from a pool that includes the category names
(``models``, ``database``, ``utils``, ``agents``, ``services``, ``data``, ``auth``, ``scripts``, ``tests``), names
that match category patterns, names of standard-library modules (``queue``, ``email``, ``calendar``, ``secrets``),
``Models`` (the case twin of a category), non-ASCII names (``données``, ``café_service``) and neutral names;
content hints that move a module by its content (a ``...Service`` class, ``import sqlite3``, a ``__main__`` block);
and a random import graph using every import form, at module level and inside functions:

    import m / import m as a / import m1, m2 as a, m3 / from m import x, y as a / from m import (..., # comments)
    from m import * / try: from m import x except ImportError / if TYPE_CHECKING: from m import X
    importlib.import_module("m") / mock.patch("m.attr") (unittest.mock, inside the probe)

Module-level imports only go "down" (to modules generated earlier) so the original backend always imports;
function-level imports go anywhere, which gives import cycles and modules that import themselves. Files come in
several styles (LF, CRLF, UTF-8 BOM, latin-1 with a coding cookie, tab indentation); the workspace may be the
backend itself or hold it in ``backend/`` beside a ``pyproject.toml``, may be a git repository, and may have an
existing package (``lib/`` or one named like a category, so moved modules join it) importing flat modules.

Each module has a deterministic ``probe()`` printing values that depend on its imports (values read at import
time, values read at probe time, call counters that expose a module loaded twice, patched values that expose a
patch landing on the wrong module). A runner (a separate ``python -I -S`` process, backend folder first on
``sys.path`` exactly like ``python main.py`` would have it) imports every module and runs every probe, and prints
one JSON object. It runs twice: normally, and with ``typing.TYPE_CHECKING`` forced true so that the imports
under ``if TYPE_CHECKING:`` execute too.

For each backend: the probes run before; ``plan_organize`` must succeed; the plan is applied; every module must
import from its new place and every probe print exactly what it printed before (and a module with a ``__main__``
block, run by path from its new place, must print what it printed before); no line that mentions no module may
change (byte for byte, line ending included; BOM and CRLF kept); moves are recorded in the git index; a second
plan must be empty; ``undo`` must restore the tree (and the git index) byte for byte.

What "same behaviour" means for modules named like the standard library: run as ``python main.py``, a backend
module ``queue.py`` shadows the standard ``queue`` for everyone, and every ``import queue`` in the project means
the project's module. After organizing, the project's own code must still get the project's module (from its
package if it moved) and print the same. Whether third-party or standard-library code would now get the real
``queue`` is not observed: the runner imports everything it needs before putting the backend on ``sys.path``,
and the pool only uses standard-library names that none of that imports (the runner checks this). Names that
the interpreter itself imports at start-up (``types``, ``os``, ``abc``...) are not in the pool: a backend module
with such a name is dead code, never imported, so it has no behaviour to keep.

``BO_PROPERTY_EXAMPLES`` sets the number of generated backends (default 15, a few seconds); for example
``BO_PROPERTY_EXAMPLES=500 pytest tests/property`` for a long run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backend_organizer.core.apply.transaction import apply_plan, undo_last
from backend_organizer.core.planner import plan_organize
from hypothesis import HealthCheck, assume, example, given, note, settings
from hypothesis import strategies as st

MAX_EXAMPLES = int(os.environ.get("BO_PROPERTY_EXAMPLES", "15"))

CATEGORY_NAMES = ["models", "database", "utils", "agents", "services", "data", "auth", "scripts", "tests"]
PATTERN_NAMES = ["helpers", "user_service", "db_repo", "chat_agent", "schemas", "config", "vector_store"]
STDLIB_NAMES = ["queue", "email", "calendar", "secrets"]
NEUTRAL_NAMES = ["core", "engine", "billing", "main", "test_core"]
TRAP_NAMES = ["Models", "données", "café_service"]  # case twin of a category, non-ASCII names
POOL = CATEGORY_NAMES + PATTERN_NAMES + STDLIB_NAMES + NEUTRAL_NAMES + TRAP_NAMES
HINTS = ["none", "none", "service", "database", "script"]
STYLES = ["lf", "lf", "lf", "crlf", "bom", "latin1", "tabs"]
PACKAGES = ["lib", "utils", "models", "services"]

MODULE_KINDS = ["plain", "alias", "multi", "from", "paren", "star", "try", "tc", "class", "cond", "data"]
FUNCTION_KINDS = [
    "plain",
    "alias",
    "multi",
    "from",
    "paren",
    "try",
    "importlib",
    "patch",
    "patchdeco",
    "sysmodules",
    "dunder",
    "nested",
]


@dataclass(frozen=True)
class Stmt:
    kind: str
    targets: tuple[int, ...]
    scope: str  # "module" or "function"


@dataclass(frozen=True)
class Mod:
    name: str
    hint: str
    token: int
    stmts: tuple[Stmt, ...]
    style: str = "lf"  # "lf", "crlf", "bom", "latin1" (with a coding cookie) or "tabs"


@dataclass(frozen=True)
class Backend:
    mods: tuple[Mod, ...]
    #: statements of ``<package>/tools.py`` in an existing package (None: no such package)
    lib: tuple[Stmt, ...] | None = None
    #: name of that package: ``lib``, or a category name so that moved modules join an existing package
    package: str = "lib"
    #: the backend is ``<workspace>/backend`` (workspace root with a pyproject.toml) instead of the root itself
    nested: bool = False
    #: the workspace is a git repository with everything committed (apply also moves the index entries)
    git: bool = False


# -- generating the backend's source ---------------------------------------------------------------------


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _stmt_code(me: str, k: int, stmt: Stmt, names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(import lines, expressions evaluated right after the import, expressions evaluated in the probe)."""
    t = names[0]
    al = f"{me}_a{k}_{t}"
    lines: list[str]
    now: list[str] = []
    later: list[str]
    if stmt.kind == "plain":
        lines = [f"import {t}"]
        now = [f"{t}.{t}_value + '@import'"]
        later = [f"{t}.{t}_get()", f"len({t}.{t}_calls)"]
    elif stmt.kind == "alias":
        lines = [f"import {t} as {al}"]
        now = [f"{al}.{t}_func({me!r})"]
        later = [f"{al}.{t}_func('probe')", f"{al}.{camel(t)}Thing.TAG"]
    elif stmt.kind == "multi":
        parts = [f"{target} as {me}_a{k}_{target}" if n == 1 else target for n, target in enumerate(names)]
        lines = ["import " + ", ".join(parts)]
        later = []
        for n, target in enumerate(names):
            ref = f"{me}_a{k}_{target}" if n == 1 else target
            later += [f"{ref}.{target}_get()", f"len({ref}.{target}_calls)"]
            now += [f"{ref}.{target}_value"]
    elif stmt.kind == "from":
        lines = [f"from {t} import {t}_value, {t}_func as {al}"]
        now = [f"{t}_value", f"{al}({me!r})"]
        later = [f"{t}_value", f"{al}('probe')"]
    elif stmt.kind == "paren":
        lines = [
            f"from {t} import (  # what {me} needs from {t}",
            f"    {t}_get as {al},  # the getter",
            f"    {camel(t)}Thing,",
            ")",
        ]
        now = [f"{al}()"]
        later = [f"{al}()", f"{camel(t)}Thing.TAG"]
    elif stmt.kind == "star":
        lines = [f"from {t} import *  # noqa: F403"]
        now = [f"{t}_value"]
        later = [f"{t}_get()", f"{camel(t)}Thing.TAG"]
    elif stmt.kind == "try":
        lines = [
            "try:",
            f"    from {t} import {t}_value as {al}",
            "except ImportError:  # optional",
            f"    {al} = 'missing'",
        ]
        now = [al]
        later = [al]
    elif stmt.kind == "tc":
        lines = ["if TYPE_CHECKING:", f"    from {t} import {camel(t)}Thing as {al}"]
        later = [f"getattr(globals().get({al!r}), 'TAG', 'unbound')"]
    elif stmt.kind == "class":
        holder = f"{camel(me)}Holder{k}"
        lines = [f"class {holder}:", f"    import {t}", f"    V = {t}.{t}_value"]
        later = [f"{holder}.V", f"{holder}.{t}.{t}_get()"]
    elif stmt.kind == "cond":
        lines = [f"if {t!r}:", f"    import {t} as {al}", "else:  # never", f"    {al} = None"]
        now = [f"{al}.{t}_value"]
        later = [f"{al}.{t}_get()"]
    elif stmt.kind == "data":
        # plain data that merely looks like a module path: it must keep its value
        lines = [f"{al} = [{t!r}, {t + '.' + t + '_value'!r}, {t + ':' + t + '_get'!r}]"]
        later = [al]
    elif stmt.kind == "importlib":
        lines = [f"{al} = importlib.import_module({t!r})"]
        later = [f"{al}.{t}_get()", f"len({al}.{t}_calls)"]
    elif stmt.kind == "patch":
        lines = [
            f"from {t} import {t}_get as {al}",
            f"with mock.patch({t + '.' + t + '_value'!r}, 'patched {t}'):",
            f"    {al}_patched = {al}()",
        ]
        later = [f"{al}_patched", f"{al}()"]
    elif stmt.kind == "patchdeco":
        lines = [
            f"@mock.patch({t + '.' + t + '_value'!r}, 'decorated {t}')",
            f"def {al}_inner():",
            f"    from {t} import {t}_get",
            f"    return {t}_get()",
        ]
        later = [f"{al}_inner()"]
    elif stmt.kind == "sysmodules":
        lines = [f"import {t}", f"{al} = sys.modules[{t!r}]"]
        later = [f"{al}.{t}_get()", f"{al} is {t}"]
    elif stmt.kind == "dunder":
        lines = [f"{al} = __import__({t!r})"]
        later = [f"{al}.{t}_get()"]
    elif stmt.kind == "nested":
        lines = [f"def {al}_inner():", f"    import {t} as inner", f"    return inner.{t}_get()"]
        later = [f"{al}_inner()"]
    else:  # pragma: no cover
        raise AssertionError(stmt.kind)
    return lines, now, later


def module_source(me: str, hint: str, token: int, stmts: tuple[Stmt, ...], names: list[str]) -> str:
    head = [
        f'"""Generated module {me}."""',
        "import importlib",
        "import sys",
        "from typing import TYPE_CHECKING",
        "from unittest import mock",
    ]
    probe_lines: list[str] = ["out.append(('note', " + me + "_note))"]
    if hint == "database":
        head.append("import sqlite3")
    body: list[str] = []
    module_level: list[str] = []
    functions: list[str] = []
    for k, stmt in enumerate(stmts):
        lines, now, later = _stmt_code(me, k, stmt, [names[j] for j in stmt.targets])
        if stmt.scope == "module":
            body.extend(lines)
            for n, expr in enumerate(now):
                module_level.append(f"{me}_m{k}_{n} = {expr}")
                probe_lines.append(f"out.append(('m{k}_{n}', {me}_m{k}_{n}))")
            for n, expr in enumerate(later):
                probe_lines.append(f"out.append(('p{k}_{n}', {expr}))")
        else:
            inner = [*lines, f"return [{', '.join(later)}]"]
            functions.append(f"def {me}_use{k}():\n" + textwrap.indent("\n".join(inner), "    "))
            probe_lines.append(f"out.append(('f{k}', {me}_use{k}()))")
    own = [
        f"{me}_value = {f'{me}:{token}'!r}",
        f"{me}_calls = []",
        f"{me}_note = 'café crème'  # non-ASCII text that must survive every encoding",
        "",
        "",
        f"class {camel(me)}Thing:",
        f"    TAG = {me + ':thing'!r}",
        "",
        "",
        f"def {me}_func(x):",
        f"    {me}_calls.append(x)",
        f"    return f'{me}({{x}})'",
        "",
        "",
        f"def {me}_get():",
        f"    return {me}_value",
    ]
    if hint == "service":
        own += ["", "", f"class {camel(me)}Service:", "    name = 'service'"]
    probe = (
        ["def probe():", "    out = []"]
        + ["    " + line for line in probe_lines]
        + [
            "    for label, value in out:",
            "        print(label, repr(value))",
        ]
    )
    parts = ["\n".join(head)]
    if body:
        parts.append("\n".join(body))
    parts.append("\n".join(own))
    if module_level:
        parts.append("\n".join(module_level))
    parts.extend(functions)
    parts.append("\n".join(probe))
    if hint == "script":
        parts.append('if __name__ == "__main__":\n    probe()')
    return "\n\n\n".join(parts) + "\n"


def encode(text: str, style: str) -> bytes:
    """The module's bytes in one of the styles whose untouched bytes organizing must keep."""
    if style == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if style == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if style == "latin1":
        return ("# -*- coding: latin-1 -*-\n" + text).encode("latin-1")
    if style == "tabs":
        lines = []
        for line in text.split("\n"):
            stripped = line.lstrip(" ")
            depth = (len(line) - len(stripped)) // 4
            lines.append("\t" * depth + " " * ((len(line) - len(stripped)) % 4) + stripped)
        return "\n".join(lines).encode("utf-8")
    return text.encode("utf-8")


def write_backend(backend: Backend, folder: Path) -> dict[str, str]:
    """Write the backend; returns module key -> file (relative to ``folder``)."""
    names = [mod.name for mod in backend.mods]
    files: dict[str, str] = {}
    for mod in backend.mods:
        files[mod.name] = f"{mod.name}.py"
        source = module_source(mod.name, mod.hint, mod.token, mod.stmts, names)
        (folder / files[mod.name]).write_bytes(encode(source, mod.style))
    if backend.lib is not None:
        package = folder / backend.package
        package.mkdir()
        (package / "__init__.py").write_text('"""An existing package that imports flat modules."""\n')
        files[f"{backend.package}.tools"] = f"{backend.package}/tools.py"
        (package / "tools.py").write_text(module_source("tools", "none", 0, backend.lib, names))
    return files


def _stmts(draw, n: int, module_targets: list[int]) -> tuple[Stmt, ...]:
    stmts = []
    for _ in range(draw(st.integers(0, 4))):
        scope = draw(st.sampled_from(["module", "function"])) if module_targets else "function"
        kind = draw(st.sampled_from(MODULE_KINDS if scope == "module" else FUNCTION_KINDS))
        candidates = module_targets if scope == "module" else list(range(n))
        size = 3 if kind == "multi" else 1
        targets = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=size, unique=True))
        stmts.append(Stmt(kind, tuple(targets), scope))
    return tuple(stmts)


#: Engine bugs this property has found and that are not fixed yet: each is (reason, predicate on a backend).
#: Backends that would hit one are skipped (``assume``) so the property keeps hunting for *new* bugs; every entry
#: has a minimal, strict-xfail regression test below. ``BO_PROPERTY_KNOWN_BUGS=1`` generates them anyway.
KNOWN_BUGS: list[tuple[str, object]] = []
SKIP_KNOWN_BUGS = os.environ.get("BO_PROPERTY_KNOWN_BUGS", "") in ("", "0")


def known_bug(backend: Backend) -> str | None:
    for reason, hits in KNOWN_BUGS:
        if hits(backend):  # type: ignore[operator]
            return reason
    return None


@st.composite
def backends(draw) -> Backend:
    n = draw(st.integers(2, 6))
    names = draw(st.lists(st.sampled_from(POOL), min_size=n, max_size=n, unique=True))
    mods = []
    for i, name in enumerate(names):
        hint = draw(st.sampled_from(HINTS))
        token = draw(st.integers(0, 99))
        style = draw(st.sampled_from(STYLES))
        mods.append(Mod(name, hint, token, _stmts(draw, n, list(range(i))), style))
    lib = _stmts(draw, n, list(range(n))) if draw(st.booleans()) else None
    # a flat module named like the package would be dead code (the package wins), so it has no behaviour to keep
    package = draw(st.sampled_from([p for p in PACKAGES if p not in names]))
    return Backend(tuple(mods), lib, package, nested=draw(st.booleans()), git=draw(st.booleans()))


def _m(name: str, hint: str, *stmts: tuple[str, str, tuple[int, ...]]) -> Mod:
    return Mod(name, hint, len(name), _s(*stmts))


def _s(*stmts: tuple[str, str, tuple[int, ...]]) -> tuple[Stmt, ...]:
    return tuple(Stmt(kind, targets, scope) for scope, kind, targets in stmts)


# every import form at both levels, every kind of name, every file style, cycles, self-imports, a patch of its
# own module, an existing package named like a category, a nested backend in a git repository
EVERYTHING = Backend(
    (
        _m("utils", "none", ("function", "importlib", (4,)), ("function", "dunder", (2,))),
        _m("models", "none", ("module", "plain", (0,)), ("function", "plain", (1,)), ("module", "class", (0,))),
        _m("queue", "database", ("module", "alias", (1,)), ("function", "patch", (0,)), ("module", "cond", (1,))),
        _m(
            "email",
            "service",
            ("module", "multi", (0, 2, 1)),
            ("function", "importlib", (9,)),
            ("function", "sysmodules", (3,)),
        ),
        _m(
            "helpers",
            "none",
            ("module", "from", (2,)),
            ("module", "paren", (3,)),
            ("function", "try", (13,)),
            ("module", "data", (0,)),
        ),
        _m("database", "none", ("module", "star", (4,)), ("module", "tc", (1,)), ("function", "multi", (4, 9, 7))),
        _m(
            "agents",
            "none",
            ("module", "try", (5,)),
            ("function", "paren", (10,)),
            ("function", "from", (6,)),
            ("function", "patchdeco", (4,)),
        ),
        _m("data", "none", ("module", "plain", (3,)), ("function", "alias", (8,)), ("function", "nested", (11,))),
        _m("vector_store", "none", ("module", "star", (7,)), ("module", "multi", (0, 7))),
        _m("core", "none", ("module", "paren", (8,)), ("module", "tc", (4,)), ("function", "patch", (9,))),
        _m("user_service", "none", ("module", "multi", (9, 2, 6)), ("function", "importlib", (10,))),
        _m("main", "none", ("module", "plain", (10,)), ("module", "star", (9,)), ("function", "patch", (3,))),
        _m("test_core", "none", ("module", "from", (11,)), ("module", "alias", (4,)), ("function", "try", (12,))),
        _m("calendar", "script", ("module", "tc", (12,)), ("function", "patch", (8,)), ("function", "plain", (0,))),
    ),
    lib=_s(
        ("module", "plain", (4,)),
        ("module", "from", (13,)),
        ("function", "patch", (2,)),
        ("module", "star", (0,)),
        ("function", "sysmodules", (6,)),
    ),
    package="services",
    nested=True,
    git=True,
)
EVERYTHING = dataclasses.replace(
    EVERYTHING,
    mods=tuple(
        dataclasses.replace(mod, style=["lf", "crlf", "bom", "latin1", "tabs"][i % 5])
        for i, mod in enumerate(EVERYTHING.mods)
    ),
)


# -- running the probes ----------------------------------------------------------------------------------

RUNNER = r"""
import sys, json, io, contextlib, importlib, typing, traceback, sqlite3, os
from unittest import mock
with mock.patch("json.dumps", json.dumps):  # load what mock.patch loads lazily, before the backend is on the path
    pass
backend, mode, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
preloaded = sorted(key for key, _ in spec if key in sys.modules)
if mode == "tc":
    typing.TYPE_CHECKING = True
sys.path.insert(0, backend)
probes = {}
for key, dotted in spec:
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            module = importlib.import_module(dotted)
            module.probe()
        probes[key] = buffer.getvalue()
    except BaseException as exc:
        probes[key] = "FAILED " + "".join(traceback.format_exception_only(type(exc), exc)).strip()
loaded = {}
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None)
    if path and os.path.abspath(path).startswith(os.path.abspath(backend) + os.sep):
        loaded.setdefault(os.path.relpath(path, backend), []).append(name)
twice = sorted(path for path, names in loaded.items() if len(names) > 1)
print(json.dumps({"probes": probes, "preloaded": preloaded, "loaded_twice": twice}))
"""


def run_probes(folder: Path, runner: Path, spec: list[tuple[str, str]], mode: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-B", str(runner), str(folder), mode, json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder.parent,
    )
    assert result.returncode == 0, f"the probe runner crashed ({mode}):\n{result.stderr}"
    data = json.loads(result.stdout)
    data["loaded_twice"] = [spec_key(spec, path) for path in data["loaded_twice"]]
    return data


def spec_key(spec: list[tuple[str, str]], path: str) -> str:
    for key, dotted in spec:
        if dotted.replace(".", "/") + ".py" == path:
            return key
    return path


GIT = [
    "git",
    "-c",
    "user.name=Property",
    "-c",
    "user.email=property@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "core.quotePath=false",
]


def git(root: Path, *args: str) -> str:
    result = subprocess.run([*GIT, "-C", str(root), *args], capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8", "surrogateescape")


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) of the workspace, and every permission mode (``<mode> path``);
    a git repository adds its index and status."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        found[rel] = path.read_bytes() if path.is_file() else None
        found[f"<mode> {rel}"] = oct(stat.S_IMODE(path.lstat().st_mode)).encode()
    if (root / ".git").exists():
        found["<git ls-files -s>"] = git(root, "ls-files", "-s").encode()
        found["<git status>"] = git(root, "status", "--porcelain", "--untracked-files=all", "--ignored").encode()
    return found


def untouched_lines_kept(old: bytes, new: bytes, names: list[str]) -> list[str]:
    """Lines of ``old`` that are gone from ``new`` although they mention no module name (whole bytes,
    line ending included): organizing may only rewrite references to modules, never anything else."""
    import difflib

    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    # a name as UTF-8 bytes, and as latin-1 bytes for files with a latin-1 coding cookie
    spellings = {n.encode("utf-8") for n in names} | {n.encode("latin-1") for n in names if max(map(ord, n)) < 256}
    alternatives = b"|".join(re.escape(n) for n in sorted(spellings))
    word = re.compile(rb"(?<![A-Za-z0-9_])(" + alternatives + rb")(?![A-Za-z0-9_])")
    lost = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            lost.extend(repr(line) for line in old_lines[i1:i2] if not word.search(line))
    return lost


def dotted(path: str) -> str:
    return path[: -len(".py")].replace("/", ".")


# -- the property ----------------------------------------------------------------------------------------


def run_script(path: Path, module: str | None = None, root: Path | None = None) -> tuple[int, str, str]:
    """Run a module by path, as ``python path/to/module.py`` (its folder first on ``sys.path``), or with
    ``module`` as ``python -m module`` from ``root``."""
    command = [sys.executable, "-S", "-B", "-E", *(["-m", module] if module else [str(path)])]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=root or path.anchor)
    last = result.stderr.strip().splitlines()[-1:]
    return result.returncode, result.stdout, last[0] if last else ""


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
@example(backend=EVERYTHING)
@given(backend=backends())
def test_organize_keeps_behaviour_is_idempotent_and_undoes_exactly(backend: Backend) -> None:
    if SKIP_KNOWN_BUGS:
        assume(known_bug(backend) is None)
    base = Path(tempfile.mkdtemp(prefix="bo-property-"))
    try:
        check_roundtrip(backend, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def check_roundtrip(backend: Backend, base: Path, log: Callable[[str], None] = note) -> None:
    """The whole property for one backend, built in ``base``; ``log`` records what a failure report shows."""
    root = base / "ws"
    folder = root / "backend" if backend.nested else root
    folder.mkdir(parents=True)
    files = write_backend(backend, folder)
    for rel in files.values():  # runnable scripts are executable files, as people keep them
        if b'if __name__ == "__main__":' in (folder / rel).read_bytes():
            (folder / rel).chmod(0o755)
    if backend.nested:
        (root / "pyproject.toml").write_text('[project]\nname = "generated"\nversion = "0"\n')
    if backend.git:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "generated backend")
    runner = base / "runner.py"
    runner.write_text(RUNNER)
    log(f"workspace: nested={backend.nested} git={backend.git}")
    for rel in files.values():
        log(f"--- {rel} ---\n{(folder / rel).read_bytes().decode('utf-8', 'replace')}")
    keys = list(files)
    prefix = "backend/" if backend.nested else ""
    scripts = [key for key in keys if b'if __name__ == "__main__":' in (folder / files[key]).read_bytes()]
    spec_before = [(key, dotted(files[key])) for key in keys]
    before = {mode: run_probes(folder, runner, spec_before, mode) for mode in ("normal", "tc")}
    for mode, data in before.items():
        assert not data["preloaded"], f"generator error: the runner itself imports {data['preloaded']}"
        broken = {k: v for k, v in data["probes"].items() if v.startswith("FAILED")}
        assert not broken, f"generator error: the original backend does not run ({mode}): {broken}"
        assert not data["loaded_twice"], f"generator error: loaded twice before organizing: {data}"
    by_path = {key: run_script(folder / files[key]) for key in scripts}
    assert all(code == 0 for code, _, _ in by_path.values()), f"generator error: a script fails: {by_path}"
    original = snapshot(root)

    plan = plan_organize(folder, root=root)
    log("moves: " + ", ".join(f"{m.src} -> {m.dst}" for m in plan.moves))
    log("findings:\n" + "\n".join(f"{f.path}:{f.line}: {f.code} {f.message}" for f in plan.findings))
    apply_plan(plan)
    new_files = {key: plan.new_path(prefix + rel)[len(prefix) :] for key, rel in files.items()}

    # every module imports from its new place and behaves exactly as before
    spec_after = [(key, dotted(new_files[key])) for key in keys]
    for mode in ("normal", "tc"):
        after = run_probes(folder, runner, spec_after, mode)
        failed = {k: v for k, v in after["probes"].items() if v.startswith("FAILED")}
        assert not failed, f"modules no longer import or run after organizing ({mode}): {failed}"
        changed = {
            k: {"before": before[mode]["probes"][k], "after": after["probes"][k]}
            for k in keys
            if after["probes"][k] != before[mode]["probes"][k]
        }
        assert not changed, f"probe output changed ({mode}): {json.dumps(changed, indent=1)}"
        assert not after["loaded_twice"], f"a module is loaded under two names after organizing: {after}"
    # scripts keep running by path (the bootstrap); a library module with a __main__ block that moved into a
    # package runs as python -m (it gets no path hack)
    categories = {m.src: m.category for m in plan.moves}
    for key in scripts:
        category = categories.get(prefix + files[key])
        if category in (None, "scripts"):
            again = run_script(folder / new_files[key])
        else:
            again = run_script(folder / new_files[key], dotted(new_files[key]), folder)
        assert again == by_path[key], f"running {new_files[key]} ({category}) changed: {by_path[key]} -> {again}"
    for key in keys:
        mode = stat.S_IMODE((folder / new_files[key]).stat().st_mode)
        expected = int(original[f"<mode> {prefix}{files[key]}"].decode(), 8)  # type: ignore[union-attr]
        assert mode == expected, f"{new_files[key]}: mode {oct(mode)}, was {oct(expected)} before organizing"

    # nothing but references to modules changed, in every file style
    names = [mod.name for mod in backend.mods] + [backend.package, "tools"]
    for key in keys:
        old = original[prefix + files[key]]
        new = (folder / new_files[key]).read_bytes()
        assert old is not None
        lost = untouched_lines_kept(old, new, names)
        assert not lost, f"{files[key]} -> {new_files[key]}: lines that mention no module changed: {lost}"
        if old.startswith(b"\xef\xbb\xbf"):
            assert new.startswith(b"\xef\xbb\xbf"), f"{new_files[key]} lost its BOM"
        if b"\r\n" in old:
            assert new.count(b"\n") == new.count(b"\r\n"), f"{new_files[key]} got LF line endings in a CRLF file"

    if backend.git:
        index = git(root, "ls-files", "-s")
        for key in keys:
            if new_files[key] != files[key]:
                assert f"\t{prefix}{new_files[key]}\n" in index and f"\t{prefix}{files[key]}\n" not in index, (
                    f"the git index does not record the move of {files[key]}:\n{index}"
                )
        # the whole change is staged as one set: nothing left unstaged or untracked by the apply
        status = git(root, "status", "--porcelain", "--untracked-files=all")
        loose = [line for line in status.splitlines() if line[1] != " " or line.startswith("??")]
        assert not loose, f"apply left parts of the change unstaged:\n{status}"

    second = plan_organize(folder, root=root)
    assert second.is_empty, (
        "a second plan is not empty: moves "
        f"{[(m.src, m.dst) for m in second.moves]}, created {[c.path for c in second.created]}, "
        f"changes {[c.path for c in second.changes]}"
    )

    undo_last(root)
    restored = snapshot(root)
    if restored != original:
        diff = sorted(k for k in set(restored) | set(original) if restored.get(k) != original.get(k))
        raise AssertionError(f"undo did not restore the original tree; differing entries: {diff}")


# -- minimal repros of engine bugs found by the property (kept as regression tests) --------------------------


def test_dunder_import_of_a_module_named_like_its_package(tmp_path: Path) -> None:
    """__import__('models') must keep returning the module when models.py becomes models/models.py."""
    backend = Backend(
        (
            Mod("models", "none", 0, ()),
            Mod("user_service", "none", 0, (Stmt("dunder", (0,), "function"),)),
        )
    )
    check_roundtrip(backend, tmp_path, log=lambda _text: None)
