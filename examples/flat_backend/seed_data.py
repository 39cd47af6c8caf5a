#!/usr/bin/env python3
"""Reset the development database and fill it with demo conversations.

Usage: ``python seed_data.py`` (honours ``$APP_DB_PATH`` like the app does).
"""
import os
import sys

from database import init_db, save_message

DEMO_CONVERSATIONS = {
    "welcome": [
        ("user", "hello"),
        ("assistant", "Hello! Ask me anything about your account or the API."),
    ],
    "password-help": [
        ("user", "How do I reset my password?"),
        ("assistant", "Open Settings, choose Security and click Reset password."),
        ("user", "thanks"),
        ("assistant", "You're welcome!"),
    ],
}


def seed(conversations=None):
    """Recreate the tables and insert the demo data; returns (sessions, messages)."""
    conversations = DEMO_CONVERSATIONS if conversations is None else conversations
    init_db(reset=True)
    messages = 0
    for session_id, turns in conversations.items():
        for role, content in turns:
            save_message(session_id, role, content)
            messages += 1
    return len(conversations), messages


def main():
    path = init_db()
    sessions, messages = seed()
    print(f"seeded {sessions} sessions and {messages} messages into {os.path.basename(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
