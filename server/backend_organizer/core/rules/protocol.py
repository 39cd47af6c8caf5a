"""The shape every rewrite rule has, and the one place where the results of several rules are merged.

A rule is an object with a few declarations and two functions (:class:`FileRule`): which files a set of moves
can make it edit (``affects``) and what it changes in one of them (``rewrite``, returning a
:class:`RuleResult`). The declarations are what the rest of the engine derives from the registry
(:mod:`.registry`): the index constructs it reads, the kinds of edit it makes, whether those edits keep a file
parsable by construction, whether it also runs on notebook cells, and how it gives way to earlier rules.
:func:`merge` applies the rules of one file in order and resolves their overlaps, by those declarations only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple, Protocol

from ..model import EditKind, Finding, TextEdit
from .context import FileWork, PlanState

if TYPE_CHECKING:
    from ..scan.project import Project


class RuleResult(NamedTuple):
    """What one rule does to one file: edits to its text, and findings (with file-relative lines)."""

    edits: tuple[TextEdit, ...] = ()
    findings: tuple[Finding, ...] = ()


class FileRule(Protocol):
    """A rule that rewrites references to moved modules inside Python code."""

    #: Short name, used in messages and by other rules' ``superseded_by``.
    name: str
    #: Index constructs (``scan.index.CONSTRUCTS`` keys) it reads; imports are always indexed.
    reads: frozenset[str]
    #: Kinds of the edits it makes.
    kinds: frozenset[EditKind]
    #: True when each edit keeps the file parsable by construction (the verifier parses each replacement on
    #: its own); False makes the verifier parse every file the rule edited as a whole.
    keeps_syntax: bool
    #: Whether it also applies to the code cells of notebooks (which share one namespace and have no
    #: ``__file__``).
    in_cells: bool
    #: True when its edits give way to earlier rules' edits they overlap (instead of being a conflict).
    yields: bool
    #: Finding codes of this rule that another rule's edits make moot, by that rule's name: the finding is
    #: dropped when that rule edited the same line.
    superseded_by: Mapping[str, frozenset[str]]

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        """Python files (workspace-relative) these moves can make it edit, besides the moved files."""
        ...

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        """Its edits and findings for one file (empty when nothing concerns it)."""
        ...


class RuleConflict(ValueError):
    """Two rules that do not give way both edited the same text: a bug in one of them."""


def merge(rules: Iterable[FileRule], state: PlanState, file: FileWork) -> RuleResult:
    """Run ``rules`` on one file in order and merge their results: edits of a yielding rule that touch earlier
    edits are dropped, findings superseded by a rule that edited their line are dropped, and any other overlap
    is a :class:`RuleConflict`. The edits come back sorted."""
    edits: list[tuple[TextEdit, str]] = []
    findings: list[Finding] = []
    edited_lines: dict[str, set[int]] = {}
    for rule in rules:
        result = rule.rewrite(state, file)
        new = list(result.edits)
        if rule.yields and edits:
            covered = [(e.start, e.end) for e, _ in edits]
            new = [e for e in new if not any(s <= e.start < t or s < e.end <= t for s, t in covered)]
        edits.extend((e, rule.name) for e in new)
        if new:
            edited_lines[rule.name] = {file.source.line_of(e.start) for e in new}
        findings.extend(
            f
            for f in result.findings
            if not any(
                f.code in codes and f.line in edited_lines.get(other, ()) for other, codes in rule.superseded_by.items()
            )
        )
    edits.sort()
    for (a, rule_a), (b, rule_b) in pairwise(edits):
        if b.start < a.end:  # what apply_edits would refuse
            raise RuleConflict(f"{file.path}: the {rule_a} and {rule_b} rules both edit offset {b.start}")
    return RuleResult(tuple(e for e, _ in edits), tuple(findings))
