"""Lossless reading of source files: encoding (PEP 263 cookies, BOM), line endings and offsets.

A :class:`SourceFile` refuses encodings whose bytes would not round-trip through the decoded text, so writing
back the text with edits applied changes only the edited characters. Positions from
:mod:`ast` (1-based lines, UTF-8 byte columns) are converted here to code-point offsets.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from itertools import accumulate

from ..errors import OrganizerError

_NEWLINE = re.compile(r"\r\n|\r|\n")


class DecodeError(OrganizerError):
    """The file's bytes cannot be decoded losslessly with its declared encoding."""


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts, splitting only on the newlines Python's tokenizer knows."""
    if "\r" not in text:  # only "\n": each start is one past the end of the line before (all in C)
        return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


def line_end(starts: list[int], number: int, text: str) -> int:
    """Where line ``number`` (0-based, of :func:`line_starts`) ends: the next line's start, or the text's end."""
    return starts[number + 1] if number + 1 < len(starts) else len(text)


def dominant_newline(text: str) -> str:
    """The newline used most in ``text`` (``\\n`` for files without one)."""
    counts = {"\r\n": 0, "\r": 0, "\n": 0}
    for m in _NEWLINE.finditer(text):
        counts[m.group()] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "\n"


def decode_source(raw: bytes, path: str = "<source>") -> tuple[str, str]:
    """Decode Python source bytes per PEP 263; returns ``(text, encoding)``; refuses lossy round trips."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        raise DecodeError(f"{path}: {exc}") from None
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"{path}: cannot decode as {encoding}: {exc}") from None
    if text.encode(encoding) != raw:
        raise DecodeError(f"{path}: bytes do not round-trip through {encoding}; refusing to rewrite it")
    return text, encoding


@dataclass
class SourceFile:
    """One file's bytes, decoded text and the offset helpers the rewriters need."""

    path: str
    text: str
    encoding: str
    _starts: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, path: str, raw: bytes) -> SourceFile:
        text, encoding = decode_source(raw, path)
        return cls(path, text, encoding)

    @classmethod
    def from_text(cls, path: str, text: str, encoding: str = "utf-8") -> SourceFile:
        return cls(path, text, encoding)

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    @property
    def newline(self) -> str:
        return dominant_newline(self.text)

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` in this file's encoding (a UTF-8 BOM is kept by the ``utf-8-sig`` codec)."""
        return text.encode(self.encoding)

    def line_text(self, lineno: int) -> str:
        """Line ``lineno`` (1-based) without its newline."""
        starts = self.starts
        begin = starts[lineno - 1]
        end = starts[lineno] if lineno < len(starts) else len(self.text)
        return self.text[begin:end].rstrip("\r\n")

    def offset(self, lineno: int, byte_col: int) -> int:
        """Code-point offset of an :mod:`ast` position (1-based line, UTF-8 byte column)."""
        begin = self.starts[lineno - 1]
        if byte_col == 0:
            return begin
        line = self.line_text(lineno)
        if line.isascii():
            return begin + byte_col
        return begin + len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def node_span(self, node: object) -> tuple[int, int]:
        """``(start, end)`` offsets of an :mod:`ast` node with positions."""
        return (
            self.offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self.offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def line_of(self, offset: int) -> int:
        """1-based line number containing ``offset``."""
        import bisect

        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based ``(line, code-point column)`` of an offset."""
        line = self.line_of(offset)
        return line - 1, offset - self.starts[line - 1]


def apply_edits(text: str, edits: list | tuple) -> str:
    """Apply non-overlapping edits (objects with ``start``, ``end``, ``new_text``) to ``text``."""
    out: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.new_text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)
