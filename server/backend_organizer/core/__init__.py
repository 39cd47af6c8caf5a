"""The pure engine: scanning, classification, planning, rewriting, verification, apply and undo.

Nothing in this package imports an editor protocol library (pygls, lsprotocol); a test enforces it. The public
names are in :mod:`backend_organizer.core.api`; this file imports nothing, so loading one module of the engine
does not load all of it.
"""
