"""The backend package."""
