"""backend-organizer: turn a flat Python backend into a clean package layout.

The engine lives in :mod:`backend_organizer.core` (pure Python, no editor protocol types); the command line
face in :mod:`backend_organizer.cli` and the language server face in :mod:`backend_organizer.lsp` are thin
layers over it.
"""

__version__ = "0.1.0"
