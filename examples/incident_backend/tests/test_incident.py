from unittest import mock

from agent import create_incident_agent
from backend.main import build_server
from models import IncidentUserContext


def test_outage_is_severity_one():
    server = build_server()
    thread = server.store.new_thread()
    context = IncidentUserContext("u1")
    assert server.respond(thread, "triage: API is down", context).startswith("severity 1")
    assert context.incident.severity == 1


def test_the_agent_has_the_triage_tool():
    assert [t.__name__ for t in create_incident_agent().tools] == ["triage_incident"]


def test_the_service_can_be_patched_by_name():
    with mock.patch("incident_service.IncidentService.classify") as classify:
        classify.return_value.severity = 2
        classify.return_value.title = "patched"
        assert build_server().respond("t", "triage: slow", IncidentUserContext("u2")) == "severity 2: patched"
