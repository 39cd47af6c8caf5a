import session_service
import user_service


def start():
    return session_service.__name__, user_service.lookup


def lookup():
    return "session"
