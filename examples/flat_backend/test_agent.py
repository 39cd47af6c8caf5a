import importlib
import math
from unittest import mock

import pytest

from agent import FALLBACK, Agent
from models import Message


def ask(text):
    return Message(session_id="s1", role="user", content=text)


@pytest.mark.parametrize("text, intent", [
    ("hello", "greeting"),
    ("Hey!", "greeting"),
    ("thanks", "thanks"),
    ("bye", "goodbye"),
    ("hi, how do I reset my password?", "question"),
])
def test_classify(text, intent):
    assert Agent().classify(text) == intent


def test_small_talk_does_not_hit_the_vector_store():
    with mock.patch("agent.vector_store.search") as search:
        reply = Agent().respond(ask("hello"))
    assert reply.intent == "greeting"
    assert reply.text.startswith("Hello!")
    search.assert_not_called()


def test_answers_from_the_knowledge_base(knowledge_base):
    reply = Agent().respond(ask("How can I reset my password?"))
    assert reply.intent == "answer"
    assert reply.sources[0] == "reset-password"
    assert "(source: Resetting your password)" in reply.text


def test_uses_the_best_retrieved_hit():
    hits = [{"id": "doc-1", "title": "Billing", "text": "Invoices are sent monthly.", "score": 0.9},
            {"id": "doc-2", "title": "Plans", "text": "There are two plans.", "score": 0.4}]
    with mock.patch("agent.vector_store.search", return_value=hits) as search:
        reply = Agent(k=2, min_score=0.3).respond(ask("when are invoices sent"))
    search.assert_called_once_with("when are invoices sent", k=2, min_score=0.3)
    assert reply.text == "Invoices are sent monthly. (source: Billing)"
    assert reply.sources == ["doc-1", "doc-2"]


def test_falls_back_when_nothing_is_retrieved():
    with mock.patch("agent.vector_store.search", return_value=[]):
        reply = Agent().respond(ask("what is the airspeed of a swallow"))
    assert (reply.text, reply.intent, reply.sources) == (FALLBACK, "unknown", [])


def test_respond_to_history_answers_the_last_user_message(knowledge_base):
    history = [ask("hello"), Message("s1", "assistant", "Hello!"), ask("how do I export conversations")]
    assert Agent().respond_to_history(history).sources[0] == "export-chats"
    with pytest.raises(ValueError):
        Agent().respond_to_history([Message("s1", "assistant", "Hi")])


def test_embeddings_are_deterministic_and_normalised():
    embeddings = importlib.import_module("embeddings")
    first = embeddings.embed("Reset my password, please")
    assert first == embeddings.embed("reset MY password please")
    assert len(first) == embeddings.DIM
    assert math.isclose(math.sqrt(sum(v * v for v in first)), 1.0)
    assert embeddings.embed("the of and") == [0.0] * embeddings.DIM
    assert embeddings.cosine(first, embeddings.embed("password reset")) > 0.5
    with pytest.raises(ValueError):
        embeddings.cosine([1.0], [1.0, 0.0])
