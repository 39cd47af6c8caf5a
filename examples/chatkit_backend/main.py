"""WSGI entry point serving ``POST /chatkit``.

``python main.py`` serves on http://127.0.0.1:8002; ``python main.py --check``
runs one conversation in-process and prints "ok".
"""
import os
import sys

THIRD_PARTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "third_party")
if THIRD_PARTY not in sys.path:
    sys.path.insert(0, THIRD_PARTY)  # offline stand-ins for openai-agents / openai-chatkit

import asyncio  # noqa: E402
import json  # noqa: E402

from chatkit.server import StreamingResult  # noqa: E402
from chatkit.store import NotFoundError  # noqa: E402

import database  # noqa: E402
from chatkit_app import SupportChatKitServer  # noqa: E402
from chatkit_store import SQLiteStore  # noqa: E402


async def handle(server, body, context):
    """Run one ChatKit request; returns (content type, response bytes)."""
    result = await server.process(body, context)
    if isinstance(result, StreamingResult):
        return "text/event-stream", b"".join([chunk async for chunk in result])
    return "application/json", result.json


def create_app(server=None):
    database.init_db()
    server = server or SupportChatKitServer(SQLiteStore())

    def app(environ, start_response):
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        status, content_type, body = "404 Not Found", "application/json", b'{"error": "not found"}'
        if path == "/health":
            status, body = "200 OK", b'{"status": "ok"}'
        elif (method, path) == ("POST", "/chatkit"):
            raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            context = {"user_id": environ.get("HTTP_X_USER_ID", "anonymous")}
            try:
                content_type, body = asyncio.run(handle(server, raw, context))
                status = "200 OK"
            except NotFoundError as exc:
                body = json.dumps({"error": str(exc)}).encode("utf-8")
            except (ValueError, KeyError) as exc:
                status, body = "400 Bad Request", json.dumps({"error": str(exc)}).encode("utf-8")
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    app.server = server
    return app


def check():
    request = {"type": "threads.create", "params": {"input": {"content": [
        {"type": "input_text", "text": "Where is my order 1042?"}]}}}
    content_type, body = asyncio.run(handle(create_app().server, json.dumps(request), {"user_id": "check"}))
    return content_type == "text/event-stream" and b"Order 1042 has shipped" in body


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        ok = check()
        print("ok" if ok else "failed")
        sys.exit(0 if ok else 1)
    from wsgiref.simple_server import make_server

    with make_server("127.0.0.1", 8002, create_app()) as server:
        print("serving ChatKit on http://127.0.0.1:8002/chatkit")
        server.serve_forever()
