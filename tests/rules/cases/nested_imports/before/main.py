from typing import TYPE_CHECKING

try:
    from embeddings import embed
except ImportError:  # optional dependency
    embed = None

if TYPE_CHECKING:
    from models import User


def connect():
    import database

    return database.get_db()


def describe(user: "User") -> str:
    if user: import database; return str(database.get_db())
    import json; from models import User as U; return json.dumps(U.__name__)
