"""Remembers facts users state about themselves (name, language) across threads."""
import re

import database
from models import Memory

PATTERNS = [
    ("name", re.compile(r"\b(?i:my name is|call me)\s+([A-Z][a-z]+)\b")),
    ("language", re.compile(r"\bI (?:prefer|speak)\s+(English|French|German|Spanish)\b", re.IGNORECASE)),
]


def extract_facts(text):
    """``{"name": "Ada"}``-style facts found in one message."""
    facts = {}
    for key, pattern in PATTERNS:
        match = pattern.search(text)
        if match:
            facts[key] = match.group(1).capitalize()
    return facts


def remember(user_id, text):
    """Store facts from ``text``; returns the facts that were new or changed."""
    known = database.get_memories(user_id)
    changed = {k: v for k, v in extract_facts(text).items() if known.get(k) != v}
    for key, value in changed.items():
        database.set_memory(user_id, key, value)
    return changed


def recall(user_id):
    return [Memory(user_id, key, value) for key, value in database.get_memories(user_id).items()]


def personalize(user_id, reply):
    """Address the user by name when we know it and the reply doesn't already."""
    name = database.get_memories(user_id).get("name")
    if not name or name in reply:
        return reply
    return f"{name}, {reply[0].lower()}{reply[1:]}" if reply else name
