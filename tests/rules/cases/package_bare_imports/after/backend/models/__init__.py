"""Database models and schema definitions."""
