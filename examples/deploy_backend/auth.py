"""API-key authentication as WSGI middleware."""
import hmac

from helpers import json_body

PUBLIC_PATHS = frozenset({"/health"})


def api_key_from(environ):
    """The key from ``X-API-Key`` or ``Authorization: Bearer <key>``."""
    key = environ.get("HTTP_X_API_KEY")
    if key:
        return key
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token if scheme.lower() == "bearer" else None


def is_authorized(environ, expected_key):
    provided = api_key_from(environ)
    return provided is not None and hmac.compare_digest(provided.encode(), expected_key.encode())


def require_api_key(app, expected_key, public_paths=PUBLIC_PATHS):
    """Wrap ``app`` so that every non-public path needs the API key."""

    def guarded(environ, start_response):
        if environ.get("PATH_INFO", "/") in public_paths or is_authorized(environ, expected_key):
            return app(environ, start_response)
        body = json_body({"error": "missing or invalid API key"})
        start_response("401 Unauthorized", [("Content-Type", "application/json"),
                                            ("WWW-Authenticate", "Bearer")])
        return [body]

    guarded.wrapped = app
    return guarded
