from database.database import get_db
from models import models
def check():
    return get_db()
