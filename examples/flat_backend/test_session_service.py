import json

import pytest

import database
from chat_service import ChatService, is_repeat
from models import *
from session_service import SessionNotFound, SessionService


def test_start_uses_unique_slugs(temp_db):
    helpers = __import__("helpers")
    service = SessionService()
    first = service.start("Billing question!", user_id=1)
    second = service.start("Billing question!", user_id=1)
    assert first.id == helpers.slugify("Billing question!") == "billing-question"
    assert second.id == "billing-question-2"
    assert isinstance(first, Session)
    assert service.start("???").id == "session"


def test_messages_are_persisted_and_read_back(temp_db):
    service = SessionService()
    session = service.start("Support", user_id=3)
    stored = service.add_message(session.id, "user", "hello")
    assert isinstance(stored, Message) and stored.id is not None
    loaded = service.get(session.id, user_id=3)
    assert loaded.messages == [stored]
    assert loaded.last_message().content == "hello"
    assert [s.id for s in service.list_for_user(3)] == ["support"]


def test_add_message_goes_through_db_save_message(temp_db, monkeypatch):
    calls = []
    monkeypatch.setattr("session_service.db.save_message",
                        lambda session_id, role, content: calls.append((session_id, role, content)) or 99)
    service = SessionService()
    session = service.start("Patched")
    assert service.add_message(session.id, "user", "hi").id == 99
    assert calls == [("patched", "user", "hi")]
    assert database.count_messages() == 0


def test_unknown_or_foreign_sessions_are_not_found(temp_db):
    service = SessionService()
    session = service.start("Private", user_id=1)
    with pytest.raises(SessionNotFound):
        service.get(session.id, user_id=2)
    with pytest.raises(SessionNotFound):
        service.add_message("missing", "user", "hi")
    service.close(session.id)
    with pytest.raises(SessionNotFound):
        service.close(session.id)


def test_invalid_roles_are_rejected():
    with pytest.raises(ValueError):
        Message(session_id="s", role="robot", content="beep")


def test_chat_service_stores_both_turns_and_exports_json(temp_db, knowledge_base):
    chat = ChatService()
    session = chat.sessions.start("Help")
    result = chat.send(session.id, "How do I reset my password?")
    assert result["intent"] == "answer" and result["sources"][0] == "reset-password"
    assert result["reply"]["role"] == "assistant"
    assert chat.send(session.id, "how do i reset my password")["repeated"] is True
    exported = json.loads(chat.export(session.id))
    assert [m["role"] for m in exported["messages"]] == ["user", "assistant", "user", "assistant"]


def test_is_repeat():
    assert is_repeat("reset password", ["Reset password!"]) is True
    assert is_repeat("export chats", ["reset password"]) is False
    assert is_repeat("anything", []) is False
