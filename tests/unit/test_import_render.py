"""The text-only renderer of plain ``import`` statements makes exactly what LibCST makes of them.

``rewrite_imports`` renders one-line ``import a.b [as c], …`` statements without LibCST (so that planning a
backend does not pay LibCST's import time); every other statement still goes through LibCST. These cases
compare the two renderers on the same groups, statement shapes and whitespace.
"""

from __future__ import annotations

import itertools
import random

import pytest
from backend_organizer.core.rules.rewrite_imports import _cst_pieces, _Group, _plain_import_pieces

NAMES = ["database", "models", "a.b", "agent . tools", "pkg.sub.mod", "x1"]
SPACES = [" ", "  ", "\t"]


def _statement(rng: random.Random, count: int) -> tuple[str, list[tuple[str, str | None]]]:
    aliases = []
    parts = []
    for i in range(count):
        name = rng.choice(NAMES)
        asname = rng.choice([None, None, "alias", f"n{i}"])
        text = name + (f"{rng.choice(SPACES)}as{rng.choice(SPACES)}{asname}" if asname else "")
        if i < count - 1:
            text += rng.choice(["", " ", "\t"]) + "," + rng.choice(["", " ", "  "])
        parts.append(text)
        aliases.append((name.replace(" ", ""), asname))
    return "import" + rng.choice(SPACES) + "".join(parts), aliases


def _groups(rng: random.Random, aliases: list[tuple[str, str | None]]) -> list[_Group]:
    groups: list[_Group] = []
    for i, (_name, asname) in enumerate(aliases):
        form = rng.choice(["keep", "import-new", "from-new"])
        if form == "keep":
            if groups and groups[-1].form == "keep":
                groups[-1].names.append(i)
            else:
                groups.append(_Group(None, [i]))
            continue
        bound = rng.choice([asname, asname, None, "other"])
        if form == "import-new":
            groups.append(_Group((0, "pkg.mod"), [i], form="import-new", new_module="pkg.mod", bound_as=bound))
        else:
            groups.append(_Group((0, "pkg.sub"), [i], form="from-new", new_module="mod", bound_as=bound))
    return groups


@pytest.mark.parametrize("seed", range(40))
def test_plain_imports_render_like_libcst(seed: int) -> None:
    rng = random.Random(seed)
    for count in (1, 2, 3, 4):
        for _ in range(10):
            segment, aliases = _statement(rng, count)
            groups = _groups(rng, aliases)
            fast = _plain_import_pieces(segment, groups)
            assert fast is not None, segment
            assert fast == _cst_pieces(segment, groups), segment


def test_every_group_shape_of_two_names() -> None:
    for forms in itertools.product(["keep", "import-new", "from-new"], repeat=2):
        segment = "import  a.b  as  c ,d"
        groups: list[_Group] = []
        for i, form in enumerate(forms):
            if form == "keep" and groups and groups[-1].form == "keep":
                groups[-1].names.append(i)
            elif form == "keep":
                groups.append(_Group(None, [i]))
            else:
                groups.append(_Group((0, "p"), [i], form=form, new_module="m", bound_as="c" if i == 0 else None))
        assert _plain_import_pieces(segment, groups) == _cst_pieces(segment, groups), forms


@pytest.mark.parametrize(
    "segment",
    [
        "import a, \\\n    b",  # continuation
        "import a as b, c  # comment",  # not part of a statement span, but never rendered as text
        "import délai",  # non-ASCII names go through LibCST
        "import a;",
    ],
)
def test_anything_else_goes_through_libcst(segment: str) -> None:
    assert _plain_import_pieces(segment, [_Group(None, [0])]) is None
