"""``[tool.backend-organizer]`` configuration: loading, validation and merging of overrides.

Invalid configuration never falls back silently: every problem raises :class:`ConfigError` naming the key.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..categories import DEFAULT_CATEGORIES, ENTRY_POINTS
from ..errors import ConfigError
from .tomlfiles import parse_toml, read_toml

TABLE = "[tool.backend-organizer]"

KNOWN_KEYS = (
    "backend",
    "rules",
    "keep",
    "exclude",
    "entry-points",
    "categories",
    "packages",
    "roots",
    "python",
    "readme-structure",
    "script-bootstrap",
    "layout",
)


LAYOUTS = ("import-root", "package", "both")


@dataclass(frozen=True)
class Config:
    """Validated configuration; every field has a working default."""

    backend: str | None = None
    rules: tuple[tuple[str, str], ...] = ()
    keep: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    entry_points: frozenset[str] = ENTRY_POINTS
    categories: dict[str, str] = field(default_factory=dict)
    packages: dict[str, str] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    python: str | None = None
    readme_structure: bool = True
    script_bootstrap: bool = True
    #: How the backend is imported when evidence is not enough: "import-root", "package" or "both".
    layout: str | None = None
    source: str = "defaults"


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def _fail(key: str, message: str) -> ConfigError:
    return ConfigError(f"{TABLE} {key}: {message}")


def _str_list(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(key, "must be a list of strings")
    return tuple(value)


def _str_table(data: Mapping[str, Any], key: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise _fail(key, "must be a table of strings")
    return dict(value)


def _check_glob(key: str, pattern: str) -> None:
    pure = PurePosixPath(pattern.replace("\\", "/"))
    if not pattern or pure.is_absolute() or ".." in pure.parts:
        raise _fail(key, f"pattern {pattern!r} must be a relative glob inside the backend folder")


def parse_config(data: Mapping[str, Any], source: str = TABLE) -> Config:
    """Validate a ``[tool.backend-organizer]`` table (or the same shape from an editor setting)."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{TABLE} must be a table")
    for key in data:
        if key not in KNOWN_KEYS:
            import difflib  # only for this message

            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{TABLE}: unknown key {key!r}{hint}; known keys are: {', '.join(KNOWN_KEYS)}")
    extra_categories = _str_table(data, "categories")
    for name in extra_categories:
        if not is_identifier(name):
            raise _fail("categories", f"category name {name!r} is not a Python identifier")
    known = {c.name for c in DEFAULT_CATEGORIES} | set(extra_categories)

    packages = _str_table(data, "packages")
    for category, package in packages.items():
        if category not in known:
            raise _fail("packages", f"unknown category {category!r}; known: {', '.join(sorted(known))}")
        if not is_identifier(package):
            raise _fail(f"packages.{category}", f"package name {package!r} is not a Python identifier")

    rules_table = _str_table(data, "rules")
    rules: list[tuple[str, str]] = []
    for pattern, target in rules_table.items():
        _check_glob(f"rules[{pattern!r}]", pattern)
        if not is_identifier(target):
            raise _fail(f"rules[{pattern!r}]", f"target {target!r} is not a Python identifier")
        if target not in known:
            raise _fail(
                f"rules[{pattern!r}]",
                f"unknown category {target!r}; add it under [tool.backend-organizer.categories]"
                f" or use one of: {', '.join(sorted(known))}",
            )
        rules.append((pattern, target))

    keep = _str_list(data, "keep")
    exclude = _str_list(data, "exclude")
    for key, patterns in (("keep", keep), ("exclude", exclude)):
        for pattern in patterns:
            _check_glob(key, pattern)
    entry = _str_list(data, "entry-points")
    for name in entry:
        _check_glob("entry-points", name)
    roots = _str_list(data, "roots")
    for root in roots:
        _check_glob("roots", root)

    backend = data.get("backend")
    if backend is not None:
        if not isinstance(backend, str):
            raise _fail("backend", "must be a string (a folder relative to the workspace root)")
        _check_glob("backend", backend)
    python = data.get("python")
    if python is not None and not isinstance(python, str):
        raise _fail("python", "must be a string (path to the project's interpreter)")
    readme = data.get("readme-structure", True)
    if not isinstance(readme, bool):
        raise _fail("readme-structure", "must be true or false")
    bootstrap = data.get("script-bootstrap", True)
    if not isinstance(bootstrap, bool):
        raise _fail("script-bootstrap", "must be true or false")
    layout = data.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise _fail("layout", f"must be one of {', '.join(repr(v) for v in LAYOUTS)} (got {layout!r})")

    return Config(
        backend=backend,
        rules=tuple(rules),
        keep=keep,
        exclude=exclude,
        entry_points=ENTRY_POINTS | frozenset(entry),
        categories=extra_categories,
        packages=packages,
        roots=roots,
        python=python,
        readme_structure=readme,
        script_bootstrap=bootstrap,
        layout=layout,
        source=source,
    )


