"""What a module's statements do, read from its :mod:`ast` without looking into expressions: the names an
assignment target binds, the calls and import-time effects of module-level statements, the ``__main__`` guard.
"""

from __future__ import annotations

import ast

from .callsites import dotted_name


def bound_names(target: ast.AST, out: set[str]) -> None:
    if isinstance(target, ast.Name):
        out.add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            bound_names(element, out)
    elif isinstance(target, ast.Starred):
        bound_names(target.value, out)


def top_statements(body: list[ast.stmt]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Module-level calls (bound name, callee) and the statements that do work at import time."""
    calls: list[tuple[str, str]] = []
    effects: list[str] = []
    for position, stmt in enumerate(body):
        value: ast.AST | None = None
        target = ""
        if isinstance(stmt, ast.Assign):
            value = stmt.value
            if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                target = stmt.targets[0].id
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            value = stmt.value
            target = stmt.target.id if isinstance(stmt.target, ast.Name) else ""
        elif isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Constant) and position == 0:
                continue  # the docstring
            value = stmt.value
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)):
            effects.append("<loop>")
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Call):
            while isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Call):
                value = value.func.value  # Application.builder().token(t).build(): the chain's first call
            name = dotted_name(value.func)
            if name is not None:
                calls.append((target, name))
                if isinstance(stmt, ast.Expr):
                    effects.append(name)
    return tuple(calls), tuple(effects)


def is_main_guard(test: ast.AST) -> bool:
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
    has_main = any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
    return has_name and has_main
