from services import session_service
from services import user_service


def start():
    return session_service.__name__, user_service.lookup


def lookup():
    return "session"
