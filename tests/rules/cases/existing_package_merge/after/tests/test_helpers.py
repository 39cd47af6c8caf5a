from tests import fixtures_data
from utils.helpers import greet


def test_greet():
    assert greet(fixtures_data.NAME) == "HELLO ADA"
