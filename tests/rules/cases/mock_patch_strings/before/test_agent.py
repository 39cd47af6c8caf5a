from unittest import mock
from unittest.mock import patch

import agent
import session_service


@mock.patch("agent.vector_store.search", return_value=["patched"])
def test_decorated(search):
    assert agent.answer("q") == ["patched"]


def test_context_managers(mocker=None):
    with patch("vector_store.search") as search, patch.dict("settings.CONFIG", {"debug": True}):
        search.return_value = []
    with mock.patch(target='agent.vector_store.search', return_value=[]):
        assert agent.answer("q") == []


def test_monkeypatch(monkeypatch):
    monkeypatch.setattr("session_service.get_connection", lambda: "fake")
    monkeypatch.delattr("session_service.start")
    assert session_service.get_connection() == "fake"
