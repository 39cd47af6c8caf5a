"""Moved files named in Python comments and docstrings: ``# see database.py``, ``Usage: python seed.py``.

These are documentation, so the edits are marked for confirmation in editors; the same command-line and
file-name rules as for README files apply, line by line.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, TextEdit
from ..scan.index import FileIndex
from ..scan.sourcefile import SourceFile
from .commands import rewrite_command_line
from .context import FileWork, PlanState
from .protocol import RuleResult
from .renamer import Renamer

if TYPE_CHECKING:
    from ..scan.project import Project

_FILE_NAME = re.compile(r"[\w-]+\.py\b")


def mentions_moved_file(text: str, moved_names: set[str]) -> bool:
    return ".py" in text and any(m.group()[:-3] in moved_names for m in _FILE_NAME.finditer(text))


def _edits_in(text: str, offset: int, base_dir: str, renamer: Renamer) -> list[TextEdit]:
    edits = []
    position = 0
    for line in text.splitlines(keepends=True):
        for edit in rewrite_command_line(line, base_dir, renamer):
            edits.append(
                TextEdit(
                    offset + position + edit.start,
                    offset + position + edit.end,
                    edit.new_text,
                    "docs",
                    f"in a comment or docstring: {edit.reason}",
                    certain=False,
                )
            )
        position += len(line)
    return edits


#: A ``#`` followed on its line by ``.py``: without one, no comment of the file can name a file.
_COMMENT_NAMING_FILE = re.compile(r"#[^\r\n]*\.py")


def rewrite_comments(source: SourceFile, index: FileIndex, base_dir: str, renamer: Renamer) -> list[TextEdit]:
    """Edits for moved files named in comments and docstrings of one file (its docstrings come from the index;
    the file is tokenized only when a line could hold a comment that names a file)."""
    edits: list[TextEdit] = []
    if _COMMENT_NAMING_FILE.search(source.text):
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source.text).readline))
        except (tokenize.TokenError, SyntaxError):
            return []
        for token in tokens:
            if token.type == tokenize.COMMENT and ".py" in token.string:
                start = source.starts[token.start[0] - 1] + token.start[1]
                edits.extend(_edits_in(token.string, start, base_dir, renamer))
    for value, (line, col, end_line, end_col) in index.docstrings:
        start, end = source.offset(line, col), source.offset(end_line, end_col)
        literal = source.text[start:end]
        quote = literal[-3:] if literal.endswith(('"""', "'''")) else literal[-1:]
        body_start = literal.find(quote) + len(quote)
        body = literal[body_start : len(literal) - len(quote)]
        if body != value or ".py" not in body:
            continue  # escapes or prefixes: the text is not the value verbatim
        edits.extend(_edits_in(body, start + body_start, base_dir, renamer))
    return edits


class CommentRule:
    """Moved files named in comments and docstrings; documentation gives way to any code edit it touches."""

    name = "comments"
    reads: frozenset[str] = frozenset()
    kinds: frozenset[EditKind] = frozenset({"docs"})
    keeps_syntax = False
    in_cells = False
    yields = True
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        return set()  # comments are updated in the files a plan looks at for code, never a reason to look

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        if not mentions_moved_file(file.source.text, state.moved_names):
            return RuleResult()
        return RuleResult(tuple(rewrite_comments(file.source, file.index, state.project.backend, state.renamer)))


RULE = CommentRule()
