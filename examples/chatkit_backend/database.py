"""SQLite storage: ChatKit threads and items, user memories, demo orders and invoices."""
import json
import os
import sqlite3
from contextlib import closing

DB_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chatkit.db")

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS threads (id TEXT PRIMARY KEY, title TEXT, created_at TEXT NOT NULL, user_id TEXT);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memories (user_id TEXT, key TEXT, value TEXT NOT NULL, PRIMARY KEY (user_id, key));
CREATE TABLE IF NOT EXISTS orders (number TEXT PRIMARY KEY, status TEXT NOT NULL, eta TEXT);
CREATE TABLE IF NOT EXISTS invoices (number TEXT PRIMARY KEY, amount_cents INTEGER NOT NULL, status TEXT NOT NULL);
"""
DEMO_ORDERS = [("1042", "shipped", "2025-06-03"), ("1043", "processing", None), ("1044", "delivered", None)]
DEMO_INVOICES = [("INV-7", 4900, "paid"), ("INV-8", 12900, "overdue")]


def get_db():
    conn = sqlite3.connect(os.environ.get("CHATKIT_DB_PATH") or DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def init_db():
    with closing(get_db()) as conn, conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT OR IGNORE INTO orders VALUES (?, ?, ?)", DEMO_ORDERS)
        conn.executemany("INSERT OR IGNORE INTO invoices VALUES (?, ?, ?)", DEMO_INVOICES)


def next_id(prefix):
    """Sequential, deterministic ids: ``thr_1``, ``thr_2``, ``msg_1`` ..."""
    with closing(get_db()) as conn, conn:
        conn.execute("INSERT INTO counters VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1",
                     (prefix,))
        value = conn.execute("SELECT value FROM counters WHERE name = ?", (prefix,)).fetchone()[0]
    return f"{prefix}_{value}"


def save_thread(thread_id, title, created_at, user_id):
    with closing(get_db()) as conn, conn:
        conn.execute("INSERT INTO threads VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title",
                     (thread_id, title, created_at, user_id))


def load_thread(thread_id):
    with closing(get_db()) as conn:
        row = conn.execute("SELECT * FROM threads WHERE id = ?", (thread_id,)).fetchone()
    return dict(row) if row else None


def delete_thread(thread_id):
    with closing(get_db()) as conn, conn:
        conn.execute("DELETE FROM items WHERE thread_id = ?", (thread_id,))
        return conn.execute("DELETE FROM threads WHERE id = ?", (thread_id,)).rowcount > 0


def add_item(thread_id, item_id, body):
    with closing(get_db()) as conn, conn:
        position = conn.execute("SELECT COUNT(*) FROM items WHERE thread_id = ?", (thread_id,)).fetchone()[0]
        conn.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)",
                     (item_id, thread_id, position, json.dumps(body, sort_keys=True)))


def load_items(thread_id, limit=100, descending=False):
    order = "DESC" if descending else "ASC"
    with closing(get_db()) as conn:
        rows = conn.execute(f"SELECT body FROM items WHERE thread_id = ? ORDER BY position {order} LIMIT ?",
                            (thread_id, limit)).fetchall()
    return [json.loads(row["body"]) for row in rows]


def set_memory(user_id, key, value):
    with closing(get_db()) as conn, conn:
        conn.execute("INSERT OR REPLACE INTO memories VALUES (?, ?, ?)", (user_id, key, value))


def get_memories(user_id):
    with closing(get_db()) as conn:
        rows = conn.execute("SELECT key, value FROM memories WHERE user_id = ? ORDER BY key", (user_id,))
        return {row["key"]: row["value"] for row in rows}


def find_order(number):
    with closing(get_db()) as conn:
        row = conn.execute("SELECT * FROM orders WHERE number = ?", (number,)).fetchone()
    return dict(row) if row else None


def find_invoice(number):
    with closing(get_db()) as conn:
        row = conn.execute("SELECT * FROM invoices WHERE upper(number) = upper(?)", (number,)).fetchone()
    return dict(row) if row else None
