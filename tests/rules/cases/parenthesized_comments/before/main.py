from models import (
    User,  # who talks
    Message,  # what they say
    # and where:
    Session,
)
from session_service \
    import start


def run():
    return User, Message, Session, start()
