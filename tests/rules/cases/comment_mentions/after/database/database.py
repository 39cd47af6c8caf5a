# database/database.py: the only module that talks to SQLite; my_database.py would be another file.
def get_db():
    return 1
