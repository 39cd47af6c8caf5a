"""Deciding which package each top-level backend file belongs in, from strong signals only, with a reason.

Every file gets a list of :class:`Signal`\\ s in order of precedence; the first one decides, the next one with a
different outcome is the runner-up (``plan --explain FILE`` shows them all). The order:

1. configuration (``keep``, ``rules``);
2. files that must stay: symbolic links, files tools load by path, files that do not parse;
3. **entry points**, from evidence: launched by a Procfile, a Dockerfile ``CMD``, a compose ``command``,
   ``[project.scripts]`` or an app server or worker CLI (``uvicorn server:app``, ``celery -A tasks``,
   ``streamlit run app.py``), creating the application object (``FastAPI()``, ``Flask(__name__)``,
   ``Dispatcher()``, ``FastMCP()``, Streamlit calls at module level), named as one (``main.py``,
   ``server.py`` … or ``entry-points``), or a Streamlit/Gradio page: they stay where they are;
4. test files;
5. utility scripts: a runnable module that no module imports and whose name starts with a verb
   (``seed_db``, ``list_models``, ``apply_migration_fix``);
6. **name words**: any ``_``-separated word or phrase of the name (``document_ingestion`` → data,
   ``simple_rate_limiting`` → utils); "model" only names data models when the module defines some;
7. what the module **defines**: routers and route handlers, agents and agent tools, a ChatKit server or store,
   only data model classes, a service class, a database engine or session, a vector store client,
   authentication helpers;
8. a runnable module (``if __name__ == "__main__"``) that other modules import is an entry point too, never a
   script: it stays unless its name or what it defines placed it; a runnable module that no module imports is
   a script;
9. imports, only when decisive: the libraries of exactly one category that decide on their own (the Agents
   SDK, ChatKit, a vector database, a JWT library); ``redis``, ``sqlite3`` or ``pymongo`` never decide.

A file nothing matches stays where it is. Files sharing a stem with a classified sibling go with it
(:func:`follow_siblings`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal, NamedTuple

from ..categories import (
    ENTRY_WORDS,
    LIBRARY_ONLY_WORDS,
    MODEL_BASES,
    ORM_BASES,
    SCRIPT_VERBS,
    TOOLING_FILES,
    Category,
)
from ..model import Classification
from ..scan.config import Config
from ..scan.globs import name_patterns
from ..scan.index import FileIndex
from .code_signals import (
    AGENT_DECORATORS,
    AGENT_OBJECTS,
    APP_FACTORIES,
    APP_LIBRARIES,
    AUTH_FUNCTIONS,
    AUTH_OBJECTS,
    DATA_OBJECTS,
    DATABASE_FUNCTIONS,
    DATABASE_OBJECTS,
    ROUTE_DECORATORS,
    ROUTERS,
)

STDLIB = frozenset(sys.stdlib_module_names) | {"test"}
_CONFIG = "[tool.backend-organizer]"
#: Callees of module-level statements that make a module do its work when run (a script without a guard).
_SCRIPT_EFFECTS = frozenset({"print", "main", "run", "exit", "Fire", "<loop>"})
_AMBIGUOUS_APPS = frozenset({"Client", "App", "AsyncApp", "Application", "Server", "Interface", "Blocks", "Bot"})
_UI_LIBRARIES = frozenset({"streamlit", "gradio", "chainlit", "nicegui", "panel"})
_UI_WORDS = frozenset({"pg", "page", "pages", "ui", "screen", "screens", "dashboard", "tab", "tabs", "sidebar"})
#: Name words of data models that, as the whole name (``models.py``, ``schemas.py``), accept plain classes.
_MODEL_NAMES = frozenset({"models", "schemas", "schema", "entities", "dto", "dtos", "orm"})


@dataclass(frozen=True)
class FileFacts:
    """What classification needs to know about one file beyond its index."""

    path: str
    name: str
    index: FileIndex | None
    #: How many workspace modules other than tests import it.
    imported_by: int
    external_imports: frozenset[str]
    is_symlink: bool = False
    imported_by_tests: int = 0
    #: Commands that launch it: ``(file:line, command, started as a service)``.
    launched: tuple[tuple[str, str, bool], ...] = ()


#: The kinds of evidence a classification weighs (``config`` and ``fixed`` decide alone).
SignalKind = Literal["config", "fixed", "entry-point", "test", "defines", "imports", "name", "script", "runnable"]


class Signal(NamedTuple):
    """One piece of evidence: where it puts the file (``None``: it stays), what kind of evidence, and why."""

    category: str | None
    kind: SignalKind
    reason: str


def _match(name: str, patterns: Iterable[str]) -> str | None:
    for pattern in patterns:
        if fnmatchcase(name, pattern):
            return pattern
    return None


def _name_weight(category: Category, word: str) -> int:
    return next((weight for w, weight, _ in category.words if w == word), 0)


def name_words(stem: str) -> list[str]:
    """``simple_rate_limiting_v2`` → ``["simple", "rate", "limiting"]`` (versions and numbers dropped). Case
    matters, as on most file systems: ``Models.py`` is not named like ``models.py``."""
    words = [w for w in stem.split("_") if w]
    while words and (words[-1].isdigit() or (words[-1][:1] == "v" and words[-1][1:].isdigit())):
        words.pop()
    return words


def name_category(stem: str, categories: Mapping[str, Category]) -> tuple[str, str] | None:
    """The category the words of a file name point at, and the word (the heaviest; the later one on a tie)."""
    words = name_words(stem)
    present = set(words)
    best: tuple[int, int, int, str, str] | None = None
    for order, category in enumerate(categories.values()):
        for word, weight, head in category.words:
            if word.partition("_")[0] not in present:
                continue  # cannot match anywhere in the name
            parts = word.split("_")
            for start in range(len(words) - len(parts) + 1):
                if words[start : start + len(parts)] != parts:
                    continue
                end = start + len(parts)
                if head and end != len(words):
                    continue
                key = (weight, end, -order, category.name, word)
                if best is None or key[:3] > best[:3]:
                    best = key
    return (best[3], best[4]) if best else None


def _is_model_class(bases: tuple[str, ...], decorators: tuple[str, ...]) -> bool:
    return any(b.rsplit(".", 1)[-1] in MODEL_BASES for b in bases) or any(
        d.rsplit(".", 1)[-1] == "dataclass" for d in decorators
    )


def _model_classes(index: FileIndex) -> list[str]:
    return [c.name for c in index.classes if _is_model_class(c.bases, c.decorators)]


def _creates(index: FileIndex, names: frozenset[str]) -> list[str]:
    """Module-level objects created by calls to one of ``names`` (matched on any part of the callee)."""
    return [callee for _, callee in index.top_calls if any(part in names for part in callee.split("."))]


def _runnable(facts: FileFacts) -> str | None:
    index = facts.index
    if index is None:
        return None
    if index.main_block:
        return 'runs as a script (if __name__ == "__main__")'
    effects = [e for e in index.top_effects if e.rsplit(".", 1)[-1] in _SCRIPT_EFFECTS]
    if effects:
        return f"runs as a script (calls {effects[0]}() at module level)"
    if any(not service for _, _, service in facts.launched):
        where, command, _ = next(launch for launch in facts.launched if not launch[2])
        return f"runs as a script ({where}: `{command}`)"
    return None


def _app_object(facts: FileFacts) -> str | None:
    index = facts.index
    if index is None:
        return None
    for callee in _creates(index, APP_FACTORIES):
        name = next(part for part in callee.split(".") if part in APP_FACTORIES)
        if name in _AMBIGUOUS_APPS and not facts.external_imports & APP_LIBRARIES:
            continue
        return f"creates the application object ({callee}())"
    if "streamlit" in facts.external_imports and any(e.split(".")[0] in {"st", "streamlit"} for e in index.top_effects):
        return "is a Streamlit app (calls st.* at module level)"
    return None


def _entry_point(facts: FileFacts, config: Config) -> str | None:
    services = [(where, command) for where, command, service in facts.launched if service]
    if services:
        where, command = services[0]
        return f"entry point: {where} launches it (`{command}`)"
    app = _app_object(facts)
    if app:
        return f"entry point: it {app}"
    if facts.name in config.entry_points:
        return f"entry point ({facts.name})"
    return _ui_module(facts)


def _is_tool_file(facts: FileFacts) -> bool:
    """``tasks.py`` is invoke's only when it imports invoke (Celery and CrewAI modules are called so too)."""
    if facts.name == "tasks.py":
        return "invoke" in facts.external_imports
    return True


