import os
import sqlite3
import subprocess
import sys
from unittest import mock

import database

HERE = os.path.dirname(os.path.abspath(__file__))


def test_default_db_file_lives_next_to_the_module(monkeypatch):
    monkeypatch.delenv("APP_DB_PATH", raising=False)
    module_dir = os.path.dirname(os.path.abspath(database.__file__))
    assert database.DB_PATH == os.path.join(module_dir, "app.db")
    assert database.db_path() == database.DB_PATH


def test_env_var_overrides_the_path(tmp_path, monkeypatch):
    target = tmp_path / "override.db"
    monkeypatch.setenv("APP_DB_PATH", str(target))
    assert database.init_db() == str(target)
    assert target.exists()


def test_init_db_creates_tables(temp_db):
    with sqlite3.connect(temp_db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "sessions", "messages"} <= tables


def test_messages_round_trip_in_order(temp_db):
    database.create_session("s1", 7, "Support")
    ids = [database.save_message("s1", "user", "first"), database.save_message("s1", "assistant", "second")]
    database.save_message("other", "user", "elsewhere")
    rows = database.load_messages("s1")
    assert [row["id"] for row in rows] == ids
    assert [(row["role"], row["content"]) for row in rows] == [("user", "first"), ("assistant", "second")]
    assert database.load_messages("s1", limit=1)[0]["content"] == "second"
    assert database.count_messages("s1") == 2
    assert database.count_messages() == 3


def test_save_message_creates_missing_session_row(temp_db):
    database.save_message("orphan", "user", "hi")
    assert database.get_session("orphan") == {"id": "orphan", "user_id": None, "title": "orphan"}


def test_sessions_are_listed_per_user_and_deleted_with_messages(temp_db):
    database.create_session("b", 1, "B")
    database.create_session("a", 1, "A")
    database.create_session("c", 2, "C")
    database.save_message("a", "user", "hi")
    assert [s["id"] for s in database.list_sessions(1)] == ["a", "b"]
    assert database.delete_session("a") is True
    assert database.load_messages("a") == []
    assert database.delete_session("a") is False


def test_save_message_uses_get_db_connection():
    with mock.patch("database.get_db") as get_db:
        conn = get_db.return_value
        conn.execute.return_value.lastrowid = 42
        assert database.save_message("s1", "user", "hello") == 42
    statements = [c.args[0] for c in conn.execute.call_args_list]
    assert statements[-1].startswith("INSERT INTO messages")
    assert conn.execute.call_args_list[-1].args[1] == ("s1", "user", "hello")
    conn.close.assert_called_once()


def test_seed_data_is_idempotent(temp_db):
    import seed_data

    assert seed_data.seed() == (2, 6)
    assert seed_data.seed() == (2, 6)
    assert database.count_messages() == 6
    assert database.load_messages("welcome")[0]["content"] == "hello"


def test_seed_script_runs_from_the_project_folder(tmp_path):
    env = dict(os.environ, APP_DB_PATH=str(tmp_path / "seeded.db"))
    result = subprocess.run([sys.executable, "seed_data.py"], cwd=HERE, env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "seeded 2 sessions and 6 messages into seeded.db"
    assert (tmp_path / "seeded.db").exists()
