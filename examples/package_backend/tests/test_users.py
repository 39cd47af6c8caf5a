from unittest import mock

import pytest

from backend import models, user_service
from backend.auth import issue_token, verify_token


def test_register_and_authenticate():
    user = user_service.register("Ada", "analytical-engine")
    assert isinstance(user, models.User)
    assert user.username == "ada" and not user.is_admin
    assert user_service.authenticate("ADA ", "analytical-engine") == user
    assert user_service.authenticate("ada", "wrong password") is None
    assert user_service.authenticate("nobody", "whatever1") is None


def test_duplicate_and_weak_registrations_fail():
    user_service.register("ada", "analytical-engine")
    with pytest.raises(user_service.UserError, match="already exists"):
        user_service.register("ada", "another-password")
    with pytest.raises(user_service.UserError):
        user_service.register("bob", "short")


def test_register_writes_through_database_save():
    with mock.patch("backend.database.save") as save:
        user = user_service.register("grace", "cobol-forever")
    save.assert_called_once_with("users", "grace", user.to_dict())
    assert user_service.authenticate("grace", "cobol-forever") is None  # nothing was really stored


def test_favourites(catalog):
    user_service.register("ada", "analytical-engine")
    user_service.add_favorite("ada", "brass-desk-lamp")
    user_service.add_favorite("ada", "brass-desk-lamp")
    favourites = user_service.favorites("ada")
    assert favourites == [models.Item.from_dict(catalog["brass-desk-lamp"].to_dict())]
    with pytest.raises(user_service.UserError, match="unknown item"):
        user_service.add_favorite("ada", "flying-car")


def test_tokens_expire_and_detect_tampering():
    token = issue_token("ada", now=1_000)
    assert verify_token(token, now=1_500) == "ada"
    assert verify_token(token, now=1_000 + 24 * 3600 + 1) is None
    assert verify_token(token.replace("ada", "eve"), now=1_500) is None
    assert verify_token("not-a-token", now=0) is None


def test_negative_prices_are_invalid():
    with pytest.raises(ValueError):
        models.Item(sku="x", name="X", price_cents=-1)
