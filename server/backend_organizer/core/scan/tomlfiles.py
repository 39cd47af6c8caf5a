"""TOML files (``pyproject.toml`` above all) read and parsed once per content.

Several parts of a scan want something from the same ``pyproject.toml``: the tool's own table, pytest's
options, the declared dependencies, entry points, ``requires-python``, the build backend. They all go through
:func:`read_toml`, which reads the file every time (so an edited file is never served stale, which matters in
the long-running language server) but parses a given text only once. The parsed document is shared: callers
must treat it as read-only.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_PARSED: OrderedDict[str, tuple[dict[str, Any], str | None]] = OrderedDict()
_KEEP = 32  # distinct texts remembered (a workspace has a handful of TOML files; the server sees edits)


@dataclass(frozen=True)
class TomlFile:
    """One TOML file as read now: ``document`` is empty when the file is absent, unreadable or invalid, and
    ``error`` then says why (``None`` for an absent file, which is not an error)."""

    path: Path
    text: str | None = None
    document: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def exists(self) -> bool:
        return self.text is not None or self.error is not None


def parse_toml(text: str) -> tuple[dict[str, Any], str | None]:
    """``(document, None)``, or ``({}, "not valid TOML: …")``; each distinct text is parsed once."""
    hit = _PARSED.get(text)
    if hit is not None:
        _PARSED.move_to_end(text)
        return hit
    import tomllib  # here, not at the top: it loads datetime and compiles its patterns, and most flat backends
    # have no TOML file at all

    try:
        parsed: tuple[dict[str, Any], str | None] = (tomllib.loads(text), None)
    except tomllib.TOMLDecodeError as exc:
        parsed = ({}, f"not valid TOML: {exc}")
    _PARSED[text] = parsed
    while len(_PARSED) > _KEEP:
        _PARSED.popitem(last=False)
    return parsed


def read_toml(path: Path) -> TomlFile:
    """``path`` read and parsed (the parse shared with every earlier read of the same text)."""
    if not path.is_file():
        return TomlFile(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return TomlFile(path, error=f"not valid TOML: {exc}")
    except OSError as exc:
        return TomlFile(path, error=f"could not be read: {exc}")
    document, error = parse_toml(text)
    return TomlFile(path, text, document, error)
