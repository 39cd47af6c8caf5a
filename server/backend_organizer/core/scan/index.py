"""One pass over a file's :mod:`ast`: its imports, module-path strings, ``__file__`` uses and definitions.

The index is the engine's scanner: cheap (a single :func:`ast.walk`), picklable (plain tuples and
dataclasses, no AST kept) and computed per file so that it can run in parallel and be cached per file by the
language server. Anything that needs more than this (usage chains, string annotations) re-parses the few
files concerned on demand.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .callsites import (
    CallKind,
    classify_call,
    dotted_name,
    is_str,
    is_unnamed_task,
    patches_by_name,
    persists_classes,
    str_arg,
)
from .statements import bound_names, is_main_guard, top_statements

#: A string that could be a dotted module path, optionally with a ``:attr`` suffix.
DOTTED_STRING = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_][\w.]*)?\Z")

Span = tuple[int, int, int, int]  # ast lineno, col_offset, end_lineno, end_col_offset


class ImportName(NamedTuple):
    name: str
    asname: str | None
    span: Span


class ImportStmt(NamedTuple):
    """One ``import``/``from ... import`` statement anywhere in the file."""

    span: Span
    is_from: bool
    module: str | None
    level: int
    names: tuple[ImportName, ...]
    top_level: bool

    @property
    def line(self) -> int:
        return self.span[0]


#: What a module-path string is: the argument of a call of that kind, a ``sys.modules`` key, or an
#: unproven dotted literal (``dotted``, ``annotation`` when it sits in a type annotation).
StringKind = Literal[CallKind, "sys_modules", "dotted", "annotation"]
#: Calls whose module path is computed at run time.
DynamicKind = Literal["import_module", "__import__", "resolve_name", "patch"]


class StringRef(NamedTuple):
    """A string literal that names a module path; ``kind`` says how sure we are (``dotted`` = unproven)."""

    kind: StringKind
    value: str
    span: Span
    package: str | None = None
    #: For ``__import__``: where to insert ``, fromlist=[...]`` (None when the call has more arguments).
    call_insert: tuple[int, int] | None = None


class DynamicRef(NamedTuple):
    """An import-like call whose target is computed at run time; reported, never guessed."""

    kind: DynamicKind
    line: int
    text: str


class ClassInfo(NamedTuple):
    name: str
    bases: tuple[str, ...]
    decorators: tuple[str, ...]


@dataclass
class FileIndex:
    path: str
    imports: list[ImportStmt] = field(default_factory=list)
    strings: list[StringRef] = field(default_factory=list)
    dynamic: list[DynamicRef] = field(default_factory=list)
    top_names: frozenset[str] = frozenset()
    dunder_all: tuple[tuple[str, Span], ...] | None = None
    has_module_getattr: bool = False
    classes: tuple[ClassInfo, ...] = ()
    functions: tuple[str, ...] = ()
    main_block: bool = False
    file_uses: tuple[int, ...] = ()
    module_file_uses: tuple[int, ...] = ()
    sys_path_lines: tuple[int, ...] = ()
    #: Top-level functions that Celery names after their module (``@app.task``/``@shared_task``, no ``name=``).
    task_defs: tuple[tuple[int, str], ...] = ()
    #: Lines that persist objects with their classes' module paths (``pickle.dump``, ``shelve.open`` …).
    pickle_lines: tuple[int, ...] = ()
    lines: int = 0
    #: What module-level statements call: ``(bound name or "", dotted callee)`` for ``app = FastAPI()``,
    #: ``st.title("x")``, ``asyncio.run(main())`` (what the module *creates* when it is imported).
    top_calls: tuple[tuple[str, str], ...] = ()
    #: Decorators of module-level functions: ``(function, dotted decorator)`` (``@router.get`` → ``router.get``).
    function_decorators: tuple[tuple[str, str], ...] = ()
    #: Module-level statements that do work when imported, besides definitions and assignments: the callee of
    #: each call statement (``print``, ``asyncio.run``), ``<loop>`` for loops and ``with`` blocks. A script
    #: without a ``__main__`` guard has them.
    top_effects: tuple[str, ...] = ()
    #: Docstrings (module, class, function) whose text mentions ``.py``: ``(value, span)`` of the literal, for the
    #: rule that updates file names in documentation without parsing the file again.
    docstrings: tuple[tuple[str, Span], ...] = ()

    @property
    def has_star_import(self) -> bool:
        return any(n.name == "*" for s in self.imports for n in s.names)


def _span(node: ast.AST) -> Span:
    return (node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)  # type: ignore[attr-defined]


def _collect_top_level(body: list[ast.stmt], names: set[str], index: FileIndex) -> None:
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(stmt.name)
            if stmt.name == "__getattr__":
                index.has_module_getattr = True
        elif isinstance(stmt, ast.ClassDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                bound_names(target, names)
                if isinstance(target, ast.Name) and target.id == "__all__":
                    _record_all(stmt.value, index)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            bound_names(stmt.target, names)
            if isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__" and stmt.value is not None:
                _record_all(stmt.value, index)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            bound_names(stmt.target, names)
            _collect_top_level(stmt.body + stmt.orelse, names, index)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    bound_names(item.optional_vars, names)
            _collect_top_level(stmt.body, names, index)
        elif isinstance(stmt, (ast.If, ast.While)):
            _collect_top_level(stmt.body + stmt.orelse, names, index)
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            for handler in stmt.handlers:
                if handler.name:
                    names.add(handler.name)
                _collect_top_level(handler.body, names, index)
            _collect_top_level(stmt.body + stmt.orelse + stmt.finalbody, names, index)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                _collect_top_level(case.body, names, index)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.NamedExpr):
            bound_names(stmt.value.target, names)


def _record_all(value: ast.AST, index: FileIndex) -> None:
    if isinstance(value, (ast.List, ast.Tuple)):
        entries = tuple((e.value, _span(e)) for e in value.elts if is_str(e))  # type: ignore[attr-defined]
        index.dunder_all = (index.dunder_all or ()) + entries


#: What the expression walk records, by construct (a ``StringRef``/``DynamicRef`` kind or a ``FileIndex``
#: field), with the words without which a file cannot contain it. Rules declare the constructs they read
#: (``reads``); the registry checks that each is recorded here, so a construct cannot be added without the
#: words that make the walk look for it. ``dotted``/``annotation`` strings are found by ``_DOTTED_LITERAL``.
CONSTRUCTS: dict[str, tuple[str, ...]] = {
    "patch": ("patch",),
    "setattr": ("setattr", "delattr"),
    "import_module": ("import_module", "find_spec"),
    "__import__": ("__import__",),
    "resolve_name": ("resolve_name",),
    "sys_modules": ("sys.modules",),
    "app": ("uvicorn", "hypercorn"),
    "dotted": (),
    "annotation": (),
    "sys_path_lines": ("sys.path",),
    "file_uses": ("__file__",),
    "module_file_uses": ("__file__",),
    "pickle_lines": ("pickle", "Pickler", "shelve", "dill", "joblib"),
}
#: Text that can only matter if it appears in the file: without any of it, expressions need no walk.
_TRIGGERS = tuple(dict.fromkeys(word for words in CONSTRUCTS.values() for word in words))
_DOTTED_LITERAL = re.compile(r"""['"](?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[\w.]*)?|[\w./-]+\.py)['"]""")


