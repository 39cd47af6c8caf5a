from dataclasses import dataclass


@dataclass
class Session:
    user: str
