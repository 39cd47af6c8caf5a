ENGINE = "sqlite"


def get_db():
    return ENGINE
