import pytest

import backend.item_service
from backend import helpers, vector_store
from backend.database import load


def test_create_item_persists_and_indexes():
    item = backend.item_service.create_item("Green Mug", "$7.5", "A green mug.", ["Kitchen", "kitchen", "Mugs!"])
    assert item.sku == "green-mug"
    assert item.price_cents == 750
    assert item.tags == ["kitchen", "mugs"]
    assert load("items", "green-mug") == item.to_dict()
    assert vector_store.search("green mug")[0][1] == "green-mug"


def test_update_price_returns_a_new_persisted_item(catalog):
    mug = catalog["blue-ceramic-mug"]
    cheaper = backend.item_service.update_price(mug, "10")
    assert cheaper.price_cents == 1000 and mug.price_cents == 1250
    assert load("items", mug.sku)["price_cents"] == 1000
    assert vector_store.search("mug")[0][2]["price_cents"] == 1000


def test_demo_catalog(catalog):
    assert sorted(catalog) == ["blue-ceramic-mug", "brass-desk-lamp", "linen-tea-towel", "walnut-desk-organizer"]
    assert vector_store.size() == 4


@pytest.mark.parametrize("name, price", [("!!!", "$1"), ("Mug", "twelve"), ("Mug", "$1.234")])
def test_invalid_items_are_rejected(name, price):
    with pytest.raises(ValueError):
        backend.item_service.create_item(name, price)


def test_price_helpers():
    assert helpers.parse_price("$12.5") == 1250
    assert helpers.format_price(1250) == "$12.50"
    assert helpers.format_price(-5) == "-$0.05"
    assert helpers.format_price(helpers.parse_price("0.99")) == "$0.99"
