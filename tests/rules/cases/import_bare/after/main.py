from database import database


def run():
    return database.get_db(), database.ENGINE
