from models.models import (
    User,  # who talks
    Message,  # what they say
    # and where:
    Session,
)
from services.session_service \
    import start


def run():
    return User, Message, Session, start()
