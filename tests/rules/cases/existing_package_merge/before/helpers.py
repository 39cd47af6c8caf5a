from utils import shout


def greet(name):
    return shout(f"hello {name}")
