from chatkit.server import ChatKitServer

import agent
from models import IncidentUserContext
from store import MemoryStore


class IncidentServer(ChatKitServer):
    def __init__(self) -> None:
        super().__init__(MemoryStore())

    def respond(self, thread_id: str, text: str, context: IncidentUserContext) -> str:
        reply = agent.triage(context, text)
        self.store.threads.setdefault(thread_id, []).append((text, reply))
        return reply
