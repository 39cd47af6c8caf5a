"""The verifier reads the imports of a file's replacements with one parse when they stand on their own, and
gets exactly what parsing each alone gives (or None, when one does not parse)."""

from __future__ import annotations

import pytest
from backend_organizer.core.verify.verify import _replacement_imports, _snippet_imports

CASES = {
    "plain": [("import a\n", 1), ("from b import c, d as e\n", 4)],
    "no newline at the end": [("import a", 1), ("from .b import (\n    c,\n)", 2)],
    "nested and several statements": [
        ("if not __package__:\n    import os\n    import sys\n\nx = 1\n", 1),
        ("import z", 9),
    ],
    "empty and comment only": [("", 1), ("# only a comment\n", 2), ("import q\n", 3)],
    "a bracket left open joins the next": [("from a import (b,", 1), ("c)\n", 2)],
    "a string left open": [('x = """', 1), ('"""\nimport y\n', 2)],
    "indented alone": [("import a\n", 1), ("    import b\n", 2)],
    "carriage returns": [("import a\r\nimport b\r\n", 1), ("import c\r", 3)],
    "not python": [("import a\n", 1), ("from from import\n", 2)],
}


def _one_by_one(snippets: list[tuple[str, int]]):
    found = []
    for snippet, line in snippets:
        imports = _snippet_imports(snippet, line)
        if imports is None:
            return None
        found.extend(imports)
    return found


@pytest.mark.parametrize("snippets", CASES.values(), ids=CASES.keys())
def test_together_is_one_by_one(snippets: list[tuple[str, int]]) -> None:
    assert _replacement_imports(snippets) == _one_by_one(snippets)
