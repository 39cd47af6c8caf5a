from unittest import mock

from backend import models
from backend.agent import FALLBACK, ShoppingAgent


def test_answers_with_the_best_match_and_alternatives(catalog):
    answer = ShoppingAgent().answer("do you have a coffee mug?")
    assert answer.startswith("Blue Ceramic Mug costs $12.50.")


def test_office_question_finds_office_items(catalog):
    names = [match["name"] for match in ShoppingAgent(min_score=0.1).recommend("something for my office desk")]
    assert set(names[:2]) == {"Walnut Desk Organizer", "Brass Desk Lamp"}


def test_answer_uses_vector_store_search():
    hits = [(0.9, "lamp", {"name": "Lamp", "price_cents": 8900}),
            (0.5, "mug", {"name": "Mug", "price_cents": 1250})]
    with mock.patch("backend.agent.vector_store.search", return_value=hits) as search:
        answer = ShoppingAgent(k=2, min_score=0.4).answer("light")
    search.assert_called_once_with("light", k=2, min_score=0.4)
    assert answer == "Lamp costs $89.00. You might also like: Mug."


def test_fallback_when_nothing_matches():
    with mock.patch("backend.agent.vector_store.search", return_value=[]):
        assert ShoppingAgent().answer("spaceship") == FALLBACK


def test_describe():
    item = models.Item(sku="mug", name="Mug", price_cents=999, description="Holds tea.", tags=["kitchen"])
    assert ShoppingAgent().describe(item) == "Mug ($9.99): Holds tea. [kitchen]"
