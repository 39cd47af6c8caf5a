"""Proving the plan."""
