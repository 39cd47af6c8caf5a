"""A typed memo for values derived from one scanned project (its import graph, entry points, decision, plan).

Each value is declared with a :class:`MemoKey` beside the code that computes it, so the memo is typed without
the scan layer knowing the later layers' types; a new scan starts with an empty memo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class MemoKey(Generic[T]):
    """The typed name of one value derived from a project (declared beside the code that derives it)."""

    name: str


class Memo:
    """Values derived from one scanned project, each computed once (a new scan starts with an empty memo)."""

    def __init__(self) -> None:
        self._values: dict[MemoKey[Any], Any] = {}

    def get(self, key: MemoKey[T]) -> T | None:
        return self._values.get(key)

    def put(self, key: MemoKey[T], value: T) -> T:
        self._values[key] = value
        return value
