import vector_store


def answer(q):
    return vector_store.search(q)