_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
#: The statements (and except clauses) that hold statements, and where: simple statements, most of a file, need
#: no look inside.
_NESTED: dict[type, tuple[str, ...]] = {
    ast.FunctionDef: ("body",),
    ast.AsyncFunctionDef: ("body",),
    ast.ClassDef: ("body",),
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
    ast.Try: ("body", "orelse", "finalbody", "handlers"),
    ast.TryStar: ("body", "orelse", "finalbody", "handlers"),
    ast.ExceptHandler: ("body",),
}


def _collect_statements(body: list, index: FileIndex, top_level: bool, docstrings: list[tuple[str, Span]]) -> None:
    """Imports and docstrings at any depth, visiting statements only (neither hides inside expressions)."""
    for stmt in body:
        kind = type(stmt)
        if kind is ast.Import or kind is ast.ImportFrom:
            _add_import(index, stmt, top_level)
            continue
        attributes = _NESTED.get(kind)
        if attributes is None:
            if kind is ast.Match:
                for case in stmt.cases:
                    _collect_statements(case.body, index, False, docstrings)
            continue
        if kind in _DEFINITIONS:
            _note_docstring(stmt.body, docstrings)
        for attribute in attributes:
            inner = getattr(stmt, attribute)
            if inner:
                _collect_statements(inner, index, False, docstrings)


