"""Deciding which package each top-level backend file belongs in, always with a stated reason.

Order of precedence: configuration (``keep``, ``rules``), files that must stay (symlinks, tooling, entry
points), test files, name patterns, runnable scripts, then content (what a module imports and defines).
A file nothing matches stays where it is, and the reason says how to move it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from .categories import LIBRARY_ONLY_PATTERNS, MODEL_BASES, TOOLING_FILES, Category
from .config import Config
from .index import FileIndex
from .model import Classification

STDLIB = frozenset(sys.stdlib_module_names) | {"test"}
_CONFIG = "[tool.backend-organizer]"


@dataclass(frozen=True)
class FileFacts:
    """What classification needs to know about one file beyond its index."""

    path: str
    name: str
    index: FileIndex | None
    imported_by: int
    external_imports: frozenset[str]
    is_symlink: bool = False


def _match(name: str, patterns: tuple[str, ...] | frozenset[str]) -> str | None:
    for pattern in patterns:
        if fnmatchcase(name, pattern):
            return pattern
    return None


def _content_category(facts: FileFacts, categories: Mapping[str, Category]) -> tuple[str | None, str]:
    index = facts.index
    if index is None:
        return None, "cannot be parsed, so its content says nothing"
    model_like = [
        c.name
        for c in index.classes
        if any(b.rsplit(".", 1)[-1] in MODEL_BASES for b in c.bases)
        or any(d.rsplit(".", 1)[-1] == "dataclass" for d in c.decorators)
    ]
    if model_like and len(model_like) == len(index.classes) and len(index.functions) <= len(model_like):
        shown = ", ".join(model_like[:3]) + ("…" if len(model_like) > 3 else "")
        return "models", f"defines only data model classes ({shown})"
    services = [c.name for c in index.classes if c.name.endswith("Service")]
    if services:
        return "services", f"defines the service class {services[0]}"

    signals: dict[str, list[str]] = {}
    for category in categories.values():
        hits = sorted(facts.external_imports & category.libraries)
        if hits:
            signals[category.name] = hits
    if {"hmac", "hashlib"} <= facts.external_imports and "auth" in categories:
        signals.setdefault("auth", []).append("hmac+hashlib")
    if not signals:
        return None, (
            "no rule matched: its name fits no category and its imports point at none; "
            f"add a rule under {_CONFIG} rules to move it"
        )
    ranked = sorted(signals.items(), key=lambda item: -len(item[1]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        described = "; ".join(f"{', '.join(libs)} ({cat})" for cat, libs in ranked)
        return None, f"ambiguous: imports {described}; add a rule under {_CONFIG} rules to choose"
    best, libs = ranked[0]
    return best, f"imports {', '.join(libs)}: {categories[best].description}"


def classify_file(facts: FileFacts, config: Config, categories: Mapping[str, Category]) -> Classification:
    """Classify one top-level backend file."""
    name = facts.name
    kept = _match(name, config.keep)
    if kept:
        return Classification(facts.path, None, None, f"kept in place by {_CONFIG} keep = {kept!r}")
    for pattern, target in config.rules:
        if fnmatchcase(name, pattern):
            return Classification(facts.path, target, None, f"{_CONFIG} rule {pattern!r} → {target}")
    if facts.is_symlink:
        return Classification(facts.path, None, None, "is a symbolic link; moving it would change its target")
    if name in TOOLING_FILES:
        return Classification(facts.path, None, None, f"{name} is loaded by path by its tool; it stays")
    if name in config.entry_points:
        return Classification(
            facts.path,
            None,
            None,
            f"entry point ({name}): stays at the root so its run commands keep working",
        )
    if facts.index is None:
        return Classification(facts.path, None, None, "cannot be parsed; left where it is")

    runnable_script = facts.index.main_block and facts.imported_by == 0
    tests = categories.get("tests")
    test_pattern = _match(name, tests.patterns) if tests is not None else None
    if test_pattern:
        return Classification(facts.path, "tests", None, f"test file (name matches {test_pattern})")
    for category in categories.values():
        if category.name in {"tests", "scripts"}:
            continue
        matched = _match(name, category.patterns)
        if not matched:
            continue
        if matched in LIBRARY_ONLY_PATTERNS and runnable_script and "scripts" in categories:
            return Classification(
                facts.path,
                "scripts",
                None,
                f"named like a data loader ({matched}) but it runs as a script and no module imports it",
            )
        return Classification(facts.path, category.name, None, f"name matches {matched}: {category.description}")
    if runnable_script and "scripts" in categories:
        return Classification(
            facts.path,
            "scripts",
            None,
            'runs as a script (if __name__ == "__main__") and no module imports it',
        )
    category_name, reason = _content_category(facts, categories)
    return Classification(facts.path, category_name, None, reason)
