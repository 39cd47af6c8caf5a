from dataclasses import dataclass


@dataclass
class Incident:
    title: str
    severity: int = 3


@dataclass
class IncidentUserContext:
    user_id: str
    incident: Incident | None = None
