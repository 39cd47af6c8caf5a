# CRLF file with a BOM-less utf-8 emoji 😀
from database.database import get_db
from models import models


def run():
	return get_db(), models.User  # tab indented
