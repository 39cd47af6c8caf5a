import database as db
import vector_store as vs, json as j


def run():
    return db.get_db(), vs.search("x"), j.dumps(1)
