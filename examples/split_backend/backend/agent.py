"""Help-desk agent that answers questions from knowledge-base articles."""
import database
from models import Article
from utils import chunk_text
from vector_store import VectorStore

NO_ANSWER = "I don't know yet - a human agent will follow up."


class Agent:
    def __init__(self, store=None, min_score=0.3):
        self.store = store if store is not None else VectorStore()
        self.min_score = min_score

    def learn(self, article: Article):
        """Index each chunk of an article separately so long articles stay searchable."""
        for number, chunk in enumerate(chunk_text(article.body, size=160)):
            self.store.add(f"{article.slug}#{number}", f"{article.title}. {chunk}",
                           {"slug": article.slug, "title": article.title, "text": chunk})

    def load_articles(self):
        """Index every article from the database; returns how many were loaded."""
        articles = [Article.from_row(row) for row in database.list_articles()]
        for article in articles:
            self.learn(article)
        return len(articles)

    def answer(self, question):
        hits = self.store.search(question, k=1, min_score=self.min_score)
        if not hits:
            return {"answer": NO_ANSWER, "source": None}
        _key, score, payload = hits[0]
        return {"answer": payload["text"], "source": payload["slug"], "score": score}
