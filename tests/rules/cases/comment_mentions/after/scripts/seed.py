"""Fill the database.

Usage: ``python -m scripts.seed``; the connection lives in database/database.py.
"""
if not __package__:  # run by path (python scripts/seed.py): make the project's packages importable
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from database.database import get_db  # see database/database.py


def run():
    """Seed from `fixtures.py` (not a module of this project) and database/database.py."""
    return get_db()


if __name__ == "__main__":
    run()
