from database import database as db
from data import vector_store as vs
import json as j


def run():
    return db.get_db(), vs.search("x"), j.dumps(1)
