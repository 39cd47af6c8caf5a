"""The default package categories, their file-name patterns and content signals.

This module is data: which name words, definitions and imports point at which category, which existing
package names a category joins, and which names it falls back to when its own name is taken. :mod:`classify`
applies it; configuration can extend it.
"""

from __future__ import annotations

from typing import NamedTuple


class Category(NamedTuple):
    """A target package: its default name, what it holds, how files are recognised, fallback names.

    ``words``: name words (``_``-separated parts of a file name, or ``a_b`` phrases) that put a file here, each
    with a weight (the heavier category wins when a name holds words of several) and whether it must be the
    last word (``user_routes``, but not ``routes_client``). ``libraries``: imports that decide on their own
    (a module importing only these among the deciding libraries belongs here). ``synonyms``: names of an
    existing package of this kind that files join (``routers/`` for routes). ``patterns``: file-name globs
    (tests only)."""

    name: str
    description: str
    patterns: tuple[str, ...] = ()
    libraries: frozenset[str] = frozenset()
    alternatives: tuple[str, ...] = ()
    words: tuple[tuple[str, int, bool], ...] = ()
    synonyms: tuple[str, ...] = ()


def _words(weight: int, *names: str, head: bool = False) -> tuple[tuple[str, int, bool], ...]:
    return tuple((name, weight, head) for name in names)


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        "agents",
        "AI/ML agents and processing",
        libraries=frozenset(
            {
                "agents",
                "openai",
                "anthropic",
                "langchain",
                "langchain_core",
                "langchain_openai",
                "langchain_community",
                "langchain_anthropic",
                "langgraph",
                "llama_index",
                "crewai",
                "autogen",
                "autogen_agentchat",
                "smolagents",
                "pydantic_ai",
                "litellm",
                "transformers",
                "groq",
                "mistralai",
                "cohere",
            }
        ),
        alternatives=("ai_agents", "app_agents"),
        words=_words(3, "agent", "agents", "llm", "llms", "guardrail", "guardrails", "prompt", "prompts", "crew")
        + _words(2, "assistant", "chatbot"),
        synonyms=("agents", "ai"),
    ),
    Category(
        "auth",
        "Authentication modules",
        libraries=frozenset({"jwt", "jose", "passlib", "bcrypt", "authlib", "argon2", "oauthlib"}),
        alternatives=("app_auth",),
        words=_words(
            3,
            "auth",
            "authentication",
            "authorization",
            "jwt",
            "security",
            "oauth",
            "oauth2",
            "permissions",
            "permission",
            "passwords",
            "password",
            "login",
            "rbac",
            "acl",
        ),
        synonyms=("auth",),
    ),
    Category(
        "chatkit",
        "Chatkit integration components",
        libraries=frozenset({"chatkit"}),
        alternatives=("chat", "chatkit_app"),
        words=_words(3, "chatkit"),
        synonyms=("chatkit",),
    ),
    Category(
        "data",
        "Data handling and storage utilities",
        libraries=frozenset(
            {
                "chromadb",
                "faiss",
                "pinecone",
                "qdrant_client",
                "weaviate",
                "lancedb",
                "pgvector",
                "sentence_transformers",
            }
        ),
        alternatives=("data_layer", "app_data"),
        words=_words(
            2,
            "vector_store",
            "vector_stores",
            "vectorstore",
            "vectordb",
            "vector_db",
            "embedding",
            "embeddings",
            "ingest",
            "ingestion",
            "ingestor",
            "loader",
            "loaders",
            "retriever",
            "retrieval",
            "chunking",
            "chunker",
            "rag",
            "indexer",
            "etl",
            "scraper",
            "crawler",
            "knowledge_base",
        )
        + _words(1, "search", head=True),
        synonyms=("data",),
    ),
    Category(
        "database",
        "Database operations and management",
        alternatives=("db", "app_database"),
        words=_words(
            2,
            "database",
            "databases",
            "db",
            "crud",
            "repository",
            "repositories",
            "repo",
            "dao",
            "supabase",
            "mongo",
            "mongodb",
            "postgres",
            "sqlite",
        ),
        synonyms=("database", "db"),
    ),
    Category(
        "models",
        "Database models and schema definitions",
        alternatives=("app_models",),
        words=_words(2, "models", "model", "schemas", "schema", "entities", "entity", "orm", "dto", "dtos"),
        synonyms=("models", "schemas"),
    ),
    Category(
        "routes",
        "API routes and request handlers",
        alternatives=("routers", "app_routes"),
        words=_words(
            2,
            "routes",
            "route",
            "router",
            "routers",
            "api",
            "endpoints",
            "endpoint",
            "views",
            "view",
            "handlers",
            "blueprints",
            "blueprint",
            "sockets",
            "socket",
            "websocket",
            "websockets",
            "ws",
            "webhooks",
            "webhook",
            "controllers",
            "controller",
            head=True,
        ),
        synonyms=("routes", "routers", "api", "endpoints", "views", "handlers", "blueprints"),
    ),
    Category(
        "services",
        "Business logic and service layer",
        alternatives=("app_services",),
        words=_words(1, "service", "services", head=True),
        synonyms=("services", "service"),
    ),
    Category(
        "utils",
        "Utility functions and helpers",
        alternatives=("app_utils",),
        words=_words(1, "utils", "util", "helpers", "helper", "utilities", "common")
        + _words(2, "rate_limit", "rate_limits", "rate_limiter", "rate_limiting", "ratelimit", "ratelimiter")
        + _words(3, "logging_config", "log_config", "logging_setup", "logger", "logging", "log", "logs")
        + _words(3, "config", "configs", "configuration", "settings", "constants", "env")
        + _words(
            1,
            "exceptions",
            "errors",
            "validation",
            "validators",
            "cache",
            "caching",
            "telemetry",
            "metrics",
            "monitoring",
            "tracing",
        ),
        synonyms=("utils", "util", "helpers", "common"),
    ),
    Category("scripts", "Utility scripts", alternatives=("app_scripts",), synonyms=("scripts", "bin")),
    Category(
        "tests",
        "Test files",
        ("test_*.py", "*_test.py", "conftest.py", "tests.py"),
        alternatives=("app_tests",),
        synonyms=("tests", "test"),
    ),
)

