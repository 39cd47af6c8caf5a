from chatkit.server import ChatKitServer

from ai_agents import agent
from chat.store import MemoryStore


class IncidentServer(ChatKitServer):
    def __init__(self) -> None:
        super().__init__(MemoryStore())
        self.agent = agent.create_incident_agent()
