"""WSGI application; ``main:app`` is what gunicorn/uvicorn serve (see Procfile and Dockerfile)."""
import sys
from urllib.parse import parse_qs

import database
from auth import require_api_key
from helpers import json_body
from models import Document, SearchHit
from settings import load_settings


def _respond(start_response, status, data):
    start_response(status, [("Content-Type", "application/json")])
    return [json_body(data)]


def search(query, limit=5):
    terms = [term for term in query.lower().split() if len(term) > 2]
    hits = [SearchHit(highlights=[t for t in terms if t in row["text"].lower()], **row)
            for row in database.search_chunks(terms, limit)]
    return [hit.to_dict() for hit in hits]


def create_app(settings=None):
    settings = settings or load_settings()

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/health":
            return _respond(start_response, "200 OK", {"app": settings.app_name, "status": "ok"})
        if path == "/documents":
            documents = [Document.from_row(row).__dict__ for row in database.list_documents()]
            return _respond(start_response, "200 OK", {"documents": documents})
        if path == "/search":
            query = parse_qs(environ.get("QUERY_STRING", "")).get("q", [""])[0]
            if not query.strip():
                return _respond(start_response, "400 Bad Request", {"error": "q is required"})
            return _respond(start_response, "200 OK", {"query": query, "results": search(query)})
        return _respond(start_response, "404 Not Found", {"error": f"no route for {path}"})

    return require_api_key(application, settings.api_key)


app = create_app()


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    database.init_db()
    with make_server("127.0.0.1", port, app) as server:
        print(f"serving main:app on http://127.0.0.1:{port}")
        server.serve_forever()