def _runnable_app(facts: FileFacts, runnable: str | None) -> str | None:
    """A runnable module named like an application (``https_server.py``, ``discord_bot.py``)."""
    words = name_words(facts.name[:-3])
    if runnable and words and words[-1] in ENTRY_WORDS and len(words) > 1:
        how = runnable.removeprefix("runs as a script ")
        return f"entry point: it runs as a script {how} and is named like an application ({words[-1]!r})"
    return None


def _runnable_library(facts: FileFacts) -> str | None:
    """A module that runs as a script and that other modules import: an entry point unless its name places it."""
    index = facts.index
    if index is not None and index.main_block and facts.imported_by:
        return 'entry point: it runs as a script (if __name__ == "__main__") and other modules import it'
    return None


def _ui_module(facts: FileFacts) -> str | None:
    """A page or screen of a Streamlit or Gradio app (``pg_agents.py``, ``settings_page.py``): UI code that
    stays with the app, whatever its other words say."""
    if not facts.external_imports & _UI_LIBRARIES:
        return None
    words = set(name_words(facts.name[:-3]))
    if words & _UI_WORDS:
        library = sorted(facts.external_imports & _UI_LIBRARIES)[0]
        return f"a {library} page of the app (its name says {sorted(words & _UI_WORDS)[0]!r})"
    return None


