"""A string-level harness for one rewrite rule, in the spirit of LibCST's ``CodemodTest.assertCodemod``.

:func:`assert_rule` writes a tiny workspace (the file under test plus its neighbours), scans it, plans the given
moves (new folders get an ``__init__.py``), runs exactly one rule on one file through the same merge step the
planner uses, and compares the rewritten text and the finding codes with what the case expects. The expected
text is written by hand in the test, never produced by the engine under test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from backend_organizer.core.model import CreatedFile, Move
from backend_organizer.core.planner import plan_state
from backend_organizer.core.rules.context import FileWork
from backend_organizer.core.rules.protocol import FileRule, RuleResult, merge
from backend_organizer.core.scan.layout import parent_dir
from backend_organizer.core.scan.project import scan
from backend_organizer.core.scan.sourcefile import apply_edits


def run_rule(
    tmp_path: Path,
    rule: FileRule,
    files: dict[str, str],
    moves: dict[str, str],
    path: str,
    bootstrapped: bool = False,
) -> tuple[str, RuleResult]:
    """The text of ``path`` after ``rule`` alone ran for ``moves``, and the rule's merged result."""
    root = tmp_path / "project"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8", newline="")
    project = scan(root, root)
    folders = {parent_dir(dst) for dst in moves.values()} - {""}
    created = [CreatedFile(f"{d}/__init__.py", "") for d in sorted(folders) if f"{d}/__init__.py" not in files]
    state = plan_state(project, [Move(src, dst, "test") for src, dst in moves.items()], created)
    if bootstrapped:
        state.bootstrapped = frozenset(moves)
    source = project.sources[path]
    result = merge([rule], state, FileWork(path, state.ctx.moved(path), source, project.indexes[path]))
    return apply_edits(source.text, result.edits), result


def assert_rule(
    tmp_path: Path,
    rule: FileRule,
    before: str,
    after: str,
    moves: dict[str, str],
    others: dict[str, str] | None = None,
    path: str = "main.py",
    codes: tuple[str, ...] = (),
    bootstrapped: bool = False,
) -> RuleResult:
    """``rule`` turns ``before`` (the text of ``path``) into ``after`` and reports exactly ``codes``."""
    files = {**(others or {}), path: before}
    for src in moves:
        files.setdefault(src, "VALUE = 1\n")
    text, result = run_rule(tmp_path, rule, files, moves, path, bootstrapped)
    assert text == textwrap.dedent(after)
    found = sorted(f.code for f in result.findings)
    assert found == sorted(codes), [f"{f.line}: {f.code}: {f.message}" for f in result.findings]
    for edit in result.edits:
        assert edit.kind in rule.kinds, f"{rule.name} made a {edit.kind!r} edit it does not declare"
    return result
