"""A tiny document store on SQLite: JSON records addressed by (kind, key).

The connection is in-memory by default; set ``BACKEND_DB`` to a file path to
persist data between runs.
"""
import json
import os
import sqlite3

_conn = None


def connect():
    """The process-wide connection, created (with its table) on first use."""
    global _conn
    if _conn is None:
        _conn = sqlite3.connect(os.environ.get("BACKEND_DB", ":memory:"))
        _conn.execute("CREATE TABLE IF NOT EXISTS records ("
                      " kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
                      " PRIMARY KEY (kind, key))")
    return _conn


def reset():
    """Close and forget the connection (an in-memory database is discarded)."""
    global _conn
    if _conn is not None:
        _conn.close()
    _conn = None


def save(kind, key, record):
    """Insert or replace one record; returns the key."""
    conn = connect()
    with conn:
        conn.execute("INSERT OR REPLACE INTO records (kind, key, body) VALUES (?, ?, ?)",
                     (kind, key, json.dumps(record, sort_keys=True)))
    return key


def load(kind, key):
    row = connect().execute("SELECT body FROM records WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    return json.loads(row[0]) if row else None


def load_all(kind):
    rows = connect().execute("SELECT body FROM records WHERE kind = ? ORDER BY key", (kind,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def delete(kind, key):
    conn = connect()
    with conn:
        return conn.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0


def count(kind):
    return connect().execute("SELECT COUNT(*) FROM records WHERE kind = ?", (kind,)).fetchone()[0]
