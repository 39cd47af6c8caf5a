"""Plans a person would accept: entry points stay, routes get a package, classification on strong signals only.

Each test builds a small backend with the shape seen in real public backends (a FastAPI ``server.py`` run by
the Dockerfile, an aiogram bot in the Procfile, an MCP server that tests import, an ``APIRouter`` module next
to an existing ``routes/`` package, ``list_models.py`` scripts, sibling files that share a stem …) and checks
where each file goes, and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backend_organizer.core.planner import plan_organize
from helpers import cli, write_files


def placed(root: Path, folder: str = "backend") -> dict[str, str]:
    """``file name -> package folder`` (``"="`` when it stays) for the backend's top-level files."""
    plan = plan_organize(root / folder if folder else root, root)
    where = {}
    for c in plan.classifications:
        name = c.path.rsplit("/", 1)[-1]
        dst = plan.new_path(c.path)
        where[name] = "=" if dst == c.path else dst.rsplit("/", 2)[-2]
    return where


def reasons(root: Path, folder: str = "backend") -> dict[str, str]:
    plan = plan_organize(root / folder if folder else root, root)
    return {c.path.rsplit("/", 1)[-1]: c.reason for c in plan.classifications}


# -- entry points from evidence ----------------------------------------------------------------------------


ENTRY_POINTS = {
    "backend/server.py": "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\n\nclass Health(BaseModel):\n"
    "    ok: bool = True\n\n\napp = FastAPI()\n",
    "backend/bot.py": "from aiogram import Bot, Dispatcher\n\nimport handlers\n\n"
    "bot = Bot('token')\ndp = Dispatcher()\n",
    "backend/mcp_server.py": "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('notes')\n\n\n@mcp.tool()\n"
    "def add(a: int, b: int) -> int:\n    return a + b\n\n\nif __name__ == '__main__':\n    mcp.run()\n",
    "backend/dashboard.py": "import streamlit as st\n\nst.title('Stats')\n",
    "backend/worker.py": "from celery import Celery\n\ncelery = Celery('worker')\n",
    "backend/ingest_job.py": "def run():\n    return 1\n",
    "backend/handlers.py": "from aiogram import Router\n\nrouter = Router()\n",
    "backend/models.py": "from pydantic import BaseModel\n\n\nclass Note(BaseModel):\n    text: str\n",
    "tests/test_mcp.py": "from mcp_server import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY backend/ .\nCMD ["uvicorn", "server:app"]\n',
    "Procfile": "worker: cd backend && python bot.py\njobs: cd backend && celery -A worker worker\n",
    "Makefile": "ingest:\n\tcd backend && python -m ingest_job\n",
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["backend"]\n',
}


def test_entry_points_stay_where_their_run_commands_expect_them(tmp_path: Path) -> None:
    write_files(tmp_path, ENTRY_POINTS)
    where = placed(tmp_path)
    assert where["server.py"] == "=" and where["bot.py"] == "=" and where["mcp_server.py"] == "="
    assert where["dashboard.py"] == "=" and where["worker.py"] == "="
    assert where["handlers.py"] == "routes" and where["models.py"] == "models"
    why = reasons(tmp_path)
    assert "Dockerfile:4 launches it" in why["server.py"] or "creates the application object" in why["server.py"]
    assert "Procfile:1 launches it" in why["bot.py"]
    assert "FastMCP" in why["mcp_server.py"] and "no module imports it" not in why["mcp_server.py"]
    assert "Streamlit" in why["dashboard.py"]
    assert "Procfile:2 launches it" in why["worker.py"]


def test_a_runnable_module_that_others_import_is_not_a_script(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/report.py": "def build():\n    return 1\n\n\nif __name__ == '__main__':\n    print(build())\n",
            "backend/main.py": "import report\n\nprint(report.build())\n",
            "backend/seed.py": "import report\n\nif __name__ == '__main__':\n    report.build()\n",
        },
    )
    where = placed(tmp_path)
    assert where["report.py"] == "=" and where["seed.py"] == "scripts"
    assert "other modules import it" in reasons(tmp_path)["report.py"]


