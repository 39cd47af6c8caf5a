"""Account management on top of the database module."""
import sqlite3

import database
import utils
from models import User


class UserExists(ValueError):
    pass


class UserNotFound(LookupError):
    pass


class UserService:
    def register(self, username, email):
        username = utils.validate_username(username)
        email = utils.normalize_email(email)
        try:
            user_id = database.insert_user(username, email)
        except sqlite3.IntegrityError:
            raise UserExists(username) from None
        return User(username=username, email=email, id=user_id)

    def get(self, username):
        row = database.find_user(username.strip().lower())
        if row is None:
            raise UserNotFound(username)
        return User.from_row(row)

    def exists(self, username):
        return database.find_user(username.strip().lower()) is not None

    def change_email(self, username, email):
        user = self.get(username)
        database.update_email(user.username, utils.normalize_email(email))
        return self.get(user.username)

    def directory(self):
        """Public listing of all users (emails masked), sorted by username."""
        return [User.from_row(row).public() for row in database.list_users()]
