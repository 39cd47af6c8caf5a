"""SQLite storage for users and articles (``split.db`` next to this file by default)."""
import os
import sqlite3
from contextlib import closing

DB_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "split.db")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, email TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (slug TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
"""


def connect():
    conn = sqlite3.connect(os.environ.get("SPLIT_DB_PATH") or DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def init_db():
    with closing(connect()) as conn:
        conn.executescript(SCHEMA)


def insert_user(username, email):
    with closing(connect()) as conn, conn:
        return conn.execute("INSERT INTO users (username, email) VALUES (?, ?)", (username, email)).lastrowid


def find_user(username):
    with closing(connect()) as conn:
        row = conn.execute("SELECT id, username, email FROM users WHERE username = ?", (username,)).fetchone()
    return dict(row) if row else None


def list_users():
    with closing(connect()) as conn:
        return [dict(r) for r in conn.execute("SELECT id, username, email FROM users ORDER BY username")]


def update_email(username, email):
    with closing(connect()) as conn, conn:
        return conn.execute("UPDATE users SET email = ? WHERE username = ?", (email, username)).rowcount == 1


def upsert_article(slug, title, body):
    with closing(connect()) as conn, conn:
        conn.execute("INSERT OR REPLACE INTO articles (slug, title, body) VALUES (?, ?, ?)", (slug, title, body))


def list_articles():
    with closing(connect()) as conn:
        return [dict(r) for r in conn.execute("SELECT slug, title, body FROM articles ORDER BY slug")]