def _note_docstring(body: list[ast.stmt], docstrings: list[tuple[str, Span]]) -> None:
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        value = first.value.value
        if isinstance(value, str) and ".py" in value:
            docstrings.append((value, _span(first.value)))


def build_index(path: str, tree: ast.Module, line_count: int = 0, text: str | None = None) -> FileIndex:
    """Index one parsed file; with its ``text``, expressions are only walked when the text can matter."""
    index = FileIndex(path=path, lines=line_count)
    top_names: set[str] = set()
    _collect_top_level(tree.body, top_names, index)
    for stmt in tree.body:
        if isinstance(stmt, ast.Global):
            top_names.update(stmt.names)
    index.main_block = any(isinstance(s, ast.If) and is_main_guard(s.test) for s in tree.body)
    index.classes = tuple(
        ClassInfo(
            s.name,
            tuple(filter(None, (dotted_name(b) for b in s.bases))),
            tuple(filter(None, (dotted_name(d.func if isinstance(d, ast.Call) else d) for d in s.decorator_list))),
        )
        for s in tree.body
        if isinstance(s, ast.ClassDef)
    )
    functions = [s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]
    index.functions = tuple(s.name for s in functions)
    index.function_decorators = tuple(
        (s.name, name)
        for s in functions
        for d in s.decorator_list
        if (name := dotted_name(d.func if isinstance(d, ast.Call) else d)) is not None
    )
    index.top_calls, index.top_effects = top_statements(tree.body)
    index.task_defs = tuple((s.lineno, s.name) for s in functions if any(is_unnamed_task(d) for d in s.decorator_list))
    docstrings: list[tuple[str, Span]] = []
    _note_docstring(tree.body, docstrings)
    _collect_statements(tree.body, index, True, docstrings)
    index.docstrings = tuple(sorted(docstrings, key=lambda d: d[1]))
    if text is not None and not _DOTTED_LITERAL.search(text) and not any(t in text for t in _TRIGGERS):
        index.imports.sort(key=lambda s: s.span)
        index.top_names = frozenset(top_names)
        return index

    claimed: set[int] = set()
    annotations: set[int] = set()
    file_uses: list[int] = []
    module_file_uses: list[int] = []
    sys_path: list[int] = []
    pickles: list[int] = []
    dotted_candidates: list[ast.Constant] = []
    for node in ast.walk(tree):
        # one pass, most frequent node types first; every branch only records what it needs
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                file_uses.append(node.lineno)
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, str) and ("." in value or ":" in value) and len(value) < 200:
                dotted_candidates.append(node)
        elif isinstance(node, ast.Attribute):
            if node.attr == "__file__":
                module_file_uses.append(node.lineno)
        elif isinstance(node, ast.Call):
            found = _index_call(index, node, claimed)
            if found == "sys.path":
                sys_path.append(node.lineno)
            elif found == "pickle":
                pickles.append(node.lineno)
        elif isinstance(node, (ast.arg, ast.AnnAssign)):
            if node.annotation is not None:
                _mark_annotation(node.annotation, annotations)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.returns is not None:
                _mark_annotation(node.returns, annotations)
        elif isinstance(node, ast.Subscript):
            if dotted_name(node.value) == "sys.modules" and is_str(node.slice):
                _add_string(index, "sys_modules", node.slice, claimed)
        elif (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and dotted_name(node.comparators[0]) == "sys.modules"
            and is_str(node.left)
        ):
            _add_string(index, "sys_modules", node.left, claimed)
    for const in dotted_candidates:
        literal = const.value
        if id(const) not in claimed and isinstance(literal, str) and DOTTED_STRING.match(literal):
            kind_name: StringKind = "annotation" if id(const) in annotations else "dotted"
            index.strings.append(StringRef(kind_name, literal, _span(const)))
    index.top_names = frozenset(top_names)
    index.file_uses = tuple(sorted(set(file_uses)))
    index.module_file_uses = tuple(sorted(set(module_file_uses)))
    index.sys_path_lines = tuple(sys_path)
    index.pickle_lines = tuple(sorted(set(pickles)))
    index.imports.sort(key=lambda s: s.span)
    index.strings.sort(key=lambda s: s.span)
    return index


