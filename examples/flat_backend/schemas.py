"""Validation of incoming JSON request bodies into clean values and models."""
import json

from helpers import normalize_whitespace
from models import *

MAX_MESSAGE_LENGTH = 2000
MAX_TITLE_LENGTH = 120
MIN_PASSWORD_LENGTH = 8


class ValidationError(ValueError):
    """Carries a ``{field: problem}`` mapping for the 400 response."""

    def __init__(self, errors):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {value}" for key, value in sorted(self.errors.items())))


def parse_json(raw):
    """Decode a request body (empty means ``{}``)."""
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        raise ValidationError({"body": "is not valid JSON"}) from None


def _string(data, key, errors, *, required=True, max_length=None):
    value = data.get(key)
    if value is None:
        if required:
            errors[key] = "is required"
        return None
    if not isinstance(value, str):
        errors[key] = "must be a string"
        return None
    value = normalize_whitespace(value)
    if required and not value:
        errors[key] = "must not be empty"
    elif max_length is not None and len(value) > max_length:
        errors[key] = f"must be at most {max_length} characters"
    return value


def _require_object(data):
    if not isinstance(data, dict):
        raise ValidationError({"body": "must be a JSON object"})


def validate_credentials(data):
    _require_object(data)
    errors = {}
    username = _string(data, "username", errors, max_length=40)
    password = data.get("password")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"must be a string of at least {MIN_PASSWORD_LENGTH} characters"
    if errors:
        raise ValidationError(errors)
    return {"username": username.lower(), "password": password}


def validate_new_session(data):
    _require_object(data)
    errors = {}
    title = _string(data, "title", errors, required=False, max_length=MAX_TITLE_LENGTH)
    if errors:
        raise ValidationError(errors)
    return {"title": title or "New chat"}


def validate_message(data):
    _require_object(data)
    errors = {}
    content = _string(data, "content", errors, max_length=MAX_MESSAGE_LENGTH)
    role = data.get("role", "user")
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if errors:
        raise ValidationError(errors)
    return {"role": role, "content": content}


def message_from_request(session_id, data):
    """Validate ``data`` and build an unsaved ``Message`` for ``session_id``."""
    clean = validate_message(data)
    return Message(session_id=session_id, role=clean["role"], content=clean["content"])
