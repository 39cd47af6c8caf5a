"""Notebook cells: which lines are IPython syntax (masked) and which are Python (rewritten)."""

from __future__ import annotations

import json
from pathlib import Path

from backend_organizer.core.planner import plan_moves
from backend_organizer.core.scan.project import scan


def _notebook(*cells: str) -> str:
    book = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c.splitlines(True)}
            for c in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(book, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def _organize_one(tmp_path: Path, *cells: str) -> tuple[list[str], list[str]]:
    (tmp_path / "helpers.py").write_text("def slug(x):\n    return x\n")
    (tmp_path / "main.py").write_text("import helpers\n")
    (tmp_path / "nb.ipynb").write_text(_notebook(*cells), encoding="utf-8")
    plan = plan_moves(scan(tmp_path, tmp_path), {"helpers.py": "utils/helpers.py"})
    (change,) = [c for c in plan.changes if c.path == "nb.ipynb"]
    out = tmp_path / "out.ipynb"
    out.write_text(change.new_text, encoding="utf-8")
    return _cells(out), [f.code for f in plan.findings if f.path == "nb.ipynb"]


def test_magics_are_kept_and_python_around_them_is_rewritten(tmp_path: Path) -> None:
    cells, codes = _organize_one(
        tmp_path,
        "%load_ext autoreload\n!pip list\nhelpers?\nfrom helpers import slug\n",
        'def f():\n    """Why?\n    Because."""\n    import helpers\n    return helpers.slug(1)\n',
    )
    assert cells == [
        "%load_ext autoreload\n!pip list\nhelpers?\nfrom utils.helpers import slug\n",
        'def f():\n    """Why?\n    Because."""\n    from utils import helpers\n    return helpers.slug(1)\n',
    ]
    assert codes == []


def test_only_the_rewritten_json_lines_change(tmp_path: Path) -> None:
    cells, _ = _organize_one(tmp_path, "import helpers as h  # café\nh.slug('ü')\n")
    assert cells == ["from utils import helpers as h  # café\nh.slug('ü')\n"]
    before = (tmp_path / "nb.ipynb").read_text().splitlines()
    after = (tmp_path / "out.ipynb").read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        before.index('    "import helpers as h  # café\\n",')
    ]


def test_a_cell_that_does_not_parse_is_reported_not_touched(tmp_path: Path) -> None:
    cells, codes = _organize_one(tmp_path, "files = !ls\nimport helpers\n", "import helpers\n")
    assert cells == ["files = !ls\nimport helpers\n", "from utils import helpers\n"]
    assert codes == ["notebook-cell-not-parsed"]
