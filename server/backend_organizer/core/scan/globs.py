"""File-name globs matched without compiling a regular expression for each.

:func:`fnmatch.fnmatchcase` compiles every distinct pattern into a regular expression on first use; a plan
matches a few dozen fixed patterns (which files hold commands, which are tests) once each, so compiling them
was a tenth of a small plan's start-up. Exact names and ``*.ext``, ``Name.*`` and ``test_*.py`` globs are
answered with string tests (what ``fnmatchcase`` answers for them); anything else still goes to
``fnmatchcase``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from fnmatch import fnmatchcase

_WILD = frozenset("*?[")


class NamePatterns:
    """A fixed set of globs for file names (case-sensitive, as :func:`fnmatch.fnmatchcase`)."""

    def __init__(self, patterns: Iterable[str]):
        self.patterns = tuple(patterns)
        self._exact: set[str] = set()
        suffixes: list[str] = []
        prefixes: list[str] = []
        self._around: list[tuple[str, str]] = []  # "test_*.py": a prefix and a suffix that do not overlap
        self._others: list[str] = []
        for pattern in self.patterns:
            if not _WILD.intersection(pattern):
                self._exact.add(pattern)
            elif pattern[:1] == "*" and not _WILD.intersection(pattern[1:]):
                suffixes.append(pattern[1:])
            elif pattern.endswith("*") and not _WILD.intersection(pattern[:-1]):
                prefixes.append(pattern[:-1])
            elif pattern.count("*") == 1 and not _WILD.intersection(pattern.replace("*", "")):
                before, after = pattern.split("*")
                self._around.append((before, after))
            else:
                self._others.append(pattern)
        self._suffixes = tuple(suffixes)
        self._prefixes = tuple(prefixes)

    def match(self, name: str) -> bool:
        """Whether ``name`` matches one of the patterns (``fnmatchcase`` of any)."""
        return (
            name in self._exact
            or name.endswith(self._suffixes)
            or name.startswith(self._prefixes)
            or any(
                len(name) >= len(before) + len(after) and name.startswith(before) and name.endswith(after)
                for before, after in self._around
            )
            or any(fnmatchcase(name, pattern) for pattern in self._others)
        )

    def first(self, name: str) -> str | None:
        """The first pattern, in the given order, that ``name`` matches."""
        if not self.match(name):
            return None
        return next(p for p in self.patterns if name_patterns((p,)).match(name))


@functools.lru_cache(maxsize=64)
def name_patterns(patterns: tuple[str, ...]) -> NamePatterns:
    """The matcher of a tuple of globs (made once per distinct tuple)."""
    return NamePatterns(patterns)
