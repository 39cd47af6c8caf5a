"""Command-line entry point.

    python backend/main.py --check          # builds everything, prints "ok"
    python backend/main.py seed             # loads the demo articles
    python backend/main.py ask "question"   # answers from the knowledge base
"""
import sys

import database
from agent import Agent
from user_service import UserService

DEMO_ARTICLES = [
    ("billing-cycle", "Billing cycle", "Invoices are issued on the first day of every month and are due "
     "within fourteen days. Card payments are charged automatically."),
    ("two-factor", "Two-factor authentication", "Enable two-factor authentication under Profile, Security. "
     "Scan the QR code with an authenticator app and enter the six digit code."),
    ("data-export", "Exporting your data", "Administrators can export all workspace data as a ZIP archive "
     "from Settings, Data export. Large exports are emailed when ready."),
]


def seed():
    database.init_db()
    for slug, title, body in DEMO_ARTICLES:
        database.upsert_article(slug, title, body)
    return len(DEMO_ARTICLES)


def build():
    """Initialise storage and return a ready agent and user service."""
    seed()
    agent = Agent()
    agent.load_articles()
    return agent, UserService()


def main(argv):
    if argv[:1] == ["--check"]:
        agent, users = build()
        ok = agent.answer("how do I enable two factor auth")["source"] == "two-factor"
        print("ok" if ok and isinstance(users.directory(), list) else "failed")
        return 0 if ok else 1
    if argv[:1] == ["seed"]:
        print(f"seeded {seed()} articles")
        return 0
    if argv[:1] == ["ask"] and len(argv) == 2:
        agent, _users = build()
        result = agent.answer(argv[1])
        print(f"{result['answer']} [{result['source'] or 'no source'}]")
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
