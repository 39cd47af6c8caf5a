"""Tests never write data.sqlite3 next to database.py: DB_FILE points at a temp file."""
import io

import pytest

import database
from settings import Settings


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DEPLOY_DB_FILE", raising=False)
    path = tmp_path / "test.sqlite3"
    monkeypatch.setattr("database.DB_FILE", path)
    database.init_db()
    return path


@pytest.fixture
def test_settings():
    return Settings(app_name="test-app", environment="test", docs_dir="docs", chunk_size=400,
                    api_key="secret-key")


@pytest.fixture
def wsgi_get():
    """``wsgi_get(app, path, query="", headers=None)`` -> (status, headers, body bytes)."""

    def _get(app, path, query="", headers=None):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
                   "wsgi.input": io.BytesIO(b"")}
        environ.update(headers or {})
        seen = {}
        body = b"".join(app(environ, lambda status, hdrs: seen.update(status=status, headers=dict(hdrs))))
        return seen["status"], seen["headers"], body

    return _get
