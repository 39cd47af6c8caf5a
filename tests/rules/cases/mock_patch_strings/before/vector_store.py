def search(q):
    return [q]
