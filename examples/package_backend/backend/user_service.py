"""Accounts and favourites, persisted through the database module."""
from . import database
from .auth import hash_password, verify_password
from .models import Item, User


class UserError(ValueError):
    """Duplicate usernames, unknown users or unknown items."""


def register(username, password, role="customer"):
    username = username.strip().lower()
    if not username or len(password) < 8:
        raise UserError("username required and password must have at least 8 characters")
    if database.load("users", username) is not None:
        raise UserError(f"user {username!r} already exists")
    user = User(username=username, password_hash=hash_password(username, password), role=role)
    database.save("users", username, user.to_dict())
    return user


def get_user(username):
    data = database.load("users", username)
    if data is None:
        raise UserError(f"unknown user {username!r}")
    return User.from_dict(data)


def authenticate(username, password):
    data = database.load("users", username.strip().lower())
    if data is None or not verify_password(data["username"], password, data["password_hash"]):
        return None
    return User.from_dict(data)


def add_favorite(username, sku):
    user = get_user(username)
    if database.load("items", sku) is None:
        raise UserError(f"unknown item {sku!r}")
    if sku not in user.favorites:
        user.favorites.append(sku)
        database.save("users", username, user.to_dict())
    return user


def favorites(username):
    """The user's favourite items, skipping ones deleted from the catalogue."""
    items = []
    for sku in get_user(username).favorites:
        data = database.load("items", sku)
        if data is not None:
            items.append(Item.from_dict(data))
    return items
