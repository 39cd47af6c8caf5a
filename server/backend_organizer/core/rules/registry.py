"""The rewrite rules, in the order they run, and what the rest of the engine derives from them.

Adding a rule is one module with a ``RULE`` object (see :class:`.protocol.FileRule`), one line here and one
case under ``tests/rules``. The planner, single-file moves and notebooks loop over :data:`FILE_RULES`; the
verifier asks :func:`syntax_safe_kinds` which edited files need not be parsed whole; :func:`check` (run by the tests)
proves that every construct a rule reads is one the index records with the words that make it look.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..scan.index import CONSTRUCTS
from ..scan.project import Project
from . import (
    bootstrap,
    commentrefs,
    dunder_all,
    rewrite_imports,
    rewrite_paths,
    rewrite_strings,
    rewrite_usages,
    scriptrefs,
)
from .protocol import FileRule

#: Rules over Python code, in order: a later rule that ``yields`` gives way to the edits of earlier ones.
FILE_RULES: tuple[FileRule, ...] = (
    rewrite_imports.RULE,
    scriptrefs.RULE,
    rewrite_strings.RULE,
    commentrefs.RULE,
    bootstrap.RULE,
    rewrite_usages.RULE,
    rewrite_paths.RULE,
    dunder_all.RULE,
)

#: The rules that also apply to the code cells of notebooks.
CELL_RULES: tuple[FileRule, ...] = tuple(rule for rule in FILE_RULES if rule.in_cells)


def affected_files(project: Project, moves: Mapping[str, str]) -> set[str]:
    """The Python files a few moves can affect: the moved files and what any rule says the moves reach."""
    affected = set(moves)
    for rule in FILE_RULES:
        affected |= rule.affects(project, moves)
    return affected


def syntax_safe_kinds() -> frozenset[str]:
    """Edit kinds that keep a file parsable by construction: only rules that promise it make them. A Python
    file with an edit of any other kind (of a rule that does not, of a text rule such as ``setup.py``'s) is
    parsed whole by the verifier."""
    return frozenset(kind for rule in FILE_RULES if rule.keeps_syntax for kind in rule.kinds)


def check() -> list[str]:
    """Inconsistencies between the rules and the index (empty when the registry is sound)."""
    problems = []
    names = [rule.name for rule in FILE_RULES]
    if len(set(names)) != len(names):
        problems.append(f"rule names repeat: {names}")
    for rule in FILE_RULES:
        for construct in sorted(rule.reads - CONSTRUCTS.keys()):
            problems.append(f"the {rule.name} rule reads {construct!r}, which scan/index.py does not record")
        for other in rule.superseded_by:
            if other not in names[: names.index(rule.name)]:
                problems.append(f"the {rule.name} rule gives way to {other!r}, which is no earlier rule")
    unsafe = {kind for rule in FILE_RULES if not rule.keeps_syntax for kind in rule.kinds}
    for kind in sorted(syntax_safe_kinds() & unsafe):
        problems.append(f"edit kind {kind!r} is made by rules that keep syntax and by rules that do not")
    return problems
