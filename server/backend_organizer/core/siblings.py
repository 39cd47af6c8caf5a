"""Files that share a stem go together: ``simple_rate_limiting.py`` with ``rate_limiting.py``,
``apply_migrations_direct.py`` with ``apply_migration.py``, ``weather_tools.py`` with ``search_tools.py``.

After every file is classified on its own, the ones no signal placed follow their classified siblings when
those agree (tests never lead: ``safe_divide.py`` does not follow ``test_safe_divide.py``).
"""

from __future__ import annotations

import posixpath

from .categories import GENERIC_WORDS
from .classify import name_words
from .model import Classification


def stem_of(name: str) -> list[str]:
    words = name_words(name[:-3] if name.endswith(".py") else name)
    return [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words]


def siblings(a: str, b: str) -> str | None:
    """The stem two names share, ignoring plurals: one name's words are a run of the other's
    (``rate_limiting`` in ``simple_rate_limiting``), or they start or end with the same words
    (``apply_migration_fix`` and ``apply_migrations_direct``; ``search_tools`` and ``weather_tools``). None
    when they share only generic words (``app``, ``client``, ``manager`` …)."""
    x, y = stem_of(a), stem_of(b)
    if len(x) > len(y):
        x, y = y, x
    if not x or x == y:
        return None

    def meaningful(words: list[str]) -> bool:
        return any(w not in GENERIC_WORDS for w in words)

    for start in range(len(y) - len(x) + 1):
        if y[start : start + len(x)] == x and meaningful(x):
            return "_".join(x)
    prefix = 0
    while prefix < len(x) and x[prefix] == y[prefix]:
        prefix += 1
    if prefix and meaningful(x[:prefix]):
        return "_".join(x[:prefix])
    suffix = 0
    while suffix < len(x) and x[-1 - suffix] == y[-1 - suffix]:
        suffix += 1
    if suffix and meaningful(x[len(x) - suffix :]):
        return "_".join(x[len(x) - suffix :])
    return None


def follow_siblings(classifications: list[Classification], movable: set[str]) -> list[Classification]:
    """Files that no rule placed go with the classified siblings that share their stem, when those agree.

    ``movable``: the files that may follow a sibling (not entry points, tooling or files that must stay)."""
    placed = {c.path: c for c in classifications if c.category not in {None, "tests"}}
    result = []
    for c in classifications:
        if c.category is not None or c.path not in movable:
            result.append(c)
            continue
        name = posixpath.basename(c.path)
        mates = [(p, stem) for p in placed if (stem := siblings(name, posixpath.basename(p))) is not None]
        categories = {placed[p].category for p, _ in mates}
        if len(categories) == 1:
            category = categories.pop()
            mate, stem = mates[0]
            result.append(
                Classification(
                    c.path,
                    category,
                    None,
                    f"goes with its sibling {posixpath.basename(mate)}, which shares the stem {stem!r}",
                    c.reason,
                )
            )
        else:
            result.append(c)
    return result
