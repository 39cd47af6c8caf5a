"""Database operations and management."""
