"""Lossless edits of one table of a TOML document: add or remove an array item or a table entry.

Only the characters of the edit change: comments, quoting, indentation, blank lines, CRLF line ends and every
other table stay as they were. A missing key is added at the end of its table, a missing table at the end of
the document. The scanner knows just enough TOML to find where values start and end (strings of the four
kinds, arrays and inline tables, comments); the result is checked with :mod:`tomllib` by the callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConfigError

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def quote(value: str) -> str:
    """``value`` as a TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def key_text(key: str) -> str:
    """``key`` as written in a document: bare when it can be, else quoted (``"x.py"`` must be quoted)."""
    return key if _BARE_KEY.fullmatch(key) else quote(key)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _skip_string(text: str, i: int) -> int:
    """End of the string starting at ``text[i]`` (a quote)."""
    quote_char = text[i]
    if text.startswith(quote_char * 3, i):
        end = text.find(quote_char * 3, i + 3)
        if quote_char == '"':
            while end != -1 and _escaped(text, end):
                end = text.find('"""', end + 1)
        if end == -1:
            raise ConfigError("unterminated multi-line string in pyproject.toml")
        end += 3
        while end < len(text) and text[end] == quote_char:  # up to two quotes may end the content
            end += 1
        return end
    j = i + 1
    while j < len(text) and text[j] not in "\r\n":
        if text[j] == "\\" and quote_char == '"':
            j += 2
            continue
        if text[j] == quote_char:
            return j + 1
        j += 1
    raise ConfigError("unterminated string in pyproject.toml")


