"""Dataclasses for accounts and knowledge-base articles."""
from dataclasses import dataclass

import utils


@dataclass(frozen=True)
class User:
    username: str
    email: str
    id: int | None = None

    @property
    def display_name(self):
        return utils.display_name(self.username)

    def public(self):
        return {"id": self.id, "username": self.username, "name": self.display_name,
                "email": utils.mask_email(self.email)}

    @classmethod
    def from_row(cls, row):
        return cls(username=row["username"], email=row["email"], id=row["id"])


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    body: str

    def text(self):
        """Title and body, as indexed for retrieval."""
        return f"{self.title}. {self.body}"

    @classmethod
    def from_row(cls, row):
        return cls(slug=row["slug"], title=row["title"], body=row["body"])
