"""Static evaluation of the path expressions Python code builds from ``__file__``.

Understands ``os.path.dirname``/``abspath``/``realpath``/``join``, ``pathlib.Path(...)`` with ``.parent``,
``.resolve()``, ``.absolute()`` and ``/``, ``str()``/``os.fspath()``, and module-level names bound to such
expressions. Used to find folders that code puts on ``sys.path``. Anything else evaluates to None.
"""

from __future__ import annotations

import ast
import posixpath

from .index import dotted_name

_DIRNAME = {"os.path.dirname", "path.dirname", "dirname", "osp.dirname"}
_IDENTITY = {
    "os.path.abspath",
    "os.path.realpath",
    "os.path.normpath",
    "abspath",
    "realpath",
    "str",
    "os.fspath",
    "Path",
    "pathlib.Path",
    "osp.abspath",
    "osp.realpath",
}
_JOIN = {"os.path.join", "path.join", "join", "osp.join"}

FILE = "\0file"


class PathEvaluator:
    """Evaluates expressions to POSIX paths relative to the workspace root, for one file."""

    def __init__(self, file_path: str):
        self.file_path = file_path
        self.names: dict[str, str] = {}

    def value(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return FILE
            return self.names.get(node.id)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if name in _IDENTITY and len(node.args) == 1:
                return self.value(node.args[0])
            if name in _DIRNAME and len(node.args) == 1:
                inner = self.value(node.args[0])
                return None if inner is None else self._parent(inner)
            if name in _JOIN and node.args:
                parts = [self.value(a) for a in node.args]
                if any(p is None for p in parts):
                    return None
                return self._join(parts)  # type: ignore[arg-type]
            if isinstance(node.func, ast.Attribute) and node.func.attr in {"resolve", "absolute"} and not node.args:
                return self.value(node.func.value)
            return None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self.value(node.value)
            return None if inner is None else self._parent(inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left, right = self.value(node.left), self.value(node.right)
            return None if left is None or right is None else self._join([left, right])
        return None

    def _parent(self, value: str) -> str | None:
        if value == FILE:
            return posixpath.dirname(self.file_path)
        if value.startswith("/"):
            return None
        if value in ("", "."):
            return None  # above the workspace root
        return posixpath.dirname(value)

    def _join(self, parts: list[str]) -> str | None:
        if FILE in parts or any(p.startswith("/") for p in parts[1:]):
            return None
        joined = posixpath.normpath(posixpath.join(*parts)) if parts else None
        if joined is None or joined.startswith(("..", "/")):
            return None
        return "" if joined == "." else joined

    def learn(self, tree: ast.Module) -> None:
        """Remember module-level ``NAME = <path expression>`` bindings."""
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                value = self.value(stmt.value)
                if value is not None and value != FILE:
                    self.names[stmt.targets[0].id] = value


def sys_path_additions(file_path: str, text: str) -> list[tuple[str, int, bool]]:
    """``(folder, line, prepended)`` for each ``sys.path.insert/append`` of a statically known folder."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    evaluator = PathEvaluator(file_path)
    evaluator.learn(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted_name(node.func)
        if name == "sys.path.insert" and len(node.args) == 2:
            folder, prepended = evaluator.value(node.args[1]), True
        elif name == "sys.path.append" and len(node.args) == 1:
            folder, prepended = evaluator.value(node.args[0]), False
        else:
            continue
        if folder is not None and folder != FILE:
            found.append((folder, node.lineno, prepended))
    return found
