"""Files that share a stem go together: ``simple_rate_limiting.py`` with ``rate_limiting.py``,
``apply_migrations_direct.py`` with ``apply_migration.py``, ``weather_tools.py`` with ``search_tools.py``.

After every file is classified on its own, the ones no signal placed follow their classified siblings when
those agree (tests never lead: ``safe_divide.py`` does not follow ``test_safe_divide.py``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ..categories import GENERIC_WORDS, Category
from ..model import Classification
from .classify import name_words
from .code_signals import APP_LIBRARIES

#: Library names as stems say nothing about a file's role (``celery_app.py`` and ``celery_db.py``).
_NOT_A_STEM = GENERIC_WORDS | APP_LIBRARIES | {"celery", "redis", "openai", "anthropic", "langchain", "pydantic"}
#: How many files must share a head word, and which share of them must agree, before the others follow.
GROUP_SIZE = 3
GROUP_AGREEMENT = 2 / 3


def singular(word: str) -> str:
    """``tools`` → ``tool``, ``migrations`` → ``migration``; ``analysis``, ``status``, ``class`` stay."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def stem_of(name: str) -> list[str]:
    return [singular(w) for w in name_words(name[:-3] if name.endswith(".py") else name)]


def siblings(a: str, b: str) -> str | None:
    """The stem two names share, ignoring plurals: one name's words are a run of the other's
    (``rate_limiting`` in ``simple_rate_limiting``), or they start or end with the same words
    (``apply_migration_fix`` and ``apply_migrations_direct``; ``search_tools`` and ``weather_tools``). None
    when they share only generic words (``app``, ``client``, ``manager`` …)."""
    return _shared_stem(stem_of(a), stem_of(b))


def _meaningful(words: list[str]) -> bool:
    return any(w not in _NOT_A_STEM for w in words)


def _shared_stem(x: list[str], y: list[str]) -> str | None:
    """:func:`siblings` on the names' stems (word lists)."""
    if len(x) > len(y):
        x, y = y, x
    if not x or x == y:
        return None
    for start in range(len(y) - len(x) + 1):
        if y[start : start + len(x)] == x and _meaningful(x):
            return "_".join(x)
    prefix = 0
    while prefix < len(x) and x[prefix] == y[prefix]:
        prefix += 1
    if prefix >= 2 and _meaningful(x[:prefix]):  # one shared first word is a topic (grant_filters, grants_service)
        return "_".join(x[:prefix])
    suffix = 0
    while suffix < len(x) and x[-1 - suffix] == y[-1 - suffix]:
        suffix += 1
    if suffix and _meaningful(x[len(x) - suffix :]):
        return "_".join(x[len(x) - suffix :])
    return None


def follow_siblings(classifications: list[Classification], movable: set[str]) -> list[Classification]:
    """Files that no rule placed go with the classified siblings that share their stem, when those agree.

    ``movable``: the files that may follow a sibling (not entry points, tooling or files that must stay).
    A shared stem always holds a meaningful word both names have, so each file is compared only with the
    placed files that share one (by an index of their words), in the order of ``classifications``."""
    placed = {c.path: c for c in classifications if c.category not in {None, "tests"}}
    stems = {p: stem_of(posixpath.basename(p)) for p in placed}
    by_word: dict[str, list[int]] = {}
    order = list(placed)
    for position, p in enumerate(order):
        for word in dict.fromkeys(stems[p]):
            if word not in _NOT_A_STEM:
                by_word.setdefault(word, []).append(position)
    result = []
    for c in classifications:
        if c.category is not None or c.path not in movable:
            result.append(c)
            continue
        stem = stem_of(posixpath.basename(c.path))
        candidates = sorted({i for word in stem for i in by_word.get(word, ())})
        mates = [(order[i], shared) for i in candidates if (shared := _shared_stem(stem, stems[order[i]])) is not None]
        categories = {placed[p].category for p, _ in mates}
        if len(categories) == 1:
            category = categories.pop()
            mate, shared = mates[0]
            result.append(
                Classification(
                    c.path,
                    category,
                    None,
                    f"goes with its sibling {posixpath.basename(mate)}, which shares the stem {shared!r}",
                    c.reason,
                )
            )
        else:
            result.append(c)
    return result


def align_groups(
    classifications: list[Classification], decided_by: Mapping[str, str], categories: Mapping[str, Category]
) -> list[Classification]:
    """Files whose last name word names a category (``*_service.py`` → services) go together when most of them
    agree: ``llm_enhancement_service.py`` joins the fourteen other ``*_service.py`` in services/ rather than
    agents/. Only files placed by their name, definitions or imports follow; entry points, tests, scripts and
    configured files keep their place."""
    head_category = {
        word: category.name for category in categories.values() for word, _, _ in category.words if "_" not in word
    }
    groups: dict[str, list[Classification]] = {}
    for c in classifications:
        words = stem_of(posixpath.basename(c.path))
        if len(words) > 1 and decided_by.get(c.path) in _FOLLOWING:
            groups.setdefault(words[-1], []).append(c)
    moves: dict[str, tuple[str, str]] = {}
    for word, members in groups.items():
        category = head_category.get(word) or head_category.get(word + "s")
        if category is None or len(members) < GROUP_SIZE:
            continue
        agreeing = [c for c in members if c.category == category]
        if len(agreeing) < GROUP_AGREEMENT * len(members):
            continue
        for c in members:
            if c.category != category:
                moves[c.path] = (
                    category,
                    f"goes with its siblings *_{word}.py ({len(agreeing)} of {len(members)} "
                    f"are {categories[category].description.lower()})",
                )
    return [
        Classification(c.path, moves[c.path][0], None, moves[c.path][1], c.reason) if c.path in moves else c
        for c in classifications
    ]


#: The signals a file may be moved away from to join its group.
_FOLLOWING = frozenset({"name", "defines", "imports"})
