from ..database.database import save, load
from ..database import database
from ..utils.helpers import clean
from ..utils import helpers as h


def create(name):
    return save(clean(name)), load(name), database.save(1), h.clean(" x ")
