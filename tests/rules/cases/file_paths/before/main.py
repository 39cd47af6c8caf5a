import os

import database

DATA_DIR = os.path.dirname(database.__file__)
