from agents import function_tool

from incident_service import IncidentService
from models import IncidentUserContext


@function_tool
def triage_incident(context: IncidentUserContext, text: str) -> str:
    incident = IncidentService().classify(text)
    context.incident = incident
    return f"severity {incident.severity}: {incident.title}"
