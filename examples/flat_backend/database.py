"""SQLite persistence for users, chat sessions and messages.

The database file lives next to this module (``app.db``); set the environment
variable ``APP_DB_PATH`` to use another file, e.g. in tests or deployments.
"""
import os
import sqlite3
from contextlib import closing

DB_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "app.db")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER,
    title TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_messages_session ON messages (session_id, id);
"""


def db_path():
    """The database file in use: ``$APP_DB_PATH`` wins over ``DB_PATH``."""
    return os.environ.get("APP_DB_PATH") or DB_PATH


def get_db():
    conn = sqlite3.connect(db_path())
    conn.row_factory = sqlite3.Row
    return conn


def init_db(reset=False):
    """Create the tables (dropping them first when ``reset``); returns the file path."""
    with closing(get_db()) as conn, conn:
        if reset:
            conn.executescript("DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS sessions; "
                               "DROP TABLE IF EXISTS users;")
        conn.executescript(SCHEMA)
    return db_path()


def create_session(session_id, user_id, title):
    with closing(get_db()) as conn, conn:
        conn.execute("INSERT INTO sessions (id, user_id, title) VALUES (?, ?, ?)",
                     (session_id, user_id, title))


def get_session(session_id):
    with closing(get_db()) as conn:
        row = conn.execute("SELECT id, user_id, title FROM sessions WHERE id = ?",
                           (session_id,)).fetchone()
    return dict(row) if row else None


def list_sessions(user_id):
    with closing(get_db()) as conn:
        rows = conn.execute("SELECT id, user_id, title FROM sessions WHERE user_id = ? ORDER BY id",
                            (user_id,)).fetchall()
    return [dict(row) for row in rows]


def save_message(session_id, role, content):
    """Append a message (creating an untitled session row if needed); returns its id."""
    with closing(get_db()) as conn, conn:
        conn.execute("INSERT OR IGNORE INTO sessions (id, user_id, title) VALUES (?, NULL, ?)",
                     (session_id, session_id))
        cursor = conn.execute("INSERT INTO messages (session_id, role, content) VALUES (?, ?, ?)",
                              (session_id, role, content))
        return cursor.lastrowid


def load_messages(session_id, limit=None):
    """Messages of a session in insertion order (the last ``limit`` ones if given)."""
    with closing(get_db()) as conn:
        rows = conn.execute("SELECT id, session_id, role, content FROM messages "
                            "WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
    messages = [dict(row) for row in rows]
    return messages[-limit:] if limit else messages


def count_messages(session_id=None):
    with closing(get_db()) as conn:
        if session_id is None:
            return conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        return conn.execute("SELECT COUNT(*) FROM messages WHERE session_id = ?",
                            (session_id,)).fetchone()[0]


def delete_session(session_id):
    with closing(get_db()) as conn, conn:
        conn.execute("DELETE FROM messages WHERE session_id = ?", (session_id,))
        return conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0
