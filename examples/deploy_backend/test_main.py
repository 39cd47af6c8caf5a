import json
import subprocess
import sys
from pathlib import Path

import ingest
import main

HERE = Path(__file__).resolve().parent
AUTH = {"HTTP_X_API_KEY": "secret-key"}


def test_app_is_importable_as_main_colon_app():
    result = subprocess.run([sys.executable, "-c", "import main; print(callable(main.app))"],
                            cwd=HERE, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_health_is_public(test_settings, wsgi_get):
    status, headers, body = wsgi_get(main.create_app(test_settings), "/health")
    assert status == "200 OK" and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"app": "test-app", "status": "ok"}


def test_other_routes_need_the_api_key(db_file, test_settings, wsgi_get):
    app = main.create_app(test_settings)
    assert wsgi_get(app, "/documents")[0] == "401 Unauthorized"
    assert wsgi_get(app, "/documents", headers={"HTTP_X_API_KEY": "wrong"})[0] == "401 Unauthorized"
    status, _, body = wsgi_get(app, "/documents", headers={"HTTP_AUTHORIZATION": "Bearer secret-key"})
    assert status == "200 OK" and json.loads(body) == {"documents": []}


def test_search_after_ingest(db_file, test_settings, wsgi_get):
    ingest.ingest(settings=test_settings)
    app = main.create_app(test_settings)
    status, _, body = wsgi_get(app, "/search", "q=annual+refunded", AUTH)
    results = json.loads(body)["results"]
    assert status == "200 OK"
    assert [(r["path"], r["position"]) for r in results] == [("billing.md", 1)]
    assert results[0]["highlights"] == ["annual", "refunded"]
    assert wsgi_get(app, "/search", "q=", AUTH)[0] == "400 Bad Request"
    assert wsgi_get(app, "/nope", "", AUTH)[0] == "404 Not Found"


def test_documents_listing(db_file, test_settings, wsgi_get):
    ingest.ingest(settings=test_settings)
    _, _, body = wsgi_get(main.create_app(test_settings), "/documents", headers=AUTH)
    titles = [doc["title"] for doc in json.loads(body)["documents"]]
    assert titles == ["Billing", "Deployment", "Getting started"]
