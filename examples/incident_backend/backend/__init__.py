"""Incident desk backend (its modules import each other by bare name; run it from this folder)."""