# -- routes, and joining the packages a project already has ------------------------------------------------


def test_routes_join_an_existing_routes_package(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/routes/__init__.py": "",
            "backend/routes/users.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
            "backend/credits_routes.py": "from fastapi import APIRouter\nimport redis\n\nrouter = APIRouter()\n",
            "backend/billing.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get('/bill')\n"
            "def bill():\n    return 1\n",
            "backend/services/__init__.py": "",
            "backend/invoice_service.py": "class InvoiceService:\n    pass\n",
            "backend/main.py": "import billing\nimport credits_routes\nimport invoice_service\n",
        },
    )
    plan = plan_organize(tmp_path / "backend", tmp_path)
    assert plan.new_path("backend/credits_routes.py") == "backend/routes/credits_routes.py"
    assert plan.new_path("backend/billing.py") == "backend/routes/billing.py"
    assert plan.new_path("backend/invoice_service.py") == "backend/services/invoice_service.py"
    packages = {p.category: p for p in plan.packages}
    assert packages["routes"].exists and packages["services"].exists


def test_blueprints_and_socket_handlers_are_routes_not_database(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/api.py": "import redis\nfrom flask import Blueprint\n\nbp = Blueprint('api', __name__)\n",
            "backend/sockets.py": "import redis\nfrom extensions import socketio\n\n\n@socketio.on('join')\n"
            "def join(data):\n    return data\n",
            "backend/events.py": "from extensions import sio\n\n\n@sio.event\ndef connect(sid):\n    return sid\n",
            "backend/extensions.py": "socketio = sio = object()\n",
            "backend/app.py": "from flask import Flask\n\nimport api\nimport events\nimport sockets\n\n"
            "app = Flask(__name__)\n",
        },
    )
    where = placed(tmp_path)
    assert where["api.py"] == "routes" and where["sockets.py"] == "routes" and where["events.py"] == "routes"
    assert where["app.py"] == "="


@pytest.mark.parametrize(("existing", "category"), [("routers", "routes"), ("scripts", "scripts")])
def test_existing_category_packages_are_joined(tmp_path: Path, existing: str, category: str) -> None:
    files = {
        "backend/users_router.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        "backend/seed_db.py": "if __name__ == '__main__':\n    print('seeded')\n",
        "backend/main.py": "import users_router\n",
        f"backend/{existing}/README.md": "scripts and routers live here\n",
    }
    if existing == "routers":
        files[f"backend/{existing}/__init__.py"] = ""
    write_files(tmp_path, files)
    plan = plan_organize(tmp_path / "backend", tmp_path)
    package = {p.category: p for p in plan.packages}[category]
    assert package.name == existing, package


# -- strong signals only -----------------------------------------------------------------------------------


def test_incidental_imports_never_decide(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/video_processor.py": "import pymongo\n\n\ndef process(path):\n    return path\n",
            "backend/usage.py": "import sqlite3\n\n\ndef record(event):\n    return event\n",
            "backend/cache_store.py": "import redis\n\n\ndef get(key):\n    return key\n",
            "backend/main.py": "import cache_store\nimport usage\nimport video_processor\n",
        },
    )
    where = placed(tmp_path)
    assert where["video_processor.py"] == "=" and where["usage.py"] == "=" and where["cache_store.py"] == "utils"
    assert "database" not in where.values()


