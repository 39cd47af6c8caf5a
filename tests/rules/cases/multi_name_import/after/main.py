from database import database
import json
from models import models as m  # three in one
import os


def run():
    return database.get_db(), json.dumps(1), m.User, os.sep
