"""The language-server face of the engine (pygls 2.x): converts core plans to LSP types and back.

No planning logic lives here; every feature module turns a core result into protocol objects.
"""
