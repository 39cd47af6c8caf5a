from models import *


def run():
    return User(), Message()
