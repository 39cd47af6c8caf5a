from services import session_service


def lookup():
    return session_service.lookup()