def test_name_words_anywhere_in_the_name_beat_what_a_module_defines(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/document_ingestion.py": "class DocumentIngestionService:\n    pass\n",
            "backend/pdf_loader.py": "def load(path):\n    return path\n",
            "backend/simple_rate_limiting.py": "LIMIT = 10\n",
            "backend/rate_limiting.py": "LIMIT = 5\n",
            "backend/app_config.py": "DEBUG = True\n",
            "backend/config.py": "NAME = 'x'\n",
            "backend/main.py": "import app_config, config, document_ingestion, pdf_loader, rate_limiting\n"
            "import simple_rate_limiting\n",
        },
    )
    where = placed(tmp_path)
    assert where["document_ingestion.py"] == "data" and where["pdf_loader.py"] == "data"
    assert where["rate_limiting.py"] == where["simple_rate_limiting.py"] == "utils"
    assert where["config.py"] == where["app_config.py"] == "utils"


def test_model_in_the_llm_sense_is_not_a_data_model(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/list_models.py": "import openai\n\nfor m in openai.models.list():\n    print(m.id)\n",
            "backend/list_gen_models.py": "import google_genai_stub\n\nprint(google_genai_stub.models())\n",
            "backend/model.py": "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef complete(text):\n"
            "    return client.responses.create(input=text)\n",
            "backend/model_sync.py": "class Syncer:\n    def run(self):\n        return 1\n",
            "backend/guardrail.py": "from agents import Agent, input_guardrail\nfrom pydantic import BaseModel\n\n\n"
            "class Verdict(BaseModel):\n    ok: bool\n\n\nchecker = Agent(name='check', output_type=Verdict)\n\n\n"
            "@input_guardrail\nasync def guard(ctx, agent, text):\n    return Verdict(ok=True)\n",
            "backend/models.py": "class User:\n    pass\n",
            "backend/main.py": "import guardrail, model, model_sync, models\n",
        },
    )
    where = placed(tmp_path)
    assert where["list_models.py"] == "scripts" and where["list_gen_models.py"] == "scripts"
    assert where["model.py"] == "ai_agents" and where["guardrail.py"] == "ai_agents"
    assert where["model_sync.py"] == "=" and where["models.py"] == "models"
    assert "not a data model" in reasons(tmp_path)["model_sync.py"]


def test_siblings_that_share_a_stem_go_together(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/apply_migration.py": "if __name__ == '__main__':\n    print('applied')\n",
            "backend/apply_migration_fix.py": "print('fixed')\n",
            "backend/apply_migrations_direct.py": "import sys\n\nsys.exit(0)\n",
            "backend/verify_schema.py": "print('ok')\n",
            "backend/search_tools.py": "from agents import function_tool\n\n\n@function_tool\n"
            "def search(q: str) -> str:\n"
            "    return q\n",
            "backend/weather_tools.py": "def forecast(city):\n    return city\n",
            "backend/main.py": "import search_tools, weather_tools\n",
        },
    )
    where = placed(tmp_path)
    for name in ("apply_migration.py", "apply_migration_fix.py", "apply_migrations_direct.py", "verify_schema.py"):
        assert where[name] == "scripts", (name, where)
    assert where["search_tools.py"] == where["weather_tools.py"] == "ai_agents"
    assert "sibling search_tools.py" in reasons(tmp_path)["weather_tools.py"]


def test_files_that_fit_nothing_stay_and_are_listed_once(tmp_path: Path) -> None:
    files = {f"backend/{name}.py": "VALUE = 1\n" for name in ("alpha", "beta", "gamma", "delta")}
    files["backend/main.py"] = "import alpha, beta, delta, gamma\n"
    files["backend/helpers.py"] = "def h():\n    return 1\n"
    write_files(tmp_path, files)
    out = cli("plan", str(tmp_path / "backend"), env={"COLUMNS": "200"}).stdout
    assert out.count("no rule matched") == 0 and out.count("no rule placed") == 1
    assert "= 4 files no rule placed: alpha.py, beta.py, delta.py, gamma.py" in out


