from agents import Agent, Runner

from models import IncidentUserContext
from tools import triage_incident


def create_incident_agent() -> Agent:
    return Agent(name="incident", instructions="Triage incidents.", tools=[triage_incident])


def triage(context: IncidentUserContext, text: str) -> str:
    return Runner.run_sync(create_incident_agent(), text, context=context)
