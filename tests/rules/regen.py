"""Regenerate ``cases/<rule>/after`` from ``before`` with the current engine (review the diff!)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import copy_tree
from test_rules import CASES, case_names, organize


def regen(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = copy_tree(CASES / name / "before", Path(tmp) / "project")
        organize(work, name)
        journal = work / ".backend-organizer"
        if journal.exists():
            shutil.rmtree(journal)
        after = CASES / name / "after"
        if after.exists():
            shutil.rmtree(after)
        shutil.copytree(work, after)


if __name__ == "__main__":
    for case in sys.argv[1:] or case_names():
        regen(case)
        print("regenerated", case)
