from .database import database
from .utils import config
from backend.models import models
from backend.utils import config as settings


def run():
    return database.save(models.Item()), config.DEBUG, settings.DEBUG
