def test_b(answer):
    assert answer == 42