def test_explain_names_the_winning_signal_and_the_runner_up(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/document_ingestion.py": "class DocumentIngestionService:\n    pass\n",
            "backend/main.py": "import document_ingestion\n",
            "pyproject.toml": "[project]\nname = 'x'\n",
        },
    )
    rel = tmp_path / "backend" / "document_ingestion.py"
    data = json.loads(cli("plan", str(tmp_path / "backend"), "--explain", str(rel), "--json").stdout)
    assert data["to"] == "backend/data/document_ingestion.py" and data["category"] == "data"
    assert "name word 'ingestion'" in data["reason"] and "DocumentIngestionService" in data["runnerUp"]
    assert [s["kind"] for s in data["signals"]][:2] == ["name", "defines"]
    text = cli("plan", str(tmp_path / "backend"), "--explain", str(rel)).stdout
    assert "decided by: name word 'ingestion'" in text and "runner-up:  defines the service class" in text


# -- references after cd, module strings of CLIs ----------------------------------------------------------


def test_commands_after_cd_are_resolved_in_that_folder(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/check_db.py": "import db\n\nif __name__ == '__main__':\n    print(db.ping())\n",
            "backend/db.py": "def ping():\n    return 'pong'\n",
            "backend/tasks_app.py": "from celery import Celery\n\ncelery = Celery('tasks')\n",
            "backend/notes_mcp.py": "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('notes')\n",
            "backend/main.py": "import db\n",
            "scripts/check.sh": "#!/bin/sh\ncd backend && python check_db.py\n",
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: |\n          cd backend\n"
            "          python check_db.py\n          celery -A tasks_app worker &\n",
            "Makefile": "mcp:\n\tfastmcp run backend.notes_mcp:mcp\n"
            "worker:\n\tcd backend && celery -A tasks_app worker\n",
            "pyproject.toml": "[tool.backend-organizer]\n# moved on purpose: the commands that launch them follow\n"
            'rules = { "tasks_app.py" = "services", "notes_mcp.py" = "agents" }\n',
        },
    )
    plan = plan_organize(tmp_path / "backend", tmp_path)
    texts = {c.path: c.new_text for c in plan.changes}
    assert "cd backend && python -m scripts.check_db\n" in texts["scripts/check.sh"]
    ci = texts[".github/workflows/ci.yml"]
    assert "          python -m scripts.check_db\n" in ci and "celery -A services.tasks_app worker &" in ci
    make = texts["Makefile"]
    assert "fastmcp run backend.agents.notes_mcp:mcp" in make
    assert "cd backend && celery -A services.tasks_app worker" in make


# -- warnings only where a person must act -----------------------------------------------------------------


def test_no_noise_for_http_patch_calls_file_names_and_imported_names_in_all(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/__init__.py": "from .config import settings\n\n__all__ = ['settings']\n",
            "backend/config.py": "import json\n\nsettings = json.loads('{}')\n",
            "backend/agent.py": "def run():\n    return 1\n\n\nif __name__ == '__main__':\n    run()\n",
            "backend/main.py": "from . import agent\nfrom .config import settings\n\n\ndef upload(files):\n"
            "    return files['config.json']\n",
            "backend/test_api.py": "import os\nfrom unittest.mock import patch\n\nfrom . import main\n\n\n"
            "def test_patch(client):\n    client.patch('/items/1', json={})\n"
            "    with patch.dict(os.environ, {'A': '1'}):\n"
            "        assert main.upload({'config.json': 1})\n",
        },
    )
    plan = plan_organize(tmp_path / "backend", tmp_path)
    codes = [(f.path, f.code) for f in plan.findings]
    assert not [c for c in codes if c[1] in {"dynamic-import", "unproven-string", "dunder-all-moved"}], codes
    agent = (
        next(c for c in plan.changes if c.path == "backend/agent.py")
        if any(c.path == "backend/agent.py" for c in plan.changes)
        else None
    )
    assert agent is None or "sys.path.insert" not in agent.new_text, "a library module got a run-by-path bootstrap"
    assert not [f for f in plan.findings if f.code == "script-bootstrap"]
