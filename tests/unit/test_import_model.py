"""How the backend runs is decided from evidence, not from ``__init__.py`` alone, and plans are verified under
every import model the evidence shows.

The shape behind these tests: ``backend/`` has an ``__init__.py`` yet its modules import each other by bare
name and it runs as ``cd backend && uvicorn main:app``, with the OpenAI Agents SDK (``agents``) and ChatKit
(``chatkit``) imported from third-party packages that are not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_organizer.core.errors import PlanError
from backend_organizer.core.planner import organize_project, plan_moves
from backend_organizer.core.scan.project import scan


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


BARE = {
    "backend/__init__.py": "",
    "backend/models.py": "class User:\n    pass\n",
    "backend/agent.py": "from agents import Agent\nfrom models import User\n\n\ndef make():\n    return Agent(User)\n",
    "backend/main.py": "from agent import make\n\napp = make()\n",
    "requirements.txt": "openai-agents\n",
}


STEPS = "jobs:\n  t:\n    steps:\n"


def kind_of(root: Path) -> tuple[str, list[str]]:
    project = scan(root / "backend", root)
    assert project.import_model is not None
    return project.kind, [f"{e.path}:{e.line}" for e in project.import_model.evidence]


def test_bare_sibling_imports_make_an_import_root_despite_init(tmp_path: Path) -> None:
    kind, evidence = kind_of(write(tmp_path, BARE))
    assert kind == "import-root"
    assert "backend/agent.py:2" in evidence and "backend/main.py:1" in evidence


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("Procfile", "web: cd backend && uvicorn main:app --port $PORT\n"),
        ("README.md", "Start it:\n\n```sh\ncd backend\nuvicorn main:app --reload\n```\n"),
        ("Makefile", "run:\n\tcd backend && python main.py\n"),
        ("scripts/dev.sh", "#!/bin/sh\ncd backend\nexec gunicorn main:app\n"),
        (".github/workflows/ci.yml", STEPS + "      - run: |\n          cd backend\n          python main.py &\n"),
        (".github/workflows/ci.yml", STEPS + "      - working-directory: backend\n        run: uvicorn main:app\n"),
        ("Dockerfile", 'FROM python:3.12\nWORKDIR /app\nCOPY backend/ .\nCMD ["uvicorn", "main:app"]\n'),
        ("Dockerfile", "FROM python:3.12\nWORKDIR /srv\nCOPY . .\nWORKDIR /srv/backend\nCMD uvicorn main:app\n"),
        ("docker-compose.yml", "services:\n  api:\n    command: uvicorn main:app --app-dir backend\n"),
        ("Makefile", "test:\n\tPYTHONPATH=backend pytest\n"),
    ],
)
def test_run_commands_from_the_backend_folder_make_an_import_root(tmp_path: Path, rel: str, text: str) -> None:
    files = {
        "backend/__init__.py": "",
        "backend/main.py": "from .models import User\napp = User\n",
        "backend/models.py": "class User:\n    pass\n",
        rel: text,
    }
    kind, evidence = kind_of(write(tmp_path, files))
    # a relative import says "package", the command says "import root": both are modelled
    assert kind == "both"
    assert any(e.startswith(rel + ":") for e in evidence), evidence


@pytest.mark.parametrize(
    "files",
    [
        {"backend/main.py": "from .models import User\n"},
        {"backend/main.py": "from backend.models import User\n"},
        {"backend/main.py": "import models\n", "Makefile": "run:\n\tpython -m backend.main\n"},
        {"backend/main.py": "import models\n", "pyproject.toml": '[project.scripts]\napp = "backend.main:main"\n'},
    ],
)
def test_package_evidence(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, {"backend/__init__.py": "", "backend/models.py": "class User:\n    pass\n", **files})
    kind, _ = kind_of(tmp_path)
    assert kind in {"package", "both"}
    if "import models" not in files["backend/main.py"]:
        assert kind == "package"


def test_without_evidence_init_means_package(tmp_path: Path) -> None:
    write(tmp_path, {"backend/__init__.py": "", "backend/a.py": "X = 1\n", "backend/b.py": "Y = 2\n"})
    assert kind_of(tmp_path)[0] == "package"
    (tmp_path / "backend" / "__init__.py").unlink()
    assert kind_of(tmp_path)[0] == "import-root"


def test_configured_layout_wins(tmp_path: Path) -> None:
    write(tmp_path, {**BARE, "pyproject.toml": '[tool.backend-organizer]\nlayout = "package"\n'})
    assert kind_of(tmp_path) == ("package", [])


def test_import_root_package_guards_third_party_names_and_rewrites_bare_imports(tmp_path: Path) -> None:
    plan = organize_project(scan(write(tmp_path, BARE) / "backend", tmp_path))
    packages = {p.category: p.name for p in plan.packages}
    assert packages["agents"] == "ai_agents", plan.packages
    main = next(c for c in plan.changes if c.path == "backend/main.py")
    assert main.new_text.startswith("from ai_agents.agent import make\n")
    assert plan.verification.models == ("import root backend/",)


def test_both_models_are_verified_and_named(tmp_path: Path) -> None:
    files = {**BARE, "tests/test_app.py": "from backend.main import app\n\n\ndef test():\n    assert app\n"}
    files["pyproject.toml"] = '[tool.pytest.ini_options]\npythonpath = [".", "backend"]\n'
    plan = organize_project(scan(write(tmp_path, files) / "backend", tmp_path))
    assert plan.layout == "both"
    assert plan.verification.models == ("import root backend/", "package backend")
    assert plan.verification.ok


def test_the_static_check_refuses_a_package_that_shadows_a_library_under_one_model(tmp_path: Path) -> None:
    project = scan(write(tmp_path, BARE) / "backend", tmp_path)
    write(tmp_path, {})
    with pytest.raises(PlanError, match="Agent"):
        plan_moves(project, {"backend/agent.py": "backend/agents/agent.py"})


def test_an_import_of_a_sibling_that_resolves_under_no_model_is_reported_not_proven(tmp_path: Path) -> None:
    files = {**BARE, "pyproject.toml": '[tool.backend-organizer]\nlayout = "package"\n'}
    plan = organize_project(scan(write(tmp_path, files) / "backend", tmp_path))
    unresolved = {(f.path, f.line) for f in plan.findings if f.code == "unresolved-import"}
    assert ("backend/agent.py", 2) in unresolved and ("backend/main.py", 1) in unresolved
    assert ("backend/agent.py", 1) not in unresolved  # `agents` is a third-party import, not a sibling
    assert plan.verification.ok
