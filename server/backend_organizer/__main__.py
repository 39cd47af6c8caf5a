"""``python -m backend_organizer``: the same as the ``backend-organizer`` console script."""

from backend_organizer.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
