"""What module-level code says about a module: the objects it creates, the decorators of its functions.

This module is data, used by :mod:`classify`: calls that create an application object (the module is an entry
point), routers and route decorators (routes), agents and agent tools (agents), database engines and
sessions, vector store clients, authentication helpers.
"""

from __future__ import annotations

#: Module-level calls that create an application object: the module is the app's entry point.
APP_FACTORIES: frozenset[str] = frozenset(
    {
        "FastAPI",
        "Flask",
        "Quart",
        "Starlette",
        "Sanic",
        "Litestar",
        "Django",
        "Dispatcher",
        "Bot",
        "TeleBot",
        "AsyncTeleBot",
        "ApplicationBuilder",
        "Updater",
        "Client",
        "FastMCP",
        "Celery",
        "Blocks",
        "Interface",
        "ChatInterface",
        "Typer",
        "App",
        "AsyncApp",
        "Application",
        "Chalice",
        "Server",
    }
)
#: Libraries whose objects named in :data:`APP_FACTORIES` are apps (``Client``, ``App``, ``Server`` and
#: ``Application`` are too common a name to count without one of these imported).
APP_LIBRARIES: frozenset[str] = frozenset(
    {
        "fastapi",
        "flask",
        "quart",
        "starlette",
        "sanic",
        "litestar",
        "aiogram",
        "telebot",
        "telegram",
        "discord",
        "pyrogram",
        "telethon",
        "mcp",
        "fastmcp",
        "celery",
        "gradio",
        "typer",
        "slack_bolt",
        "aiohttp",
        "tornado",
        "chalice",
        "socketio",
        "streamlit",
        "chainlit",
    }
)

#: Decorators (their last part) of route and event handlers: ``@router.get``, ``@bp.route``, ``@sio.on``.
ROUTE_DECORATORS: frozenset[str] = frozenset(
    {
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "route",
        "websocket",
        "api_route",
        "on",
        "event",
        "on_event",
        "message",
        "callback_query",
        "message_handler",
        "callback_query_handler",
        "command",
        "inline_query",
    }
)
#: Module-level objects (their callee's last part) that make a module a routes module.
ROUTERS: frozenset[str] = frozenset({"APIRouter", "Blueprint", "Router", "Namespace", "RouteTableDef"})
#: Module-level objects and decorators that make a module an agents module.
AGENT_OBJECTS: frozenset[str] = frozenset(
    {
        "Agent",
        "LlmAgent",
        "AssistantAgent",
        "ConversableAgent",
        "CodeAgent",
        "ToolCallingAgent",
        "create_react_agent",
        "initialize_agent",
        "Crew",
        "StateGraph",
    }
)
AGENT_DECORATORS: frozenset[str] = frozenset({"function_tool", "tool", "input_guardrail", "output_guardrail"})
#: Module-level objects that make a module the database layer.
DATABASE_OBJECTS: frozenset[str] = frozenset(
    {
        "create_engine",
        "create_async_engine",
        "sessionmaker",
        "async_sessionmaker",
        "scoped_session",
        "MongoClient",
        "AsyncIOMotorClient",
        "create_client",
        "Database",
    }
)
DATABASE_FUNCTIONS: frozenset[str] = frozenset(
    {"get_db", "get_db_session", "get_db_connection", "init_db", "create_tables", "get_engine"}
)
#: Module-level objects that make a module the vector store / data layer.
DATA_OBJECTS: frozenset[str] = frozenset(
    {"PersistentClient", "HttpClient", "EphemeralClient", "QdrantClient", "Pinecone", "IndexFlatL2", "Chroma", "FAISS"}
)
#: Functions and objects that make a module an authentication module.
AUTH_FUNCTIONS: frozenset[str] = frozenset(
    {
        "create_access_token",
        "verify_password",
        "hash_password",
        "get_password_hash",
        "decode_token",
        "decode_access_token",
        "verify_token",
        "get_current_user",
        "authenticate_user",
    }
)
AUTH_OBJECTS: frozenset[str] = frozenset({"OAuth2PasswordBearer", "HTTPBearer", "CryptContext", "APIKeyHeader"})
