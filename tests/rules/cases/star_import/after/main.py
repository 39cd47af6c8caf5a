from models.models import *


def run():
    return User(), Message()
