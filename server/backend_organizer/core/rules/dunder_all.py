"""``__all__`` of a package ``__init__`` that lists a submodule which moves: reported, never edited.

``from pkg import *`` imports the submodules ``__all__`` names; after the move the name no longer is a
submodule of that package, and whether to re-export it from the new place is the user's decision.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, Finding
from ..scan.layout import join, parent_dir
from .context import FileWork, PlanState
from .protocol import RuleResult

if TYPE_CHECKING:
    from ..scan.project import Project


class DunderAllRule:
    """Submodules named in a package's ``__all__`` that move away."""

    name = "dunder-all"
    reads: frozenset[str] = frozenset()
    kinds: frozenset[EditKind] = frozenset()
    keeps_syntax = True
    in_cells = False
    yields = False
    superseded_by: Mapping[str, frozenset[str]] = {}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        return set()  # reported in the files a plan looks at for code; a listing alone is no reason to look

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        index = file.index
        if not index.dunder_all or posixpath.basename(file.path) != "__init__.py":
            return RuleResult()
        findings = []
        for value, span in index.dunder_all:
            sub = join(parent_dir(file.path), value + ".py")
            # a name the __init__ binds itself (an imported object, a definition) is not the submodule
            if sub in state.ctx.moves and value not in index.top_names:
                findings.append(
                    Finding(
                        file.path,
                        span[0],
                        "dunder-all-moved",
                        f"__all__ lists submodule {value!r}, which moves to {state.ctx.moves[sub]}; "
                        "update __all__ by hand",
                    )
                )
        return RuleResult((), tuple(findings))


RULE = DunderAllRule()
