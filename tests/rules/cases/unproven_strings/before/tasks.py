import importlib

TASKS = {"nightly": "database.get_db"}
ENV_FILE = "database.env"
NOTE = "see database.py for details"


def load(name):
    return importlib.import_module(name)