def _definitions(facts: FileFacts, categories: Mapping[str, Category]) -> list[Signal]:
    """What the module defines, strongest first (a category only when it is configured)."""
    index = facts.index
    if index is None:
        return []
    found: list[Signal] = []

    def add(category: str, reason: str) -> None:
        if category in categories and not any(s.category == category for s in found):
            found.append(Signal(category, "defines", reason))

    routers = _creates(index, ROUTERS)
    if routers and not (routers == ["Router"] and "aiogram" not in facts.external_imports):
        add("routes", f"defines a router ({routers[0]}())")
    handlers = [(fn, d) for fn, d in index.function_decorators if "." in d and d.rsplit(".", 1)[-1] in ROUTE_DECORATORS]
    if handlers:
        add("routes", f"defines route handlers (@{handlers[0][1]} on {handlers[0][0]})")
    agents = _creates(index, AGENT_OBJECTS)
    if agents:
        add("agents", f"defines an agent ({agents[0]}(…))")
    agent_classes = [c.name for c in index.classes if any(b.rsplit(".", 1)[-1].endswith("Agent") for b in c.bases)]
    if agent_classes:
        add("agents", f"defines the agent class {agent_classes[0]}")
    tools = [(fn, d) for fn, d in index.function_decorators if d in AGENT_DECORATORS or d.endswith(".function_tool")]
    if tools:
        add("agents", f"defines agent tools (@{tools[0][1]} on {tools[0][0]})")
    chatkit = [
        c.name
        for c in index.classes
        if any(b.rsplit(".", 1)[-1] == "ChatKitServer" for b in c.bases)
        or ("chatkit" in facts.external_imports and any(b.rsplit(".", 1)[-1] == "Store" for b in c.bases))
    ]
    if chatkit:
        add("chatkit", f"defines the ChatKit class {chatkit[0]}")
    models = _model_classes(index)
    weighty = agents or routers or _creates(index, DATABASE_OBJECTS) or _creates(index, APP_FACTORIES)
    if models and len(models) == len(index.classes) and len(index.functions) <= len(models) and not weighty:
        shown = ", ".join(models[:3]) + ("…" if len(models) > 3 else "")
        add("models", f"defines only data model classes ({shown})")
    services = [c.name for c in index.classes if c.name.endswith("Service")]
    if services:
        add("services", f"defines the service class {services[0]}")
    database = _creates(index, DATABASE_OBJECTS)
    db_functions = [f for f in index.functions if f in DATABASE_FUNCTIONS]
    if database:
        add("database", f"creates the database connection ({database[0]}(…))")
    elif db_functions:
        add("database", f"defines {db_functions[0]}()")
    data = _creates(index, DATA_OBJECTS)
    if data:
        add("data", f"creates a vector store client ({data[0]}(…))")
    auth = [f for f in index.functions if f in AUTH_FUNCTIONS] + _creates(index, AUTH_OBJECTS)
    if auth:
        add("auth", f"defines {auth[0]}")
    return found


