"""Domain dataclasses shared by the services, the schemas and the API."""
from dataclasses import asdict, dataclass, field

__all__ = ["ROLES", "User", "Message", "Session"]

ROLES = ("user", "assistant", "system")


@dataclass
class User:
    username: str
    password_hash: str = field(repr=False)
    id: int | None = None

    def public(self):
        """The user as it may be shown to clients (never the password hash)."""
        return {"id": self.id, "username": self.username}


@dataclass
class Message:
    session_id: str
    role: str
    content: str
    id: int | None = None

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {ROLES}")

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_row(cls, row):
        return cls(session_id=row["session_id"], role=row["role"], content=row["content"], id=row["id"])


@dataclass
class Session:
    id: str
    user_id: int | None
    title: str
    messages: list[Message] = field(default_factory=list)

    def last_message(self):
        return self.messages[-1] if self.messages else None

    def to_dict(self, include_messages=True):
        data = {"id": self.id, "user_id": self.user_id, "title": self.title}
        if include_messages:
            data["messages"] = [message.to_dict() for message in self.messages]
        return data
