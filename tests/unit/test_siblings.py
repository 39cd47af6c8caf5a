"""Files no signal placed follow the siblings that share their stem; the word index that makes this linear
finds exactly the mates a comparison with every placed file finds, in the same order."""

from __future__ import annotations

import posixpath

from backend_organizer.core.decide.siblings import follow_siblings, siblings
from backend_organizer.core.model import Classification
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = ["rate", "limiting", "simple", "apply", "migration", "migrations", "tools", "search", "weather", "app"]
WORDS += ["client", "manager", "grant", "grants", "service", "db", "v2", "2", "status", "redis", "user", "users"]
CATEGORIES = [None, None, "services", "utils", "database", "tests"]


def _every_pair(classifications: list[Classification], movable: set[str]) -> list[Classification]:
    """The definition: compare each unplaced file with every placed one."""
    placed = {c.path: c for c in classifications if c.category not in {None, "tests"}}
    result = []
    for c in classifications:
        if c.category is not None or c.path not in movable:
            result.append(c)
            continue
        name = posixpath.basename(c.path)
        mates = [(p, s) for p in placed if (s := siblings(name, posixpath.basename(p))) is not None]
        categories = {placed[p].category for p, _ in mates}
        if len(categories) == 1:
            mate, stem = mates[0]
            reason = f"goes with its sibling {posixpath.basename(mate)}, which shares the stem {stem!r}"
            result.append(Classification(c.path, categories.pop(), None, reason, c.reason))
        else:
            result.append(c)
    return result


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(lambda words: "_".join(words) + ".py")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(names, st.sampled_from(CATEGORIES), st.booleans()), min_size=1, max_size=25))
def test_the_word_index_finds_the_same_mates(files: list[tuple[str, str | None, bool]]) -> None:
    seen: set[str] = set()
    classifications, movable = [], set()
    for position, (name, category, may_move) in enumerate(files):
        path = f"pkg{position % 3}/{name}" if name in seen else name
        if path in seen:
            continue
        seen.add(path)
        classifications.append(Classification(path, category, None, "by name"))
        if may_move:
            movable.add(path)
    assert follow_siblings(classifications, movable) == _every_pair(classifications, movable)


def test_generic_words_make_no_siblings() -> None:
    assert siblings("app_client.py", "app_manager.py") is None
    assert siblings("simple_rate_limiting.py", "rate_limiting.py") == "rate_limiting"
    assert siblings("weather_tools.py", "search_tools.py") == "tool"
