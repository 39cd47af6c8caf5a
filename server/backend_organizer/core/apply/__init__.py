"""Applying and undoing."""
