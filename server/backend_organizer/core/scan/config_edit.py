"""Edits of ``[tool.backend-organizer]`` that change where one file goes: the plan view's move, keep and exclude.

Each action is written as the configuration the CLI already reads (:mod:`.config`), so the CLI, CI and every
editor get the same plan:

- *move* ``backend/x.py`` to package P: ``rules = { "x.py" = "<category of P>" }``, first, so it wins over broader
  globs; a package that is no category yet is added under ``categories``;
- *keep*: ``keep = ["x.py"]``;
- *exclude*: ``exclude = ["backend/x.py"]`` (exclude patterns are paths from the workspace root);
- *reset*: removes the file's own entries from all three.

An action first removes the file's entries of the other two kinds. Rules and keep match top-level file names
of the backend folder (as the classifier does); entries written as globs are left alone. Edits are lossless
(:mod:`.tomledit`), and the result is validated with :func:`~.config.parse_config` before it is returned.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from ..categories import DEFAULT_CATEGORIES
from ..errors import ConfigError
from . import tomledit
from .config import Config, is_identifier, parse_config, table_in

CONFIG_ACTIONS = ("move", "keep", "exclude", "reset")
HEADER = "tool.backend-organizer"


@dataclass(frozen=True)
class ConfigEdit:
    """The new ``pyproject.toml`` text, whether the file is new, and what changed, in words."""

    text: str
    created: bool
    changed: bool
    description: str
    config: Config


def _key(raw: str) -> str | None:
    """The key a raw key's text names (None for a dotted key)."""
    parsed = tomllib.loads(f"{raw} = 0")
    (key, value), *_ = parsed.items()
    return key if value == 0 else None


def _value(raw: str) -> Any:
    return tomllib.loads(f"v = {raw}")["v"]


def _entry(text: str, key: str) -> tomledit.Entry | None:
    table = tomledit.find_table(text, HEADER)
    return tomledit.find_entry(table, key) if table else None


def _check_written_as_tables(text: str, data: Mapping[str, Any]) -> None:
    """Refuse documents whose table is written in a shape these edits do not follow (dotted keys, ``[tool]``)."""
    if not data:
        return
    headers = {t.header for t in tomledit.tables(text)}
    if not any(h == HEADER or h.startswith(HEADER + ".") for h in headers):
        raise ConfigError(
            f"pyproject.toml: [{HEADER}] is written with dotted keys or inside [tool]; "
            "write it as a table to edit it from the editor"
        )
    for table in tomledit.tables(text):
        if table.header == HEADER and any("." in e.key for e in table.entries):
            dotted = next(e.key for e in table.entries if "." in e.key)
            raise ConfigError(f"pyproject.toml: [{HEADER}] {dotted}: dotted keys cannot be edited from the editor")


# -- lists: keep, exclude ---------------------------------------------------------------------------------


def _list_add(text: str, key: str, value: str) -> str:
    entry = _entry(text, key)
    if entry is None:
        return tomledit.add_entry(text, HEADER, key, f"[{tomledit.quote(value)}]")
    if text[entry.value_start] != "[":
        raise ConfigError(f"[{HEADER}] {key}: must be a list of strings")
    return tomledit.add_item(text, entry.value_start, tomledit.quote(value))


def _list_remove(text: str, key: str, value: str) -> str:
    while (entry := _entry(text, key)) is not None and text[entry.value_start] == "[":
        items, _ = tomledit.items(text, entry.value_start)
        index = next((n for n, i in enumerate(items) if _value(text[i.start : i.end]) == value), None)
        if index is None:
            break
        text = _drop_if_empty(tomledit.remove_item(text, entry.value_start, index), key)
    return text


def _drop_if_empty(text: str, key: str) -> str:
    """``text`` without the ``key = ...`` line once an edit emptied its list or table."""
    entry = _entry(text, key)
    if entry is not None and not tomledit.items(text, entry.value_start)[0]:
        return tomledit.remove_entry(text, entry)
    return text


# -- tables: rules, categories (inline or as [tool.backend-organizer.<key>]) ---------------------------------


