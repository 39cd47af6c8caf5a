from database import get_db
import models
def check():
    return get_db()
