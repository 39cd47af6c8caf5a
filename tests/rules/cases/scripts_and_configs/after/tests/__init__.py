"""Test files."""