def read_table(root: Path, text: str | None = None) -> dict[str, Any]:
    """The raw ``[tool.backend-organizer]`` table of ``root/pyproject.toml`` (empty when absent), or of ``text``,
    the file's content in an editor."""
    path = root / "pyproject.toml"
    if text is not None:
        return table_in(text, path)
    pyproject = read_toml(path)
    return _table(pyproject.document, pyproject.error, path)


def table_in(text: str, where: object = "pyproject.toml") -> dict[str, Any]:
    """The raw ``[tool.backend-organizer]`` table of a ``pyproject.toml``'s text; ``where`` names it in errors."""
    document, error = parse_toml(text)
    return _table(document, error, where)


def _table(document: dict[str, Any], error: str | None, where: object) -> dict[str, Any]:
    if error:
        raise ConfigError(f"{where}: {error}")
    table = document.get("tool", {}).get("backend-organizer", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{TABLE} in {where} must be a table")
    return table


def _locate(text: str, message: str) -> int | None:
    """Line of the ``[tool.backend-organizer]`` key a validation message is about (1-based), if found."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("[tool.backend-organizer")), None)
    if start is None:
        return None
    after = message.split("]", 1)[-1].strip()
    key = re.match(r"([\w-]+)(?:\[(['\"])(.*?)\2\]|\.([\w-]+))?", after)
    if not key:
        return start + 1
    words = [w for w in (key.group(3), key.group(4), key.group(1)) if w]
    quoted = re.compile(r"[\"']?" + re.escape(words[0]) + r"[\"']?\s*=")
    for index in range(start, len(lines)):
        if quoted.search(lines[index]):
            return index + 1
    return start + 1


def config_home(folder: Path, root: Path) -> Path:
    """The folder whose ``pyproject.toml`` configures the tool for ``folder``: the nearest one from ``folder`` up
    to ``root`` that has a ``[tool.backend-organizer]`` table (a ``backend/pyproject.toml`` of its own), else
    ``root``."""
    from .discovery import project_files

    for pyproject in project_files(folder, root, "pyproject.toml"):
        try:
            if read_table(pyproject.parent):
                return pyproject.parent
        except ConfigError:
            return pyproject.parent  # the broken table is reported when it is loaded
    return root


def load_config(root: Path, overrides: Mapping[str, Any] | None = None, text: str | None = None) -> Config:
    """Configuration from ``root/pyproject.toml`` (or ``text``, its content in an editor) with ``overrides`` (an
    editor setting) merged on top."""
    try:
        return _load_config(root, overrides, text)
    except ConfigError as exc:
        pyproject = root / "pyproject.toml"
        if (text is None and not pyproject.is_file()) or str(exc).startswith(str(pyproject)):
            raise
        source = text if text is not None else pyproject.read_text(encoding="utf-8", errors="replace")
        line = _locate(source, str(exc))
        where = f"{pyproject}:{line}" if line else str(pyproject)
        raise ConfigError(f"{where}: {exc}") from None


def _load_config(root: Path, overrides: Mapping[str, Any] | None, text: str | None) -> Config:
    table = read_table(root, text)
    source = f"{TABLE} in pyproject.toml" if table else "defaults"
    if overrides:
        merged = dict(table)
        for key, value in overrides.items():
            if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        table, source = merged, f"{source} + editor settings"
    return parse_config(table, source)
