"""WSGI entry point: ``python -m backend.main`` serves, ``--check`` smoke-tests and prints "ok"."""
import json
import sys
from urllib.parse import parse_qs

from . import __version__, item_service, user_service
from .agent import ShoppingAgent
from .database import load, load_all

STATUS = {200: "200 OK", 201: "201 Created", 400: "400 Bad Request", 404: "404 Not Found"}


class CatalogApp:
    def __init__(self, agent=None):
        self.agent = agent or ShoppingAgent()

    def __call__(self, environ, start_response):
        status, body = self.route(environ)
        payload = json.dumps(body, sort_keys=True).encode("utf-8")
        start_response(STATUS[status], [("Content-Type", "application/json")])
        return [payload]

    def route(self, environ):
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/health":
            return 200, {"status": "ok", "version": __version__}
        if path == "/items":
            return 200, {"items": load_all("items")}
        if path.startswith("/items/"):
            item = load("items", path.removeprefix("/items/"))
            return (200, {"item": item}) if item else (404, {"error": "no such item"})
        if path == "/ask":
            if not query.get("q"):
                return 400, {"error": "query parameter q is required"}
            return 200, {"answer": self.agent.answer(query["q"]), "matches": self.agent.recommend(query["q"])}
        if method == "POST" and path == "/users":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            data = json.loads(environ["wsgi.input"].read(length) or b"{}")
            try:
                user = user_service.register(data.get("username", ""), data.get("password", ""))
            except user_service.UserError as exc:
                return 400, {"error": str(exc)}
            return 201, {"username": user.username}
        return 404, {"error": f"no route for {path}"}


def create_app(seed=True):
    if seed and not load_all("items"):
        item_service.seed_demo_catalog()
    return CatalogApp()


def check():
    seen = []
    body = create_app()({"PATH_INFO": "/ask", "QUERY_STRING": "q=coffee+mug"},
                        lambda status, headers: seen.append(status))
    return seen == ["200 OK"] and b"Blue Ceramic Mug" in body[0]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--check" in argv:
        ok = check()
        print("ok" if ok else "failed")
        return 0 if ok else 1
    from wsgiref.simple_server import make_server

    with make_server("127.0.0.1", 8001, create_app()) as server:
        print("serving on http://127.0.0.1:8001")
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
