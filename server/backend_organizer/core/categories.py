"""The default package categories, their file-name patterns and content signals.

This module is data: which names and imports point at which category, and which names a category falls back
to when its own name is taken. :mod:`classify` applies it; configuration can extend it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A target package: its default name, what it holds, how files are recognised, fallback names."""

    name: str
    description: str
    patterns: tuple[str, ...] = ()
    libraries: frozenset[str] = frozenset()
    alternatives: tuple[str, ...] = ()


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        "agents",
        "AI/ML agents and processing",
        ("agent.py", "agents.py", "agent_*.py", "*_agent.py", "*_agents.py"),
        frozenset(
            {
                "openai",
                "anthropic",
                "langchain",
                "langchain_core",
                "langchain_openai",
                "langgraph",
                "llama_index",
                "crewai",
                "autogen",
                "smolagents",
                "agents",
                "litellm",
                "transformers",
            }
        ),
        ("ai_agents", "app_agents"),
    ),
    Category(
        "auth",
        "Authentication modules",
        (
            "auth.py",
            "auth_*.py",
            "*_auth.py",
            "authentication*.py",
            "authorization*.py",
            "jwt*.py",
            "security*.py",
            "oauth*.py",
            "permissions.py",
            "passwords.py",
        ),
        frozenset({"jwt", "jose", "passlib", "bcrypt", "authlib", "itsdangerous", "argon2", "oauthlib"}),
        ("app_auth",),
    ),
    Category(
        "chatkit",
        "Chatkit integration components",
        ("chatkit*.py", "*_chatkit.py"),
        frozenset({"chatkit"}),
        ("chat", "chatkit_app"),
    ),
    Category(
        "data",
        "Data handling and storage utilities",
        (
            "vector_store*.py",
            "vectorstore*.py",
            "embedding*.py",
            "ingest*.py",
            "*_ingest.py",
            "loader*.py",
            "*_loader.py",
            "loaders.py",
            "retriever*.py",
            "retrieval*.py",
            "chunking*.py",
            "chunker*.py",
        ),
        frozenset(
            {
                "numpy",
                "pandas",
                "faiss",
                "chromadb",
                "pinecone",
                "qdrant_client",
                "weaviate",
                "sentence_transformers",
                "sklearn",
                "tiktoken",
                "pypdf",
                "lancedb",
                "pgvector",
            }
        ),
        ("data_layer", "app_data"),
    ),
    Category(
        "database",
        "Database operations and management",
        (
            "database*.py",
            "db.py",
            "db_*.py",
            "crud*.py",
            "*_crud.py",
            "repository*.py",
            "*_repository.py",
            "*_repo.py",
        ),
        frozenset(
            {
                "sqlite3",
                "sqlalchemy",
                "psycopg2",
                "psycopg",
                "asyncpg",
                "pymongo",
                "motor",
                "peewee",
                "tortoise",
                "redis",
                "aiosqlite",
                "databases",
                "pymysql",
                "mysql",
            }
        ),
        ("db", "app_database"),
    ),
    Category(
        "models",
        "Database models and schema definitions",
        (
            "models*.py",
            "model.py",
            "*_models.py",
            "schemas*.py",
            "schema.py",
            "*_schemas.py",
            "entities.py",
            "orm.py",
            "dto.py",
            "dtos.py",
        ),
        frozenset({"pydantic", "sqlmodel", "marshmallow"}),
        ("app_models",),
    ),
    Category(
        "services",
        "Business logic and service layer",
        ("*_service.py", "*_services.py", "service.py", "services.py"),
        frozenset(),
        ("app_services",),
    ),
    Category(
        "utils",
        "Utility functions and helpers",
        (
            "utils*.py",
            "util.py",
            "*_utils.py",
            "*_util.py",
            "helpers*.py",
            "helper.py",
            "*_helpers.py",
            "rate_limit*.py",
            "ratelimit*.py",
            "logging_config.py",
            "log_config.py",
            "logging_setup.py",
            "logger.py",
            "config.py",
            "settings.py",
            "constants.py",
        ),
        frozenset(),
        ("app_utils",),
    ),
    Category("scripts", "Utility scripts", (), frozenset(), ("app_scripts",)),
    Category(
        "tests",
        "Test files",
        ("test_*.py", "*_test.py", "conftest.py", "tests.py"),
        frozenset(),
        ("app_tests",),
    ),
)

#: Files that stay at the backend root: application entry points.
ENTRY_POINTS: frozenset[str] = frozenset({"main.py", "app.py", "asgi.py", "wsgi.py", "manage.py"})

#: Files that tools load by path or name from the root; moving them would break those tools.
TOOLING_FILES: frozenset[str] = frozenset(
    {
        "__init__.py",
        "__main__.py",
        "setup.py",
        "noxfile.py",
        "tasks.py",
        "fabfile.py",
        "dodo.py",
        "gunicorn.conf.py",
        "gunicorn_config.py",
        "sitecustomize.py",
        "usercustomize.py",
        "conf.py",
    }
)

#: Category names whose name-pattern files are libraries only; a runnable, unimported one is a script.
LIBRARY_ONLY_PATTERNS: frozenset[str] = frozenset(
    {"ingest*.py", "*_ingest.py", "loader*.py", "*_loader.py", "loaders.py"}
)

#: Base classes that mark a class as a data model.
MODEL_BASES: frozenset[str] = frozenset(
    {
        "BaseModel",
        "SQLModel",
        "Base",
        "DeclarativeBase",
        "Model",
        "Schema",
        "TypedDict",
        "NamedTuple",
        "Document",
        "Enum",
        "StrEnum",
        "IntEnum",
    }
)

#: Distribution names whose import name differs from the normalised distribution name.
DISTRIBUTION_IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    "openai-agents": ("agents",),
    "openai-chatkit": ("chatkit",),
    "pyjwt": ("jwt",),
    "python-jose": ("jose",),
    "pyyaml": ("yaml",),
    "scikit-learn": ("sklearn",),
    "beautifulsoup4": ("bs4",),
    "pillow": ("PIL",),
    "python-dotenv": ("dotenv",),
    "python-multipart": ("multipart",),
    "psycopg2-binary": ("psycopg2",),
    "psycopg-binary": ("psycopg",),
    "opencv-python": ("cv2",),
    "qdrant-client": ("qdrant_client",),
    "sentence-transformers": ("sentence_transformers",),
    "google-generativeai": ("google",),
    "protobuf": ("google",),
    "attrs": ("attr", "attrs"),
    "faiss-cpu": ("faiss",),
    "pymupdf": ("fitz",),
    "llama-index": ("llama_index",),
}


def category_map(extra: dict[str, str] | None = None) -> dict[str, Category]:
    """Default categories by name, plus configured extra categories (name → description)."""
    result = {c.name: c for c in DEFAULT_CATEGORIES}
    for name, description in (extra or {}).items():
        if name not in result:
            result[name] = Category(name, description, (), frozenset(), (f"app_{name}",))
    return result
