def save(item):
    return item


def load(key):
    return key
