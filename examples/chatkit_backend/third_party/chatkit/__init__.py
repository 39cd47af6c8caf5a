"""Offline stand-in for openai-chatkit (``pip install openai-chatkit``); see ../README.md.

Submodules mirror the real package layout: ``chatkit.server``,
``chatkit.store`` and ``chatkit.types``; only the names this example uses exist.
"""

__version__ = "0.0.0-standin"
