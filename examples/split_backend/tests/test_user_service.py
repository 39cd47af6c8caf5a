from unittest import mock

import pytest

from user_service import UserExists, UserNotFound, UserService


def test_register_normalises_and_persists(db):
    service = UserService()
    user = service.register("  Ada_Lovelace ", "ADA@Example.com")
    assert (user.username, user.email) == ("ada_lovelace", "ada@example.com")
    assert service.get("ADA_LOVELACE") == user
    with pytest.raises(UserExists):
        service.register("ada_lovelace", "other@example.com")


def test_get_uses_database_find_user():
    row = {"id": 5, "username": "grace", "email": "grace@example.com"}
    with mock.patch("user_service.database.find_user", return_value=row) as find_user:
        user = UserService().get(" Grace ")
    find_user.assert_called_once_with("grace")
    assert user.id == 5 and user.display_name == "Grace"


def test_missing_users_raise():
    with mock.patch("user_service.database.find_user", return_value=None):
        with pytest.raises(UserNotFound):
            UserService().get("nobody")
        assert UserService().exists("nobody") is False


def test_change_email_and_directory(db):
    service = UserService()
    service.register("bob", "bob@example.com")
    service.register("ada", "ada@example.com")
    assert service.change_email("bob", "Bob@New.org").email == "bob@new.org"
    assert [entry["email"] for entry in service.directory()] == ["a**@example.com", "b**@new.org"]


@pytest.mark.parametrize("username", ["ab", "1abc", "has space", "x" * 21])
def test_invalid_usernames(db, username):
    with pytest.raises(ValueError):
        UserService().register(username, "ok@example.com")