def _mark_annotation(node: ast.AST, out: set[int]) -> None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.add(id(sub))


def _add_import(index: FileIndex, node: ast.Import | ast.ImportFrom, top_level: bool) -> None:
    names = tuple(ImportName(a.name, a.asname, _span(a)) for a in node.names)
    if isinstance(node, ast.ImportFrom):
        index.imports.append(ImportStmt(_span(node), True, node.module, node.level, names, top_level))
    else:
        index.imports.append(ImportStmt(_span(node), False, None, 0, names, top_level))


def _add_string(
    index: FileIndex,
    kind: StringKind,
    node: ast.AST,
    claimed: set[int],
    package: str | None = None,
    call_insert: tuple[int, int] | None = None,
) -> None:
    claimed.add(id(node))
    index.strings.append(StringRef(kind, node.value, _span(node), package, call_insert))  # type: ignore[attr-defined]


def _index_call(index: FileIndex, call: ast.Call, claimed: set[int]) -> str | None:
    """Record module-path strings of one call; ``"sys.path"`` when the call edits ``sys.path``, ``"pickle"``
    when it persists objects (with their module paths)."""
    fname = dotted_name(call.func)
    if fname is None:
        return None
    if fname in ("sys.path.insert", "sys.path.append"):
        return "sys.path"
    kind = classify_call(fname)
    last = fname.rsplit(".", 1)[-1]
    if kind is None:
        if last in {"get", "pop", "setdefault"} and fname.startswith("sys.modules."):
            arg = str_arg(call)
            if is_str(arg):
                _add_string(index, "sys_modules", arg, claimed)  # type: ignore[arg-type]
        elif last in {"setitem", "delitem"} and call.args and dotted_name(call.args[0]) == "sys.modules":
            arg = str_arg(call, 1)  # monkeypatch.setitem(sys.modules, "settings", fake)
            if is_str(arg):
                _add_string(index, "sys_modules", arg, claimed)  # type: ignore[arg-type]
        return "pickle" if persists_classes(fname) else None
    if kind == "patch" and last == "dict" and call.args and dotted_name(call.args[0]) == "sys.modules":
        values = str_arg(call, 1, "values")  # patch.dict(sys.modules, {"settings": fake}): the keys are modules
        if isinstance(values, ast.Dict):
            for key in values.keys:
                if is_str(key):
                    _add_string(index, "sys_modules", key, claimed)  # type: ignore[arg-type]
        return None
    keyword = {"patch": "target", "import_module": "name", "__import__": "name", "app": "app"}.get(kind)
    arg = str_arg(call, 0, keyword)
    if arg is None:
        return None
    if is_str(arg):
        value = arg.value  # type: ignore[attr-defined]
        if (kind == "setattr" and "." not in value) or (kind == "app" and ":" not in value):
            return None
        package = None
        if kind == "import_module":
            pkg = str_arg(call, 1, "package")
            if is_str(pkg):
                package = pkg.value  # type: ignore[union-attr]
            elif isinstance(pkg, ast.Name) and pkg.id == "__package__":
                package = "__package__"
        call_insert = None
        if kind == "__import__" and len(call.args) == 1 and not call.keywords:
            call_insert = (arg.end_lineno or arg.lineno, arg.end_col_offset or 0)
        _add_string(index, kind, arg, claimed, package, call_insert)
    elif kind in {"import_module", "__import__", "resolve_name"} or (kind == "patch" and patches_by_name(fname)):
        index.dynamic.append(DynamicRef(kind, call.lineno, ast.unparse(call)[:120]))
    return None
