"""``python -m backend_organizer``: the same as the ``backend-organizer`` console script."""

from backend_organizer.cli.main import run

if __name__ == "__main__":
    run()
