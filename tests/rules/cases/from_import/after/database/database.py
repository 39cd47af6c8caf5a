def get_db():
    return "db"


def close_db(db):
    return None
