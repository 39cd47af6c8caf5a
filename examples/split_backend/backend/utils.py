"""Validation and formatting helpers for user-facing fields."""
import re

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_]{2,19}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


def normalize_email(email):
    """Trim and lower-case an address; raises ValueError if it is not plausible."""
    cleaned = email.strip().lower()
    if not EMAIL_RE.match(cleaned):
        raise ValueError(f"invalid email address: {email!r}")
    return cleaned


def validate_username(username):
    cleaned = username.strip().lower()
    if not USERNAME_RE.match(cleaned):
        raise ValueError("usernames are 3-20 characters: a letter, then letters, digits or _")
    return cleaned


def mask_email(email):
    """``"ada@example.com" -> "a**@example.com"`` for logs and listings."""
    local, _, domain = email.partition("@")
    return f"{local[0]}{'*' * (len(local) - 1)}@{domain}"


def display_name(username):
    """``"grace_hopper" -> "Grace Hopper"``."""
    return " ".join(part.capitalize() for part in username.split("_") if part)


def chunk_text(text, size=200):
    """Split text into chunks of at most ``size`` characters on word boundaries."""
    chunks, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) > size and current:
            chunks.append(current)
            current = word
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks
