from unittest import mock
from unittest.mock import patch

from agents import agent
from services import session_service


@mock.patch("agents.agent.vector_store.search", return_value=["patched"])
def test_decorated(search):
    assert agent.answer("q") == ["patched"]


def test_context_managers(mocker=None):
    with patch("data.vector_store.search") as search, patch.dict("utils.settings.CONFIG", {"debug": True}):
        search.return_value = []
    with mock.patch(target='agents.agent.vector_store.search', return_value=[]):
        assert agent.answer("q") == []


def test_monkeypatch(monkeypatch):
    monkeypatch.setattr("services.session_service.get_connection", lambda: "fake")
    monkeypatch.delattr("services.session_service.start")
    assert session_service.get_connection() == "fake"
