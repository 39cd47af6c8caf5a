"""Deciding where files go."""
