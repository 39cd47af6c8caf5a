from .database import save, load
from . import database
from .helpers import clean
from . import helpers as h


def create(name):
    return save(clean(name)), load(name), database.save(1), h.clean(" x ")
