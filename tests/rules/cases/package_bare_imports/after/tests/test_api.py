from unittest import mock

from backend.main import app
from backend.models.models import IncidentUserContext
from ai_agents.agent import create_incident_agent


def test_app():
    assert app is not None
    assert IncidentUserContext(user_id="u").severity == 3


def test_agent():
    with mock.patch("ai_agents.agent.Agent") as fake:
        create_incident_agent()
    assert fake.called
