"""File-name globs answered with string tests agree with fnmatch.fnmatchcase."""

from __future__ import annotations

from fnmatch import fnmatchcase

from backend_organizer.core.scan.globs import NamePatterns
from hypothesis import given, settings
from hypothesis import strategies as st

PATTERNS = (
    "Makefile", "*.mk", "Procfile.*", "README*", "test_*.py", "*_test.py", "conftest.py", "*", "a*a",
    "[Dd]ockerfile", "*.py?", ".env.example", "**", "x*y*z",
)  # fmt: skip
names = st.text(alphabet="aeMktfilyxzPRDpcod_.*?[]", max_size=14)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), max_size=5), names)
def test_names_match_as_fnmatchcase_says(patterns: list[str], name: str) -> None:
    matcher = NamePatterns(patterns)
    assert matcher.match(name) == any(fnmatchcase(name, p) for p in patterns)
    assert matcher.first(name) == next((p for p in patterns if fnmatchcase(name, p)), None)


def test_a_prefix_and_a_suffix_may_not_overlap() -> None:
    assert not NamePatterns(["a*a"]).match("a") and NamePatterns(["a*a"]).match("aa")
    assert NamePatterns(["test_*.py"]).match("test_.py") and not NamePatterns(["test_*.py"]).match("test.py")
