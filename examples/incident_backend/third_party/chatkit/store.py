import itertools

_ids = itertools.count(1)


def default_generate_id(kind):
    return f"{kind}_{next(_ids)}"


class Store:
    def __init__(self):
        self.threads = {}
