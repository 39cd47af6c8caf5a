"""SQLite storage for ingested documents, their chunks and background jobs.

The database file ``data.sqlite3`` and the ``schema.sql`` it is created from
both live next to this module, whatever the current working directory is.
"""
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

DB_FILE = Path(__file__).resolve().parent / "data.sqlite3"
BASE_DIR = os.path.dirname(__file__)
SCHEMA_FILE = os.path.join(BASE_DIR, "schema.sql")


def db_file():
    """``$DEPLOY_DB_FILE`` if set, else ``DB_FILE``."""
    return Path(os.environ.get("DEPLOY_DB_FILE") or DB_FILE)


def connect():
    conn = sqlite3.connect(db_file())
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def init_db():
    with open(SCHEMA_FILE, encoding="utf-8") as handle:
        schema = handle.read()
    with closing(connect()) as conn:
        conn.executescript(schema)
    return db_file()


def get_document(path):
    with closing(connect()) as conn:
        row = conn.execute("SELECT * FROM documents WHERE path = ?", (path,)).fetchone()
    return dict(row) if row else None


def upsert_document(path, title, checksum, chunks):
    """Store a document and replace its chunks; returns the document id."""
    with closing(connect()) as conn, conn:
        conn.execute("INSERT INTO documents (path, title, checksum) VALUES (?, ?, ?) "
                     "ON CONFLICT (path) DO UPDATE SET title = excluded.title, "
                     "checksum = excluded.checksum, summary = NULL", (path, title, checksum))
        doc_id = conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()[0]
        conn.execute("DELETE FROM chunks WHERE document_id = ?", (doc_id,))
        conn.executemany("INSERT INTO chunks (document_id, position, text) VALUES (?, ?, ?)",
                         [(doc_id, position, text) for position, text in enumerate(chunks)])
    return doc_id


def list_documents():
    with closing(connect()) as conn:
        rows = conn.execute("SELECT d.id, d.path, d.title, d.summary, COUNT(c.id) AS chunks FROM documents d "
                            "LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id ORDER BY d.path")
        return [dict(row) for row in rows]


def document_chunks(doc_id):
    with closing(connect()) as conn:
        rows = conn.execute("SELECT text FROM chunks WHERE document_id = ? ORDER BY position", (doc_id,))
        return [row["text"] for row in rows]


def set_summary(doc_id, summary):
    with closing(connect()) as conn, conn:
        conn.execute("UPDATE documents SET summary = ? WHERE id = ?", (summary, doc_id))


def search_chunks(terms, limit=5):
    """Chunks containing every term (case-insensitive), with their document path and title."""
    if not terms:
        return []
    where = " AND ".join("lower(c.text) LIKE ?" for _ in terms)
    params = [f"%{term.lower()}%" for term in terms] + [limit]
    sql = (f"SELECT d.path, d.title, c.position, c.text FROM chunks c JOIN documents d "
           f"ON d.id = c.document_id WHERE {where} ORDER BY d.path, c.position LIMIT ?")
    with closing(connect()) as conn:
        return [dict(row) for row in conn.execute(sql, params)]


def add_job(kind, payload):
    with closing(connect()) as conn, conn:
        return conn.execute("INSERT INTO jobs (kind, payload) VALUES (?, ?)",
                            (kind, json.dumps(payload, sort_keys=True))).lastrowid


def pending_jobs():
    with closing(connect()) as conn:
        rows = conn.execute("SELECT id, kind, payload FROM jobs WHERE status = 'pending' ORDER BY id")
        return [{"id": r["id"], "kind": r["kind"], "payload": json.loads(r["payload"])} for r in rows]


def finish_job(job_id, status, result):
    with closing(connect()) as conn, conn:
        conn.execute("UPDATE jobs SET status = ?, result = ? WHERE id = ?", (status, result, job_id))
