"""Entry point: `cd backend && python main.py --check` runs one conversation and prints "ok"."""
import os
import sys

THIRD_PARTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "third_party")
if THIRD_PARTY not in sys.path:
    sys.path.insert(0, THIRD_PARTY)  # offline stand-ins for openai-agents / openai-chatkit

from chatkit_server import IncidentServer  # noqa: E402
from models import IncidentUserContext  # noqa: E402


def build_server() -> IncidentServer:
    return IncidentServer()


def main() -> None:
    server = build_server()
    thread = server.store.new_thread()
    print(server.respond(thread, "Triage: checkout is down for everyone", IncidentUserContext("u1")))
    if "--check" in sys.argv:
        print("ok")


if __name__ == "__main__":
    main()
