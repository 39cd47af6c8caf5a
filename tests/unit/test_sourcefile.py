"""Lossless decoding and offset conversion."""

from __future__ import annotations

import ast
import re

import pytest
from backend_organizer.core.scan.sourcefile import (
    DecodeError,
    SourceFile,
    apply_edits,
    dominant_newline,
    line_starts,
)
from hypothesis import given
from hypothesis import strategies as st


def test_ast_positions_become_code_point_offsets_on_non_ascii_lines():
    text = 'x = "é😀"; import os\n'
    source = SourceFile.from_text("m.py", text)
    node = ast.parse(text).body[1]
    start, end = source.node_span(node)
    assert text[start:end] == "import os"


def test_lines_split_only_on_python_newlines():
    text = "a\r\nb\rc\nd\x0ce\u2028f"
    assert line_starts(text) == [0, 3, 5, 7]
    assert dominant_newline("a\r\nb\r\nc\n") == "\r\n"


@given(st.text(alphabet="ab\n\r\x0b\x0c\x1c\x85\u2028é😀", max_size=40))
def test_line_starts_are_the_newline_ends(text: str) -> None:
    """The fast path (no ``\\r``: split on ``\\n``) and the general one agree with the definition."""
    assert line_starts(text) == [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


def test_encodings_round_trip_and_bom_is_kept():
    latin = "# -*- coding: latin-1 -*-\nx = 'é'\n".encode("latin-1")
    source = SourceFile.from_bytes("l.py", latin)
    assert source.encoding == "iso-8859-1" and source.encode(source.text) == latin
    bom = b"\xef\xbb\xbfx = 1\r\n"
    source = SourceFile.from_bytes("b.py", bom)
    assert not source.text.startswith("\ufeff") and source.encode(source.text) == bom


def test_undecodable_bytes_are_refused():
    with pytest.raises(DecodeError):
        SourceFile.from_bytes("bad.py", b"x = '\xff'\n")


def test_apply_edits_refuses_overlaps():
    class E:
        def __init__(self, s, e, t):
            self.start, self.end, self.new_text = s, e, t

    assert apply_edits("abcdef", [E(0, 1, "X"), E(3, 3, "+")]) == "Xbc+def"
    with pytest.raises(ValueError):
        apply_edits("abcdef", [E(0, 3, "X"), E(2, 4, "Y")])
