"""Rule-based support agent that answers from retrieved help-centre context."""
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import vector_store
from embeddings import embed

if TYPE_CHECKING:
    import models
    from models import Message

INTENT_KEYWORDS = {
    "greeting": ("hello", "hi", "hey"),
    "thanks": ("thanks", "thank", "cheers"),
    "goodbye": ("bye", "goodbye"),
}
CANNED_REPLIES = {
    "greeting": "Hello! Ask me anything about your account or the API.",
    "thanks": "You're welcome!",
    "goodbye": "Goodbye, and thanks for chatting.",
}
FALLBACK = "I could not find anything about that in the help centre."
INTENT_THRESHOLD = 0.7
MIN_SCORE = 0.2


@dataclass
class Reply:
    text: str
    intent: str
    sources: list[str] = field(default_factory=list)


class Agent:
    def __init__(self, name="support", k=2, min_score=MIN_SCORE):
        self.name = name
        self.k = k
        self.min_score = min_score
        self._keyword_vectors = {
            intent: [embed(word) for word in words] for intent, words in INTENT_KEYWORDS.items()
        }

    def classify(self, text: str) -> str:
        """Small-talk intent when a keyword dominates the message, else ``"question"``."""
        vector = embed(text)
        best_intent, best_score = "question", 0.0
        for intent in sorted(self._keyword_vectors):
            for keyword_vector in self._keyword_vectors[intent]:
                score = sum(a * b for a, b in zip(vector, keyword_vector))
                if score > best_score:
                    best_intent, best_score = intent, score
        return best_intent if best_score >= INTENT_THRESHOLD else "question"

    def respond(self, msg: "models.Message") -> Reply:
        intent = self.classify(msg.content)
        if intent in CANNED_REPLIES:
            return Reply(CANNED_REPLIES[intent], intent)
        hits = vector_store.search(msg.content, k=self.k, min_score=self.min_score)
        if not hits:
            return Reply(FALLBACK, "unknown")
        best = hits[0]
        return Reply(f"{best['text']} (source: {best['title']})", "answer", [hit["id"] for hit in hits])

    def respond_to_history(self, history: "list[Message]") -> Reply:
        """Answer the most recent user message of a conversation."""
        for message in reversed(history):
            if message.role == "user":
                return self.respond(message)
        raise ValueError("history contains no user message")
