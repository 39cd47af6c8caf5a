from chatkit.server import ChatKitServer

import agent
from store import MemoryStore


class IncidentServer(ChatKitServer):
    def __init__(self) -> None:
        super().__init__(MemoryStore())
        self.agent = agent.create_incident_agent()
