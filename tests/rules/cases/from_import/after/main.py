"""Entry point."""
import os
from database.database import get_db, close_db  # the connection helpers


def run():
    db = get_db()
    close_db(db)
    return os.sep
