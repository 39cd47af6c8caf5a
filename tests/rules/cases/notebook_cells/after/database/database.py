def get_db():
    return {"users": 2}
