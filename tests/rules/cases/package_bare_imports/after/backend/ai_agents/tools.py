from agents import function_tool

from models.models import IncidentUserContext


@function_tool
def lookup_runbook(context: IncidentUserContext, query: str) -> str:
    return f"runbook for {query} (severity {context.severity})"
