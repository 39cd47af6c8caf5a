class Row:
    pass


def load(key):
    return Row()
