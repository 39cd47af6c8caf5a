"""Incident desk backend."""
