"""Unit tests that live next to the code (collected via testpaths = ["tests", "backend"])."""
import pytest

import utils
from models import Article, User


def test_user_public_view_masks_the_email():
    user = User(username="grace_hopper", email="grace@navy.mil", id=7)
    assert user.display_name == "Grace Hopper"
    assert user.public() == {"id": 7, "username": "grace_hopper", "name": "Grace Hopper",
                             "email": "g****@navy.mil"}


def test_models_from_rows():
    row = {"id": 1, "username": "ada", "email": "ada@example.com"}
    assert User.from_row(row) == User("ada", "ada@example.com", 1)
    article = Article.from_row({"slug": "s", "title": "Title", "body": "Body"})
    assert article.text() == "Title. Body"


def test_users_are_immutable():
    with pytest.raises(AttributeError):
        User("ada", "ada@example.com").email = "x@example.com"


@pytest.mark.parametrize("raw, expected", [(" Ada@Example.COM ", "ada@example.com"), ("a.b@c.io", "a.b@c.io")])
def test_normalize_email(raw, expected):
    assert utils.normalize_email(raw) == expected


@pytest.mark.parametrize("bad", ["no-at-sign", "two@@example.com", "x@y"])
def test_normalize_email_rejects_garbage(bad):
    with pytest.raises(ValueError):
        utils.normalize_email(bad)


def test_chunk_text_respects_word_boundaries():
    chunks = utils.chunk_text("one two three four five", size=9)
    assert chunks == ["one two", "three", "four five"]
    assert all(len(chunk) <= 9 for chunk in chunks)
