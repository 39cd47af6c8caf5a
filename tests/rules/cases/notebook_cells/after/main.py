from database.database import get_db

if __name__ == "__main__":
    print(get_db())
