"""How the engine runs Python's cyclic garbage collector while it scans, plans and checks.

Those phases allocate millions of short-lived, acyclic objects (AST nodes, index tuples): with the default
thresholds the collector would run thousands of times for nothing (a fifth of the planning time at 1,000
files), so it runs rarely meanwhile. Nesting is fine: each exit restores what its entry found.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds for the duration of the block."""
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
