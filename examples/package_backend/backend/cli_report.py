"""Print a catalogue and favourites report.

Run with ``python -m backend.cli_report``. With the default in-memory database
the demo catalogue and two demo users are created first.
"""
import sys

import backend.database
from backend import helpers, item_service, user_service

DEMO_USERS = {"ada": ["blue-ceramic-mug", "brass-desk-lamp"], "grace": ["walnut-desk-organizer"]}


def seed_demo_data():
    item_service.seed_demo_catalog()
    for username, skus in DEMO_USERS.items():
        user_service.register(username, f"{username}-password")
        for sku in skus:
            user_service.add_favorite(username, sku)


def favourite_counts():
    """How many users marked each SKU as a favourite."""
    counts = {}
    for user in backend.database.load_all("users"):
        for sku in user["favorites"]:
            counts[sku] = counts.get(sku, 0) + 1
    return counts


def build_report(usernames):
    items = backend.database.load_all("items")
    counts = favourite_counts()
    rows = [(item["sku"], helpers.format_price(item["price_cents"]), counts.get(item["sku"], 0))
            for item in items]
    lines = [f"Catalogue: {len(items)} items, total {helpers.format_price(sum(i['price_cents'] for i in items))}",
             helpers.table(rows, ("sku", "price", "favourites")), ""]
    for username in usernames:
        user = backend.database.load("users", username)
        if user is None:
            lines.append(f"{username}: unknown user")
        else:
            lines.append(f"{username}: {', '.join(user['favorites']) or '(no favourites)'}")
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if backend.database.count("items") == 0:
        seed_demo_data()
    print(build_report(argv or sorted(DEMO_USERS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
