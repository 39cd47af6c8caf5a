"""The command-line face of the engine: ``backend-organizer plan|apply|check|undo|lsp``."""
