class User:
    pass


class Message:
    pass


class Session:
    pass
