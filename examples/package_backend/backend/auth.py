"""Password hashing and HMAC-signed session tokens."""
import hashlib
import hmac

SECRET = b"package-backend-dev-secret"
ITERATIONS = 10_000
TOKEN_TTL = 24 * 3600


def _salt(username):
    # Deterministic per-user salt derived from the server secret (reproducible fixtures).
    return hmac.new(SECRET, username.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def hash_password(username, password):
    salt = _salt(username)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), ITERATIONS)
    return f"{salt}${digest.hex()}"


def verify_password(username, password, stored):
    salt, _, _digest = stored.partition("$")
    if salt != _salt(username):
        return False
    return hmac.compare_digest(hash_password(username, password), stored)


def issue_token(username, now):
    payload = f"{username}|{int(now)}"
    signature = hmac.new(SECRET, payload.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{payload}|{signature}"


def verify_token(token, now, ttl=TOKEN_TTL):
    """The username of a valid, unexpired token, otherwise None."""
    try:
        username, issued, signature = token.split("|")
        issued_at = int(issued)
    except ValueError:
        return None
    expected = hmac.new(SECRET, f"{username}|{issued}".encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature, expected) or now - issued_at > ttl:
        return None
    return username
