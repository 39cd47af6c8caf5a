"""Catalogue and account dataclasses with dict (de)serialisation."""
from dataclasses import asdict, dataclass, field


@dataclass
class Item:
    sku: str
    name: str
    price_cents: int
    description: str = ""
    tags: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.price_cents < 0:
            raise ValueError("price_cents must not be negative")

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


@dataclass
class User:
    username: str
    password_hash: str = field(repr=False)
    role: str = "customer"
    favorites: list[str] = field(default_factory=list)

    @property
    def is_admin(self):
        return self.role == "admin"

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**data)
