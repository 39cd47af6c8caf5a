"""Fill the database.

Usage: ``python seed.py``; the connection lives in database.py.
"""
from database import get_db  # see database.py


def run():
    """Seed from `fixtures.py` (not a module of this project) and database.py."""
    return get_db()


if __name__ == "__main__":
    run()