def _decisive_imports(facts: FileFacts, categories: Mapping[str, Category]) -> Signal | None:
    hits = {
        c.name: sorted(facts.external_imports & c.libraries)
        for c in categories.values()
        if facts.external_imports & c.libraries
    }
    if not hits:
        return None
    if len(hits) > 1:
        described = "; ".join(f"{', '.join(libs)} ({cat})" for cat, libs in hits.items())
        return Signal(None, "imports", f"ambiguous: imports {described}; add a rule under {_CONFIG} rules to choose")
    (category, libs), *_ = hits.items()
    return Signal(category, "imports", f"imports {', '.join(libs)}: {categories[category].description}")


def signals(facts: FileFacts, config: Config, categories: Mapping[str, Category]) -> list[Signal]:
    """Every signal for one top-level backend file, in order of precedence (the first one decides)."""
    name = facts.name
    stem = name[:-3] if name.endswith(".py") else name
    found: list[Signal] = []
    kept = _match(name, config.keep)
    if kept:
        found.append(Signal(None, "config", f"kept in place by {_CONFIG} keep = {kept!r}"))
    for pattern, target in config.rules:
        if fnmatchcase(name, pattern):
            found.append(Signal(target, "config", f"{_CONFIG} rule {pattern!r} → {target}"))
            break
    if facts.is_symlink:
        found.append(Signal(None, "fixed", "is a symbolic link; moving it would change its target"))
    if name == "__init__.py":
        found.append(Signal(None, "fixed", "the package's own __init__.py; it stays with its package"))
    elif name in TOOLING_FILES and _is_tool_file(facts):
        found.append(Signal(None, "fixed", f"{name} is loaded by path by its tool; it stays"))
    if facts.index is None:
        found.append(Signal(None, "fixed", "cannot be parsed; left where it is"))
        return found
    entry = _entry_point(facts, config)
    if entry:
        found.append(Signal(None, "entry-point", f"{entry}: stays at the root so its run commands keep working"))
    tests = categories.get("tests")
    test_pattern = name_patterns(tests.patterns).first(name) if tests is not None else None
    if test_pattern:
        found.append(Signal("tests", "test", f"test file (name matches {test_pattern})"))
    runnable = _runnable(facts)
    app = _runnable_app(facts, runnable) if not entry else None
    if app:
        found.append(Signal(None, "entry-point", f"{app}: stays at the root so its run commands keep working"))
    unimported = facts.imported_by == 0
    tested = f" (only tests import it: {facts.imported_by_tests})" if facts.imported_by_tests else ""
    words = name_words(stem)
    named = name_category(stem, categories)
    if runnable and unimported and words and "scripts" in categories:
        if words[0] in SCRIPT_VERBS:
            found.append(
                Signal(
                    "scripts",
                    "script",
                    f"{runnable}, no module imports it{tested}, and its name starts with the verb "
                    f"{words[0]!r}: a utility script",
                )
            )
        elif named is not None and named[1] in LIBRARY_ONLY_WORDS:
            found.append(
                Signal(
                    "scripts",
                    "script",
                    f"named like a data loader ({named[1]!r}) but it {runnable.removeprefix('runs ')} "
                    f"and no module imports it{tested}",
                )
            )
    weak_name: Signal | None = None
    if named is not None:
        category, word = named
        if _name_weight(categories[category], word) <= 1:
            weak_name = Signal(category, "name", f"name word {word!r}: {categories[category].description}")
        elif category == "models" and not _names_data_models(facts, categories, whole=words == [word]):
            found.append(
                Signal(
                    None,
                    "name",
                    f"its name says {word!r}, but it defines no data model classes (an AI or ML "
                    "model, not a data model), so the name does not decide",
                )
            )
        else:
            found.append(Signal(category, "name", f"name word {word!r}: {categories[category].description}"))
    found.extend(_definitions(facts, categories))
    if weak_name is not None:  # a generic word (service, helpers, search) only decides when nothing is defined
        found.append(weak_name)
    library = _runnable_library(facts)
    if library:  # never a script; it stays unless its name or what it defines placed it above
        found.append(Signal(None, "entry-point", f"{library}: stays at the root so its run commands keep working"))
    if runnable and unimported and "scripts" in categories:
        found.append(Signal("scripts", "runnable", f"{runnable} and no module imports it{tested}"))
    decisive = _decisive_imports(facts, categories)
    if decisive is not None:
        found.append(decisive)
    return found


