"""Import statements of a file that does not parse, read as text.

A file left in place with ``--skip-unparsable`` still imports other modules when it runs; if those moved, it
would break. Its imports are found without parsing: a tokenizer pass (which works on most files with syntax
errors, since it is lexical) or, when even that fails, a scan of its lines. Statements spread over
parentheses or ``\\`` continuations are joined; imports inside strings and comments are ignored.
"""

from __future__ import annotations

import io
import re
import tokenize

from .index import ImportName, ImportStmt

_FROM = re.compile(r"from\s+(\.*)\s*([A-Za-z_][\w.]*)?\s+import\s+(.+)", re.S)
_IMPORT = re.compile(r"import\s+(.+)", re.S)
_NAME = re.compile(r"([A-Za-z_][\w.]*|\*)(?:\s+as\s+([A-Za-z_]\w*))?")


def _statement(text: str, line: int, indented: bool) -> ImportStmt | None:
    text = " ".join(text.replace("\\\n", " ").split())
    span = (line, 0, line, 0)
    match = _FROM.fullmatch(text)
    if match:
        names = match.group(3).strip().strip("()").strip()
        found = tuple(
            ImportName(m.group(1), m.group(2), span)
            for part in names.split(",")
            if (m := _NAME.fullmatch(part.strip()))
        )
        if not found:
            return None
        return ImportStmt(span, True, match.group(2), len(match.group(1)), found, not indented)
    match = _IMPORT.fullmatch(text)
    if match:
        found = tuple(
            ImportName(m.group(1), m.group(2), span)
            for part in match.group(1).split(",")
            if (m := _NAME.fullmatch(part.strip())) and m.group(1) != "*"
        )
        return ImportStmt(span, False, None, 0, found, not indented) if found else None
    return None


def _by_tokens(text: str) -> list[ImportStmt]:
    found: list[ImportStmt] = []
    current: list[str] = []
    start = (0, 0)
    depth = 0
    at_line_start = True
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        kind, value = token.type, token.string
        if current:
            if kind in {tokenize.NEWLINE, tokenize.ENDMARKER} or (kind == tokenize.OP and value == ";" and not depth):
                stmt = _statement(" ".join(current), start[0], start[1] > 0)
                if stmt is not None:
                    found.append(stmt)
                current = []
            elif kind == tokenize.OP and value in "([{":
                depth += 1
                current.append(value)
            elif kind == tokenize.OP and value in ")]}":
                depth -= 1
                current.append(value)
            elif kind not in {tokenize.NL, tokenize.COMMENT}:
                current.append(value)
        elif at_line_start and kind == tokenize.NAME and value in {"import", "from"}:
            current, start, depth = [value], token.start, 0
        if kind in {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL} or value == ":" or value == ";":
            at_line_start = True
        elif kind != tokenize.COMMENT:
            at_line_start = False
    return found


def _by_lines(text: str) -> list[ImportStmt]:
    found: list[ImportStmt] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        stripped = line.split("#", 1)[0].strip()
        start = number
        if stripped.startswith(("import ", "from ")):
            while (stripped.endswith("\\") or stripped.count("(") > stripped.count(")")) and number + 1 < len(lines):
                number += 1
                stripped = stripped.rstrip("\\") + " " + lines[number].split("#", 1)[0].strip()
            stmt = _statement(stripped, start + 1, line[:1].isspace())
            if stmt is not None:
                found.append(stmt)
        number += 1
    return found


def textual_imports(raw: bytes) -> list[ImportStmt]:
    """The import statements of a file's bytes, whatever its syntax errors or encoding."""
    text = raw.decode("utf-8", errors="replace") if b"\0" not in raw else raw.replace(b"\0", b" ").decode("latin-1")
    try:
        return _by_tokens(text)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return _by_lines(text)
