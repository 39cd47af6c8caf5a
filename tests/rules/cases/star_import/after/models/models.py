__all__ = ["User", "Message"]


class User:
    pass


class Message:
    pass