def _names_data_models(facts: FileFacts, categories: Mapping[str, Category], whole: bool) -> bool:
    """Whether a file named like models holds data models: it defines model classes (pydantic, SQLAlchemy,
    dataclasses …), or, named just ``models.py``/``schemas.py``, plain classes without importing an AI library,
    or nothing at all. ``model.py`` setting up an LLM client, ``model_sync.py`` or ``list_models.py`` printing
    the models an API offers do not."""
    index = facts.index
    assert index is not None
    if not whole:  # model_sync.py, user_model.py: only ORM or validation models count
        return any(b.rsplit(".", 1)[-1] in ORM_BASES for c in index.classes for b in c.bases)
    if _model_classes(index):
        return True
    agents = categories.get("agents")
    if agents is not None and facts.external_imports & agents.libraries:
        return False
    if index.classes:
        return whole and facts.name[:-3].lower() in _MODEL_NAMES
    return not index.functions and not index.top_calls


NO_RULE = "no rule matched: its name fits no category and what it defines and imports point at none"


#: How the reason of a file that no rule placed ends (the plan lists those files together).
UNPLACED_HINT = f"add a rule under {_CONFIG} rules to move it"


def _deciding(found: list[Signal]) -> list[Signal]:
    return [s for s in found if s.category is not None or s.kind in {"config", "fixed", "entry-point", "imports"}]


def decided_by(found: list[Signal]) -> str:
    """The kind of the signal that decides (``name``, ``defines`` …), ``""`` when none does."""
    deciding = _deciding(found)
    return deciding[0].kind if deciding else ""


def decide_signals(path: str, found: list[Signal]) -> Classification:
    """The classification the signals give: the first one, the next different one as runner-up."""
    deciding = _deciding(found)
    if not deciding:
        names = [s for s in found if s.kind == "name"]
        reason = f"{names[0].reason}; {UNPLACED_HINT}" if names else f"{NO_RULE}; {UNPLACED_HINT}"
        return Classification(path, None, None, reason)
    winner = deciding[0]
    runner = next((s for s in found if s is not winner and s.category != winner.category), None)
    return Classification(path, winner.category, None, winner.reason, runner.reason if runner else "")


def classify_file(facts: FileFacts, config: Config, categories: Mapping[str, Category]) -> Classification:
    """Classify one top-level backend file."""
    return decide_signals(facts.path, signals(facts, config, categories))
