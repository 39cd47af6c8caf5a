from utils import helpers


def test_top():
    assert helpers.greet("x") == "HELLO X"
