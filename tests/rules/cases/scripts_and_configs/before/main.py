from database import get_db

app = object()
