"""Shared fixtures: an isolated SQLite file per test and a fresh knowledge base."""
import io
import json

import pytest

import database
import vector_store


class FakeClock:
    """Manually advanced clock for rate limiting and token expiry."""

    def __init__(self, start=1_000.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def temp_db(tmp_path, monkeypatch):
    """Point the database module at a throw-away file and create the tables."""
    monkeypatch.delenv("APP_DB_PATH", raising=False)
    path = tmp_path / "test.db"
    monkeypatch.setattr("database.DB_PATH", str(path))
    database.init_db()
    return path


@pytest.fixture
def knowledge_base():
    vector_store.reset()
    vector_store.load_default_documents()
    yield vector_store.get_store()
    vector_store.reset()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def call(temp_db, knowledge_base, clock):
    """``call(method, path, body=None, token=None)`` against a fresh WSGI app."""
    from main import create_app
    from rate_limiting import RateLimiter

    app = create_app(limiter=RateLimiter(capacity=10, refill_rate=1, clock=clock), clock=clock)

    def _call(method, path, body=None, token=None):
        raw = json.dumps(body).encode("utf-8") if body is not None else b""
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "REMOTE_ADDR": "10.0.0.1",
                   "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw)}
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        seen = {}
        chunks = app(environ, lambda status, headers: seen.update(status=status, headers=dict(headers)))
        return int(seen["status"].split()[0]), json.loads(b"".join(chunks))

    _call.app = app
    return _call
