"""Product catalogue backend: items, users with favourites, and a retrieval assistant.

Modules import each other relatively (``from .database import save``); run the
entry points as modules, e.g. ``python -m backend.main --check``.
"""

__version__ = "0.3.0"
