import pytest

import database


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh database file per test; the real split.db next to database.py is never touched."""
    monkeypatch.delenv("SPLIT_DB_PATH", raising=False)
    monkeypatch.setattr(database, "DB_PATH", str(tmp_path / "test.db"))
    database.init_db()
    return database


@pytest.fixture
def articles(db):
    db.upsert_article("refunds", "Refund policy",
                      "Refunds are available within thirty days of purchase. Contact support with your "
                      "order number and the refund is sent to the original payment method.")
    db.upsert_article("shipping", "Shipping times",
                      "Orders ship within two business days. International delivery takes up to ten days.")
    return db.list_articles()
