"""Answers "what is X called after the moves?" for module names, app strings and file paths.

Shared by every rewriter of references that are not import statements: command lines, config files,
documentation and argument lists in Python code. Module names are resolved against the old layout from the
workspace root and the backend's import root, and spelled again in the new layout.
"""

from __future__ import annotations

import posixpath

from ..scan.import_model import IMPORT_ROOT_KINDS, PACKAGE_KINDS
from ..scan.layout import join, search_root_of
from .moves import MoveContext


class Renamer:
    def __init__(self, ctx: MoveContext, backend: str, kind: str):
        self.ctx = ctx
        self.backend = backend
        self.kind = kind
        self.moves = ctx.moves

    def module(self, dotted: str, base_dir: str = "") -> str | None:
        """New dotted name of module ``dotted`` (as seen from ``base_dir``) if it moved, else None."""
        old = self.ctx.old
        roots = tuple(dict.fromkeys((base_dir, *old.global_roots)))
        chain = old.resolve(dotted, roots)
        if chain is None or chain[-1].kind == "namespace" or chain[-1].path not in self.moves:
            return None
        new_roots = tuple(dict.fromkeys((base_dir, *self.ctx.new.global_roots)))
        new_path = self.moves[chain[-1].path]
        root = search_root_of(chain[0])
        for candidate in dict.fromkeys((root, *new_roots)):
            name = self.ctx.new.dotted_under(new_path, candidate)
            if name is None:
                continue
            resolved = self.ctx.new.resolve(name, new_roots)
            if resolved and resolved[-1].path == new_path:
                return name
        return None

    def module_prefix(self, dotted: str, base_dir: str = "") -> str | None:
        """``dotted`` with its longest module prefix renamed, if that module moved (``tasks.celery`` where
        ``tasks`` is the module and ``celery`` an attribute)."""
        parts = dotted.split(".")
        for count in range(len(parts), 0, -1):
            renamed = self.module(".".join(parts[:count]), base_dir)
            if renamed is not None:
                return ".".join([renamed, *parts[count:]])
        return None

    def app(self, value: str, base_dir: str = "") -> str | None:
        """``module:attr`` with the module renamed, if it moved."""
        module, colon, attr = value.partition(":")
        if not colon or not module:
            return None
        new = self.module(module, base_dir)
        return f"{new}:{attr}" if new else None

    def path(self, rel: str, base_dir: str = "") -> tuple[str, str] | None:
        """``(old, new)`` repo-relative paths if ``rel`` (relative to ``base_dir``) names a moved file."""
        rel = rel.removeprefix("./")
        if not rel or rel.startswith("/") or "\\" in rel:
            return None
        norm = posixpath.normpath(join(base_dir, rel))
        if norm in self.moves:
            return norm, self.moves[norm]
        return None

    def relative(self, new_path: str, base_dir: str) -> str:
        return posixpath.relpath(new_path, base_dir or ".")

    def run_module(self, new_path: str, cwd: str) -> str | None:
        """The ``-m`` name for running moved file ``new_path`` from folder ``cwd``, if that works."""
        if not new_path.endswith(".py"):
            return None
        if self.kind in IMPORT_ROOT_KINDS and cwd == self.backend:
            return self.ctx.new.dotted_under(new_path, cwd)
        if self.kind in PACKAGE_KINDS and cwd == self.ctx.new.top_package_parent(posixpath.dirname(new_path)):
            return self.ctx.new.dotted_under(new_path, cwd)
        return None
