"""Reading the workspace."""