def _map_set(text: str, key: str, name: str, value: str, first: bool = False) -> str:
    text = _map_remove(text, key, name)
    line = f"{tomledit.key_text(name)} = {tomledit.quote(value)}"
    sub = tomledit.find_table(text, f"{HEADER}.{key}")
    if sub is not None:
        if first and sub.entries:
            at = text.rfind("\n", 0, sub.entries[0].start) + 1
            return text[:at] + line + ("\r\n" if "\r\n" in text else "\n") + text[at:]
        return tomledit.add_entry(text, f"{HEADER}.{key}", name, tomledit.quote(value))
    entry = _entry(text, key)
    if entry is None:
        return tomledit.add_entry(text, HEADER, key, "{ " + line + " }")
    if text[entry.value_start] != "{":
        raise ConfigError(f"[{HEADER}] {key}: must be a table of strings")
    return tomledit.add_item(text, entry.value_start, line, first=first)


def _map_remove(text: str, key: str, name: str) -> str:
    sub = tomledit.find_table(text, f"{HEADER}.{key}")
    if sub is not None:
        found = next((e for e in sub.entries if _key(text[e.start : e.value_start].rstrip(" \t=")) == name), None)
        return tomledit.remove_entry(text, found) if found else text
    entry = _entry(text, key)
    if entry is None or text[entry.value_start] != "{":
        return text
    items, _ = tomledit.items(text, entry.value_start)
    index = next((n for n, i in enumerate(items) if i.key is not None and _key(i.key) == name), None)
    return _drop_if_empty(tomledit.remove_item(text, entry.value_start, index), key) if index is not None else text


# -- the actions ------------------------------------------------------------------------------------------


def _top_level_name(path: str, backend: str, action: str) -> str:
    folder, _, name = path.rpartition("/")
    if folder != backend:
        where = f"{backend}/" if backend else "the workspace root"
        raise ConfigError(f"{action} {path}: only the top-level files of the backend ({where}) can be placed")
    return name


def edit_config(
    text: str | None,
    action: str,
    path: str,
    backend: str,
    package: str | None = None,
    packages: Mapping[str, str] | None = None,
) -> ConfigEdit:
    """``pyproject.toml`` (``text``; None when there is none) after one plan-view action on ``path``.

    ``path`` and ``backend`` are relative to the workspace root with ``/``; ``package`` is the target of a move,
    a package name of the plan (``packages`` maps those to their categories) or a category or a new name.
    """
    if action not in CONFIG_ACTIONS:
        raise ConfigError(f"unknown action {action!r}; expected one of {', '.join(CONFIG_ACTIONS)}")
    original = text if text is not None else ""
    data = table_in(original)
    _check_written_as_tables(original, data)
    current = parse_config(data)
    backend = backend.strip("/")
    top_level = path.rpartition("/")[0] == backend
    name = path.rpartition("/")[2] if action == "exclude" and not top_level else _top_level_name(path, backend, action)
    new = original
    if top_level:
        new = _list_remove(_map_remove(new, "rules", name), "keep", name)
    new = _list_remove(new, "exclude", path)
    description = f"reset {path}"
    if action == "move":
        if not package:
            raise ConfigError(f"move {path}: no target package")
        category = (packages or {}).get(package, package)
        known = {c.name for c in DEFAULT_CATEGORIES} | set(current.categories)
        if category not in known:
            if not is_identifier(category):
                raise ConfigError(f"move {path}: package name {category!r} is not a Python identifier")
            new = _map_set(new, "categories", category, f"{category} (added in the plan view)")
        new = _map_set(new, "rules", name, category, first=True)
        description = f'rules "{name}" = "{category}"'
    elif action == "keep":
        new = _list_add(new, "keep", name)
        description = f'keep "{name}"'
    elif action == "exclude":
        new = _list_add(new, "exclude", path)
        description = f'exclude "{path}"'
    config = parse_config(table_in(new))
    if action == "move":
        blocking = next((p for p in config.keep if fnmatchcase(name, p)), None)
        if blocking:
            raise ConfigError(f"move {path}: keep = {blocking!r} keeps it in place; change that pattern first")
    if action in ("move", "keep"):
        hidden = next((p for p in config.exclude if fnmatchcase(path, p)), None)
        if hidden:
            raise ConfigError(f"{action} {path}: exclude = {hidden!r} hides it; change that pattern first")
    return ConfigEdit(new, text is None and bool(new), new != original, description, config)
