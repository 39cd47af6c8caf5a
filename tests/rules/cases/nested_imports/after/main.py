from typing import TYPE_CHECKING

try:
    from data.embeddings import embed
except ImportError:  # optional dependency
    embed = None

if TYPE_CHECKING:
    from models.models import User


def connect():
    from database import database

    return database.get_db()


def describe(user: "User") -> str:
    if user: from database import database; return str(database.get_db())
    import json; from models.models import User as U; return json.dumps(U.__name__)
