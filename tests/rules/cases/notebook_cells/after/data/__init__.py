"""Data handling and storage utilities."""
