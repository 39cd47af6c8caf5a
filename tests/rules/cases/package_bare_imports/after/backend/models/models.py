from pydantic import BaseModel


class IncidentUserContext(BaseModel):
    user_id: str
    severity: int = 3
