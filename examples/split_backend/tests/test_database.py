import os
import sqlite3

import pytest

import database


def test_default_file_is_next_to_the_module():
    assert os.path.dirname(database.DB_PATH) == os.path.dirname(os.path.abspath(database.__file__))
    assert os.path.basename(database.DB_PATH) == "split.db"


def test_users_round_trip(db):
    user_id = database.insert_user("ada", "ada@example.com")
    assert database.find_user("ada") == {"id": user_id, "username": "ada", "email": "ada@example.com"}
    assert database.find_user("bob") is None
    assert database.update_email("ada", "ada@new.example") is True
    assert database.update_email("bob", "bob@example.com") is False
    assert [u["email"] for u in database.list_users()] == ["ada@new.example"]


def test_usernames_are_unique(db):
    database.insert_user("ada", "ada@example.com")
    with pytest.raises(sqlite3.IntegrityError):
        database.insert_user("ada", "other@example.com")


def test_articles_upsert(db):
    database.upsert_article("a", "First", "v1")
    database.upsert_article("a", "First", "v2")
    assert database.list_articles() == [{"slug": "a", "title": "First", "body": "v2"}]


def test_env_var_overrides_path(tmp_path, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("SPLIT_DB_PATH", str(path))
    database.init_db()
    assert path.exists()
