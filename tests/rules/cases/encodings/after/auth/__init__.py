"""Authentication modules."""
