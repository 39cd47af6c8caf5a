def search(query):
    return [query.upper()]
