from agent import NO_ANSWER, Agent
from models import Article
from vector_store import VectorStore


def test_answers_from_loaded_articles(articles):
    agent = Agent()
    assert agent.load_articles() == 2
    result = agent.answer("how long does international delivery take?")
    assert result["source"] == "shipping"
    assert "ten days" in result["answer"]


def test_tolerates_typos(articles):
    agent = Agent()
    agent.load_articles()
    assert agent.answer("refund polcy")["source"] == "refunds"
    assert agent.answer("how long does shiping take")["source"] == "shipping"


def test_unknown_questions_get_the_fallback(articles):
    agent = Agent()
    agent.load_articles()
    assert agent.answer("best pizza topping") == {"answer": NO_ANSWER, "source": None}


def test_long_articles_are_chunked():
    store = VectorStore()
    agent = Agent(store=store)
    agent.learn(Article("long", "Long", " ".join(f"word{i}" for i in range(100))))
    assert len(store) > 1
    assert all(payload["slug"] == "long" for _key, _score, payload in store.search("word5", k=10))
