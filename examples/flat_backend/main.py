"""WSGI entry point of the chat backend.

``python main.py`` serves on http://127.0.0.1:8000 (``$PORT`` to change it);
``python main.py --check`` builds the app, calls /health in-process and prints "ok".
"""
import json
import os
import sys
import time
from wsgiref.util import setup_testing_defaults

import auth
import database
import schemas
import vector_store
from chat_service import ChatService
from chatkit_server import ChatKitServer, ProtocolError
from logging_config import configure_logging, get_logger
from rate_limiting import RateLimiter
from session_service import SessionNotFound, SessionService

STATUS = {200: "200 OK", 201: "201 Created", 400: "400 Bad Request", 401: "401 Unauthorized",
          404: "404 Not Found", 405: "405 Method Not Allowed", 429: "429 Too Many Requests"}


class App:
    def __init__(self, limiter=None, clock=time.time):
        self.sessions = SessionService()
        self.chat = ChatService(self.sessions)
        self.chatkit = ChatKitServer(self.chat)
        self.limiter = limiter or RateLimiter()
        self.clock = clock
        self.log = get_logger("api")

    def __call__(self, environ, start_response):
        status, body = self.dispatch(environ)
        self.log.info("%s %s -> %s", environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"), status)
        payload = json.dumps(body, sort_keys=True).encode("utf-8")
        start_response(STATUS[status], [("Content-Type", "application/json"),
                                        ("Content-Length", str(len(payload)))])
        return [payload]

    def _user_id(self, environ):
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        return auth.verify_token(token, now=self.clock()) if scheme == "Bearer" else None

    def dispatch(self, environ):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/").rstrip("/") or "/"
        if not self.limiter.allow(environ.get("REMOTE_ADDR", "unknown")):
            return 429, {"error": "rate limit exceeded"}
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0) if method == "POST" else 0
            data = schemas.parse_json(environ["wsgi.input"].read(length) if length else b"")
            if path == "/health":
                return 200, {"status": "ok", "documents": len(vector_store.get_store())}
            if (method, path) == ("POST", "/register"):
                user = auth.register_user(**schemas.validate_credentials(data))
                return 201, {"user": user.public()}
            if (method, path) == ("POST", "/login"):
                user = auth.authenticate(**schemas.validate_credentials(data))
                if user is None:
                    return 401, {"error": "invalid credentials"}
                return 200, {"token": auth.issue_token(user.id, now=self.clock())}
            user_id = self._user_id(environ)
            if user_id is None:
                return 401, {"error": "missing or invalid token"}
            return self._authenticated(method, path, data, user_id)
        except schemas.ValidationError as exc:
            return 400, {"error": "validation failed", "fields": exc.errors}
        except (auth.AuthError, ProtocolError) as exc:
            return 400, {"error": str(exc)}
        except SessionNotFound as exc:
            return 404, {"error": f"session {exc.args[0]!r} not found"}

    def _authenticated(self, method, path, data, user_id):
        parts = path.strip("/").split("/")
        if (method, path) == ("POST", "/sessions"):
            session = self.sessions.start(schemas.validate_new_session(data)["title"], user_id)
            return 201, {"session": session.to_dict()}
        if (method, path) == ("POST", "/chatkit"):
            return 200, self.chatkit.process(data, user_id)
        if len(parts) == 3 and parts[0] == "sessions" and parts[2] == "messages":
            session = self.sessions.get(parts[1], user_id)
            if method == "GET":
                return 200, {"messages": [m.to_dict() for m in session.messages]}
            if method == "POST":
                message = schemas.message_from_request(session.id, data)
                return 201, self.chat.send(session.id, message.content)
            return 405, {"error": "method not allowed"}
        return 404, {"error": f"no route for {method} {path}"}


def create_app(limiter=None, clock=time.time):
    configure_logging()
    database.init_db()
    vector_store.load_default_documents()
    return App(limiter=limiter, clock=clock)


def check():
    """Call /health in-process; returns a process exit code."""
    environ, seen = {}, []
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = "/health"
    create_app()(environ, lambda status, headers: seen.append(status))
    return 0 if seen == ["200 OK"] else 1


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        code = check()
        print("ok" if code == 0 else "failed")
        sys.exit(code)
    from wsgiref.simple_server import make_server

    port = int(os.environ.get("PORT", "8000"))
    with make_server("127.0.0.1", port, create_app()) as server:
        print(f"serving on http://127.0.0.1:{port}")
        server.serve_forever()
