"""Puts the offline stand-ins in third_party/ on sys.path and isolates the database."""
import asyncio
import json
import os
import sys
from datetime import datetime, timedelta, timezone

import pytest

THIRD_PARTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "third_party")
if THIRD_PARTY not in sys.path:
    sys.path.insert(0, THIRD_PARTY)

import database  # noqa: E402


class StepClock:
    """Every call returns a time one second later than the previous one."""

    def __init__(self):
        self.current = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)

    def __call__(self):
        self.current += timedelta(seconds=1)
        return self.current


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("CHATKIT_DB_PATH", raising=False)
    monkeypatch.setattr("database.DB_PATH", str(tmp_path / "chatkit-test.db"))
    database.init_db()
    return database


@pytest.fixture
def server(db):
    from chatkit_app import SupportChatKitServer
    from chatkit_store import SQLiteStore

    return SupportChatKitServer(SQLiteStore(), clock=StepClock())


@pytest.fixture
def send(server):
    """``send(type, params, user_id="ada")`` -> list of SSE events, or the JSON body."""
    from main import handle

    def _send(kind, params, user_id="ada"):
        content_type, body = asyncio.run(handle(server, json.dumps({"type": kind, "params": params}),
                                                {"user_id": user_id}))
        if content_type == "application/json":
            return json.loads(body)
        return [json.loads(chunk[len("data: "):]) for chunk in body.decode("utf-8").split("\n\n") if chunk]

    return _send
