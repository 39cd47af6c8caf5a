import os

from database import database

DATA_DIR = os.path.dirname(os.path.dirname(database.__file__))
