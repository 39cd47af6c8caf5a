"""Shopping assistant: answers product questions from the semantic index."""
from . import vector_store
from .helpers import format_price
from .models import Item

FALLBACK = "Sorry, I couldn't find a matching product."


class ShoppingAgent:
    def __init__(self, k=3, min_score=0.25):
        self.k = k
        self.min_score = min_score

    def recommend(self, question):
        """Payloads of matching items, best first."""
        return [payload for _score, _key, payload in
                vector_store.search(question, k=self.k, min_score=self.min_score)]

    def answer(self, question):
        matches = self.recommend(question)
        if not matches:
            return FALLBACK
        best = matches[0]
        answer = f"{best['name']} costs {format_price(best['price_cents'])}."
        if len(matches) > 1:
            others = ", ".join(match["name"] for match in matches[1:])
            answer += f" You might also like: {others}."
        return answer

    def describe(self, item: Item):
        tags = f" [{', '.join(item.tags)}]" if item.tags else ""
        return f"{item.name} ({format_price(item.price_cents)}): {item.description}{tags}"
