"""Session lifecycle and message history on top of the database module."""
import database as db
from helpers import slugify as make_slug
from models import Message, Session


class SessionNotFound(LookupError):
    """No session with that id (or not visible to the caller)."""


class SessionService:
    def __init__(self, history_limit=50):
        self.history_limit = history_limit

    def start(self, title, user_id=None):
        """Create a session whose id is the slug of its title, made unique with a suffix."""
        base = make_slug(title) or "session"
        session_id, suffix = base, 2
        while db.get_session(session_id) is not None:
            session_id = f"{base}-{suffix}"
            suffix += 1
        db.create_session(session_id, user_id, title)
        return Session(id=session_id, user_id=user_id, title=title)

    def get(self, session_id, user_id=None):
        row = db.get_session(session_id)
        if row is None or (user_id is not None and row["user_id"] != user_id):
            raise SessionNotFound(session_id)
        return Session(id=row["id"], user_id=row["user_id"], title=row["title"],
                       messages=self.history(session_id))

    def add_message(self, session_id, role, content):
        if db.get_session(session_id) is None:
            raise SessionNotFound(session_id)
        message = Message(session_id=session_id, role=role, content=content)
        message.id = db.save_message(session_id, role, content)
        return message

    def history(self, session_id):
        rows = db.load_messages(session_id, limit=self.history_limit)
        return [Message.from_row(row) for row in rows]

    def list_for_user(self, user_id):
        return [Session(id=row["id"], user_id=row["user_id"], title=row["title"])
                for row in db.list_sessions(user_id)]

    def close(self, session_id):
        if not db.delete_session(session_id):
            raise SessionNotFound(session_id)
