"""Classification: every default rule, its precedence and its reason."""

from __future__ import annotations

import ast

import pytest
from backend_organizer.core.categories import category_map
from backend_organizer.core.decide.classify import FileFacts, classify_file
from backend_organizer.core.scan.config import parse_config
from backend_organizer.core.scan.index import build_index

CATEGORIES = category_map()


def facts(name: str, code: str = "", imported_by: int = 0, external: frozenset[str] = frozenset()) -> FileFacts:
    return FileFacts(name, name, build_index(name, ast.parse(code)), imported_by, external)


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("agent.py", "agents"),
        ("triage_agent.py", "agents"),
        ("auth.py", "auth"),
        ("jwt_utils.py", "auth"),
        ("security.py", "auth"),
        ("chatkit_server.py", "chatkit"),
        ("vector_store.py", "data"),
        ("embeddings.py", "data"),
        ("ingest.py", "data"),
        ("pdf_loader.py", "data"),
        ("database.py", "database"),
        ("db.py", "database"),
        ("crud.py", "database"),
        ("models.py", "models"),
        ("schemas.py", "models"),
        ("session_service.py", "services"),
        ("user_services.py", "services"),
        ("rate_limiting.py", "utils"),
        ("helpers.py", "utils"),
        ("utils.py", "utils"),
        ("logging_config.py", "utils"),
        ("config.py", "utils"),
        ("test_agent.py", "tests"),
        ("agent_test.py", "tests"),
        ("conftest.py", "tests"),
    ],
)
def test_name_patterns(name, category):
    result = classify_file(facts(name), parse_config({}), CATEGORIES)
    assert result.category == category
    assert result.reason


def test_entry_points_and_tool_files_stay():
    for name in ("main.py", "app.py", "asgi.py", "wsgi.py", "manage.py", "setup.py", "__init__.py"):
        assert classify_file(facts(name), parse_config({}), CATEGORIES).category is None


def test_scripts_are_runnable_and_unimported():
    main = 'if __name__ == "__main__":\n    pass\n'
    assert classify_file(facts("seed.py", main), parse_config({}), CATEGORIES).category == "scripts"
    assert classify_file(facts("seed.py", main, imported_by=2), parse_config({}), CATEGORIES).category is None
    runnable_loader = classify_file(facts("ingest.py", main), parse_config({}), CATEGORIES)
    assert runnable_loader.category == "scripts" and "data loader" in runnable_loader.reason
    assert classify_file(facts("agent.py", main), parse_config({}), CATEGORIES).category == "agents"


def test_content_rules_and_ambiguity():
    # an incidental import (sqlite3, redis, pymongo) never decides; a deciding library does
    assert (
        classify_file(facts("store.py", external=frozenset({"sqlite3"})), parse_config({}), CATEGORIES).category is None
    )
    assert (
        classify_file(facts("store.py", external=frozenset({"chatkit"})), parse_config({}), CATEGORIES).category
        == "chatkit"
    )
    dataclasses = "from dataclasses import dataclass\n@dataclass\nclass A:\n    x: int\n"
    assert classify_file(facts("types_.py", dataclasses), parse_config({}), CATEGORIES).category == "models"
    assert (
        classify_file(facts("billing.py", "class BillingService:\n    pass\n"), parse_config({}), CATEGORIES).category
        == "services"
    )
    ambiguous = classify_file(facts("x.py", external=frozenset({"chromadb", "openai"})), parse_config({}), CATEGORIES)
    assert ambiguous.category is None and "ambiguous" in ambiguous.reason
    nothing = classify_file(facts("misc.py", "x = 1\n"), parse_config({}), CATEGORIES)
    assert nothing.category is None and "add a rule" in nothing.reason


def test_configuration_wins():
    config = parse_config({"rules": {"misc.py": "services"}, "keep": ["helpers.py"]})
    assert classify_file(facts("misc.py"), config, CATEGORIES).category == "services"
    kept = classify_file(facts("helpers.py"), config, CATEGORIES)
    assert kept.category is None and "keep" in kept.reason
