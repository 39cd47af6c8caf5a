import helpers


def test_a(answer):
    assert helpers.X + answer == 43
