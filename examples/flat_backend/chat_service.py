"""Chat orchestration: store the user turn, ask the agent, store the reply."""
try:
    import ujson as json
except ImportError:
    import json

try:
    from embeddings import embed
except ImportError:  # embeddings are optional: repeat detection is skipped without them
    embed = None

from session_service import SessionService

REPEAT_THRESHOLD = 0.95


def _build_agent():
    # Imported lazily: building the agent pulls in the vector store.
    from agent import Agent

    return Agent()


class ChatService:
    def __init__(self, sessions=None, agent=None):
        self.sessions = sessions or SessionService()
        self._agent = agent

    @property
    def agent(self):
        if self._agent is None:
            self._agent = _build_agent()
        return self._agent

    def send(self, session_id, text):
        """Handle one user turn and return the stored exchange."""
        earlier = [m.content for m in self.sessions.history(session_id) if m.role == "user"]
        user_message = self.sessions.add_message(session_id, "user", text)
        reply = self.agent.respond(user_message)
        bot_message = self.sessions.add_message(session_id, "assistant", reply.text)
        return {
            "session_id": session_id,
            "message": user_message.to_dict(),
            "reply": bot_message.to_dict(),
            "intent": reply.intent,
            "sources": reply.sources,
            "repeated": is_repeat(text, earlier),
        }

    def export(self, session_id):
        """The whole conversation as a JSON document."""
        session = self.sessions.get(session_id)
        return json.dumps(session.to_dict(), sort_keys=True)


def is_repeat(text, earlier):
    """True when ``text`` is (almost) the same question as one asked before."""
    if embed is None or not earlier:
        return False
    vector = embed(text)
    for previous in earlier:
        if sum(a * b for a, b in zip(vector, embed(previous))) >= REPEAT_THRESHOLD:
            return True
    return False