def _escaped(text: str, i: int) -> bool:
    backslashes = 0
    while i - backslashes - 1 >= 0 and text[i - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _skip_blank(text: str, i: int, newlines: bool) -> int:
    """Past spaces (and, with ``newlines``, line ends and comments)."""
    while i < len(text):
        c = text[i]
        if c in " \t" or (newlines and c in "\r\n"):
            i += 1
        elif newlines and c == "#":
            while i < len(text) and text[i] not in "\r\n":
                i += 1
        else:
            break
    return i


def _skip_key(text: str, i: int) -> int:
    """End of the (possibly dotted, possibly quoted) key starting at ``i``."""
    while True:
        if i < len(text) and text[i] in "\"'":
            i = _skip_string(text, i)
        else:
            match = _BARE_KEY.match(text, i)
            if not match:
                raise ConfigError(f"pyproject.toml: expected a key at offset {i}")
            i = match.end()
        j = _skip_blank(text, i, False)
        if j < len(text) and text[j] == ".":
            i = _skip_blank(text, j + 1, False)
            continue
        return i


def _skip_value(text: str, i: int) -> int:
    """End of the value starting at ``i``."""
    c = text[i] if i < len(text) else ""
    if c in "\"'":
        return _skip_string(text, i)
    if c in "[{":
        return items(text, i)[1]
    j = i
    while j < len(text) and text[j] not in ",]}#\r\n":
        j += 1
    return len(text[i:j].rstrip()) + i


@dataclass(frozen=True)
class Item:
    """One array element or inline-table entry: its span, and for an entry the key's text."""

    start: int
    end: int
    key: str | None = None


def items(text: str, open_at: int) -> tuple[list[Item], int]:
    """The elements of the array or inline table opening at ``text[open_at]``, and the end after its bracket."""
    close = "]" if text[open_at] == "[" else "}"
    table = close == "}"
    found: list[Item] = []
    i = open_at + 1
    while True:
        i = _skip_blank(text, i, True)
        if i >= len(text):
            raise ConfigError("pyproject.toml: unterminated array or inline table")
        if text[i] == close:
            return found, i + 1
        if text[i] == ",":
            i += 1
            continue
        start = i
        key = None
        if table:
            key_end = _skip_key(text, i)
            key = text[start:key_end]
            i = _skip_blank(text, key_end, False)
            if i >= len(text) or text[i] != "=":
                raise ConfigError(f"pyproject.toml: expected '=' after {key}")
            i = _skip_blank(text, i + 1, False)
        i = _skip_value(text, i)
        found.append(Item(start, i, key))


@dataclass(frozen=True)
class Entry:
    """A ``key = value`` line of a table: where its key and value are."""

    key: str
    start: int
    value_start: int
    value_end: int
    line_end: int  # after the line end (or the end of the document)


@dataclass(frozen=True)
class Table:
    """A ``[header]`` of the document and its entries; ``end`` is where a new entry goes (after the last one)."""

    header: str
    start: int
    body_start: int
    entries: tuple[Entry, ...]
    end: int


def _line_end(text: str, i: int) -> int:
    j = _skip_blank(text, i, False)
    if j < len(text) and text[j] == "#":
        while j < len(text) and text[j] not in "\r\n":
            j += 1
    if text.startswith("\r\n", j):
        return j + 2
    return j + 1 if j < len(text) and text[j] == "\n" else j


def tables(text: str) -> list[Table]:
    """Every table of the document, the root table first (header ``""``)."""
    found: list[Table] = []
    header, start, body_start = "", 0, 0
    entries: list[Entry] = []
    end = 0
    i = 0
    while True:
        i = _skip_blank(text, i, True)
        if i >= len(text) or text[i] == "[":
            found.append(Table(header, start, body_start, tuple(entries), end))
            if i >= len(text):
                return found
            array = text.startswith("[[", i)
            key_start = _skip_blank(text, i + (2 if array else 1), False)
            key_end = _skip_key(text, key_start)
            header = _normal_key(text[key_start:key_end])
            header = f"[{header}]" if array else header
            start = i
            i = body_start = end = _line_end(text, text.index("]", key_end) + (2 if array else 1))
            entries = []
            continue
        key_end = _skip_key(text, i)
        eq = _skip_blank(text, key_end, False)
        if eq >= len(text) or text[eq] != "=":
            raise ConfigError(f"pyproject.toml: expected '=' after {text[i:key_end]}")
        value_start = _skip_blank(text, eq + 1, False)
        value_end = _skip_value(text, value_start)
        line_end = _line_end(text, value_end)
        entries.append(Entry(_normal_key(text[i:key_end]), i, value_start, value_end, line_end))
        i = end = line_end


def _normal_key(key: str) -> str:
    """A key's text with the spaces around its dots removed and simple quotes dropped: ``"tool" . x`` → ``tool.x``."""
    parts = []
    for part in re.split(r"""\s*\.\s*(?=(?:[^"']*["'][^"']*["'])*[^"']*$)""", key.strip()):
        if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'" and _BARE_KEY.fullmatch(part[1:-1]):
            part = part[1:-1]
        parts.append(part)
    return ".".join(parts)


def find_table(text: str, header: str) -> Table | None:
    return next((t for t in tables(text) if t.header == header), None)


def find_entry(table: Table, key: str) -> Entry | None:
    return next((e for e in table.entries if e.key == key), None)


def _indent_of(text: str, i: int) -> str:
    line_start = max(text.rfind("\n", 0, i) + 1, 0)
    return text[line_start:i] if not text[line_start:i].strip() else ""


def add_item(text: str, open_at: int, item: str, first: bool = False) -> str:
    """``text`` with ``item`` added to the array or inline table opening at ``open_at`` (last, or ``first``)."""
    elements, end = items(text, open_at)
    close_at = end - 1
    newline = _newline(text)
    if not elements:
        if "\n" in text[open_at:close_at]:  # an empty multi-line array: the item gets a line of its own
            indent = _indent_of(text, close_at) + "    "
            return text[: open_at + 1] + newline + indent + item + "," + text[open_at + 1 :]
        pad = " " if text[open_at] == "{" else ""
        return text[: open_at + 1] + pad + item + pad + text[close_at:]
    multiline = "\n" in text[open_at : elements[0].start]
    if first:
        anchor = elements[0].start
        if multiline:
            return text[:anchor] + item + "," + newline + _indent_of(text, anchor) + text[anchor:]
        return text[:anchor] + item + ", " + text[anchor:]
    last = elements[-1]
    after = _skip_blank(text, last.end, False)
    trailing_comma = after < close_at and text[after] == ","
    if not multiline:
        return text[: last.end] + ", " + item + text[last.end :]
    indent = _indent_of(text, last.start) or _indent_of(text, elements[0].start)
    line_end = _line_end(text, after + 1 if trailing_comma else last.end)
    if line_end > close_at:  # the closing bracket is on the last item's line
        return text[: last.end] + "," + newline + indent + item + text[last.end :]
    eol = line_end - (2 if text[line_end - 2 : line_end] == "\r\n" else 1)
    prefix = text[: last.end] + ("" if trailing_comma else ",") + text[last.end : eol]
    return prefix + newline + indent + item + ("," if trailing_comma else "") + text[eol:]


def remove_item(text: str, open_at: int, index: int) -> str:
    """``text`` without the ``index``-th item of the array or inline table opening at ``open_at``."""
    elements, end = items(text, open_at)
    item = elements[index]
    close_at = end - 1
    after = _skip_blank(text, item.end, False)
    has_comma = after < close_at and text[after] == ","
    stop = _skip_blank(text, after + 1, False) if has_comma else item.end
    line_start = text.rfind("\n", 0, item.start) + 1
    if not text[line_start : item.start].strip():  # the item starts its line: drop the line, comment and all
        line_end = _line_end(text, stop)
        if line_end <= close_at and text[line_end - 1] == "\n":
            return text[:line_start] + text[line_end:]
    if len(elements) == 1:
        return text[: open_at + 1] + text[close_at:]
    if index == len(elements) - 1:
        return text[: elements[index - 1].end] + text[item.end :]  # a trailing comma stays
    return text[: item.start] + text[stop:]


def add_entry(text: str, header: str, key: str, value: str) -> str:
    """``text`` with ``key = value`` (already TOML) added at the end of table ``header``, created if absent."""
    newline = _newline(text)
    table = find_table(text, header)
    line = f"{key_text(key)} = {value}"
    if table is None:
        body = text
        if body and not body.endswith("\n"):
            body += newline
        if body.strip():
            body += newline
        return body + f"[{header}]" + newline + line + newline
    at = table.end
    prefix = text[:at]
    if prefix and not prefix.endswith("\n"):
        prefix += newline
    return prefix + line + newline + text[at:]


def remove_entry(text: str, entry: Entry) -> str:
    """``text`` without the line of ``entry`` (and the comment on that line)."""
    line_start = text.rfind("\n", 0, entry.start) + 1
    return text[:line_start] + text[entry.line_end :]
