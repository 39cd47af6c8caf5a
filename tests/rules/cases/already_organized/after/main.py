from database.database import get_db