#: First words of a runnable, unimported module's name that make it a utility script (``seed_db``,
#: ``list_models``, ``apply_migration_fix``) whatever its other words say.
SCRIPT_VERBS: frozenset[str] = frozenset(
    {
        "seed",
        "migrate",
        "apply",
        "check",
        "verify",
        "init",
        "initialize",
        "create",
        "list",
        "reset",
        "import",
        "export",
        "backfill",
        "fix",
        "update",
        "sync",
        "dump",
        "generate",
        "populate",
        "cleanup",
        "clean",
        "debug",
        "inspect",
        "show",
        "print",
        "download",
        "upload",
        "fetch",
        "scrape",
        "convert",
        "train",
        "evaluate",
        "eval",
        "benchmark",
        "bootstrap",
        "drop",
        "delete",
        "rebuild",
        "reindex",
        "load",
        "run",
        "test",
        "setup",
        "add",
        "remove",
    }
)

#: Last words of a runnable module's name that make it an application entry point, not a utility script
#: (``https_server.py``, ``status_server.py``, ``discord_bot.py``, ``desktop_main.py``).
ENTRY_WORDS: frozenset[str] = frozenset({"server", "app", "bot", "worker", "main", "cli", "daemon"})

#: Base classes of ORM and validation models: a name that only *contains* "model" (``model_sync.py``) names
#: data models only when the module defines classes on one of these.
ORM_BASES: frozenset[str] = frozenset(
    {"BaseModel", "SQLModel", "Base", "DeclarativeBase", "Model", "Schema", "Document", "Table"}
)

#: Name words of data loaders that are libraries only: a runnable module named so that no module imports is
#: the script that loads the data.
LIBRARY_ONLY_WORDS: frozenset[str] = frozenset({"ingest", "ingestion", "ingestor", "loader", "loaders"})

#: Words that carry no meaning of their own when deciding which files are siblings (``app_config``).
GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "app",
        "main",
        "base",
        "core",
        "common",
        "new",
        "old",
        "simple",
        "my",
        "the",
        "v1",
        "v2",
        "v3",
        "py",
        "lib",
        "manager",
        "client",
        "wrapper",
        "engine",
        "runtime",
        "server",
        "helper",
        "util",
        "data",
    }
)

#: Files that stay at the backend root: application entry points.
ENTRY_POINTS: frozenset[str] = frozenset(
    {"main.py", "app.py", "asgi.py", "wsgi.py", "manage.py", "server.py", "run.py", "bot.py", "start.py", "serve.py"}
)

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
            result[name] = Category(name, description, alternatives=(f"app_{name}",), synonyms=(name,))
    return result
