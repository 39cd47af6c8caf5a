# CRLF file with a BOM-less utf-8 emoji 😀
from database import get_db
import models


def run():
	return get_db(), models.User  # tab indented
