from . import database, config
from backend import models, config as settings


def run():
    return database.save(models.Item()), config.DEBUG, settings.DEBUG
