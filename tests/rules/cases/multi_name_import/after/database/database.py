def get_db():
    return 1
