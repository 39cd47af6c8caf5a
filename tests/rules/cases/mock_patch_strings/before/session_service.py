def get_connection():
    return "real"


def start():
    return get_connection()
