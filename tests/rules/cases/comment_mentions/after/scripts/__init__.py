"""Utility scripts."""
