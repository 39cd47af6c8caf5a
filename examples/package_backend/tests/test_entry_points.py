import io
import json
import os
import subprocess
import sys

import backend
from backend.main import create_app

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(argv):
    env = {k: v for k, v in os.environ.items() if k != "BACKEND_DB"}
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout


def call(app, path, query="", method="GET", body=None):
    raw = json.dumps(body).encode() if body is not None else b""
    seen = []
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw)}
    chunks = app(environ, lambda status, headers: seen.append(status))
    return int(seen[0].split()[0]), json.loads(b"".join(chunks))


def test_wsgi_routes():
    app = create_app()
    assert call(app, "/health") == (200, {"status": "ok", "version": backend.__version__})
    assert len(call(app, "/items")[1]["items"]) == 4
    assert call(app, "/items/linen-tea-towel")[1]["item"]["price_cents"] == 999
    assert call(app, "/items/nope")[0] == 404
    assert call(app, "/ask")[0] == 400
    assert call(app, "/ask", "q=reading+lamp")[1]["answer"].startswith("Brass Desk Lamp")
    assert call(app, "/users", method="POST", body={"username": "ada", "password": "x"})[0] == 400
    assert call(app, "/users", method="POST", body={"username": "ada", "password": "long-enough"})[0] == 201


def test_main_check():
    assert run([sys.executable, "-m", "backend.main", "--check"]).strip() == "ok"


def test_cli_report():
    output = run([sys.executable, "-m", "backend.cli_report"])
    assert output.splitlines()[0] == "Catalogue: 4 items, total $145.49"
    assert "ada: blue-ceramic-mug, brass-desk-lamp" in output
    assert "grace: walnut-desk-organizer" in output


def test_version():
    assert backend.__version__ == "0.3.0"
