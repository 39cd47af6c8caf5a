"""What a call in Python code is, by the name it calls: a mock ``patch``, an ``import_module``, an app string
for a server (``uvicorn.run``), a pickler; and the small AST helpers the indexer uses to read call arguments.

Pure functions over :mod:`ast` nodes and dotted names, used by :mod:`index`.
"""

from __future__ import annotations

import ast
from typing import Literal


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def str_arg(call: ast.Call, position: int = 0, keyword: str | None = None) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    if keyword:
        for kw in call.keywords:
            if kw.arg == keyword:
                return kw.value
    return None


def is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


_PATCH_FUNCS = {"patch", "mock.patch", "unittest.mock.patch", "mocker.patch", "patch.dict", "patch.multiple"}
_IMPORT_FUNCS = {
    "import_module",
    "find_spec",
    "importlib.import_module",
    "importlib.util.find_spec",
    "util.find_spec",
}
_APP_FUNCS = {"uvicorn.run", "uvicorn.Config", "hypercorn.run"}
_PICKLERS = {"pickle", "cPickle", "dill", "cloudpickle", "joblib"}


def persists_classes(fname: str) -> bool:
    """``pickle.dump(s)``-like calls, ``shelve.open`` and ``Pickler(...)``: data that stores module paths."""
    head, _, last = fname.rpartition(".")
    return (head in _PICKLERS and last in {"dump", "dumps", "Pickler"}) or fname == "shelve.open"


def is_unnamed_task(decorator: ast.expr) -> bool:
    """``@app.task``, ``@app.task(bind=True)``, ``@shared_task``: Celery derives the task name from the module."""
    call = decorator if isinstance(decorator, ast.Call) else None
    name = dotted_name(call.func if call else decorator)
    if name is None or (call and any(kw.arg == "name" for kw in call.keywords)):
        return False
    last = name.rsplit(".", 1)[-1]
    return last == "shared_task" or (last == "task" and "." in name)


def _is_mock_patch(fname: str) -> bool:
    """``patch``, ``mock.patch``, ``mocker.patch``, ``unittest.mock.patch.dict`` … but not ``client.patch``
    (an HTTP PATCH request) or ``requests.patch``."""
    parts = fname.split(".")
    if parts[-1] in {"dict", "multiple"}:
        parts = parts[:-1]
    if not parts or parts[-1] != "patch":
        return False
    return len(parts) == 1 or parts[-2] in {"mock", "mocker"}


def patches_by_name(fname: str) -> bool:
    """``patch(target)`` names its target; ``patch.dict(os.environ, …)`` and ``patch.multiple(obj, …)`` may be
    given the object itself, which is no module path."""
    return fname.rsplit(".", 1)[-1] not in {"dict", "multiple"}


#: How a call names a module path in its string argument.
CallKind = Literal["patch", "import_module", "__import__", "resolve_name", "setattr", "app"]


def classify_call(fname: str) -> CallKind | None:
    last = fname.rsplit(".", 1)[-1]
    if fname in _PATCH_FUNCS or _is_mock_patch(fname):
        return "patch"
    if fname in _IMPORT_FUNCS or last in {"import_module", "find_spec"}:
        return "import_module"
    if fname == "__import__":
        return "__import__"
    if last == "resolve_name":
        return "resolve_name"
    if last in {"setattr", "delattr"} and "." in fname and not fname.startswith(("builtins.", "object.")):
        return "setattr"
    if fname in _APP_FUNCS:
        return "app"
    return None
