"""Seed the database."""
if not __package__:  # run by path (python scripts/seed.py): make the project's packages importable
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from database.database import get_db

if __name__ == "__main__":
    print(get_db())
