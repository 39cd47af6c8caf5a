"""Every test gets a fresh in-memory database and an empty search index."""
import pytest

from backend import vector_store
from backend.database import reset


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.delenv("BACKEND_DB", raising=False)
    reset()
    vector_store.clear()
    yield
    reset()
    vector_store.clear()


@pytest.fixture
def catalog():
    """The demo catalogue, created through the item service."""
    from backend.item_service import seed_demo_catalog

    return {item.sku: item for item in seed_demo_catalog()}
