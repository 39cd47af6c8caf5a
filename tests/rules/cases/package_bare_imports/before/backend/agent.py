from agents import Agent, Runner

from models import IncidentUserContext
from tools import lookup_runbook


def create_incident_agent() -> Agent:
    return Agent(name="incident", instructions="Triage incidents.", tools=[lookup_runbook])


async def triage(context: IncidentUserContext, text: str):
    return await Runner.run(create_incident_agent(), text, context=context)
