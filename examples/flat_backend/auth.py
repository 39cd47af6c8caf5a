"""Password hashing (PBKDF2), signed bearer tokens and user registration."""
import base64
import hashlib
import hmac
import time
from contextlib import closing
from sqlite3 import IntegrityError

from database import get_db
from models import User

SECRET_KEY = b"dev-secret-change-me"
ITERATIONS = 20_000
TOKEN_TTL = 3600


class AuthError(Exception):
    """Raised for duplicate users and bad credentials."""


def _salt_for(username):
    # Per-user salt derived from the server secret: deterministic, so fixtures are reproducible.
    return hmac.new(SECRET_KEY, username.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def hash_password(password, salt):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt}${digest.hex()}"


def verify_password(password, stored):
    try:
        _scheme, iterations, salt, expected = stored.split("$")
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def _sign(payload):
    return hmac.new(SECRET_KEY, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def issue_token(user_id, now=None):
    """Token ``<base64 "user_id:issued_at">.<hmac>``; ``now`` is injectable for tests."""
    issued_at = int(time.time() if now is None else now)
    payload = f"{user_id}:{issued_at}"
    encoded = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{encoded}.{_sign(payload)}"


def verify_token(token, now=None, ttl=TOKEN_TTL):
    """Return the user id of a valid, unexpired token, else None."""
    try:
        encoded, signature = token.split(".")
        padded = encoded + "=" * (-len(encoded) % 4)
        payload = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
        user_id, issued_at = (int(part) for part in payload.split(":"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    current = time.time() if now is None else now
    if current - issued_at > ttl:
        return None
    return user_id


def register_user(username, password):
    password_hash = hash_password(password, _salt_for(username))
    try:
        with closing(get_db()) as conn, conn:
            cursor = conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)",
                                  (username, password_hash))
    except IntegrityError:
        raise AuthError(f"username {username!r} is taken") from None
    return User(username=username, password_hash=password_hash, id=cursor.lastrowid)


def authenticate(username, password):
    """The user with these credentials, or None."""
    with closing(get_db()) as conn:
        row = conn.execute("SELECT id, username, password_hash FROM users WHERE username = ?",
                           (username,)).fetchone()
    if row is None or not verify_password(password, row["password_hash"]):
        return None
    return User(username=row["username"], password_hash=row["password_hash"], id=row["id"])
