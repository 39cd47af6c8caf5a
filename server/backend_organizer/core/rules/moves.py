"""The geometry of one set of moves: the layout before, the layout after, and which file went where.

Pure and shared by the rules, the renamer and the verifier; :mod:`.context` builds the per-plan state on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scan.layout import Layout


@dataclass
class MoveContext:
    """Old and new layouts and the file moves between them."""

    old: Layout
    new: Layout
    moves: dict[str, str]

    def moved(self, path: str) -> str:
        return self.moves.get(path, path)

    def moved_dir(self, directory: str) -> str:
        """Where a folder went, when every moved file under it moved with it (a folder rename)."""
        prefix = directory + "/"
        targets = {
            dst[: len(dst) - len(src) + len(directory)]
            for src, dst in self.moves.items()
            if src.startswith(prefix) and dst.endswith(src[len(directory) :])
        }
        if len(targets) == 1 and all(not p.startswith(prefix) or p in self.moves for p in self.old.files):
            return targets.pop()
        return directory

    def unmoved(self, path: str) -> str:
        """The old path of a file given its new path."""
        reverse = self.__dict__.get("_reverse")
        if reverse is None:
            reverse = self.__dict__["_reverse"] = {new: old for old, new in self.moves.items()}
        return reverse.get(path, path)
