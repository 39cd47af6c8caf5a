"""Deterministic generator of realistic flat Python backends for the benchmark (issue 6).

``generate(folder, n, seed)`` writes ``n`` Python files into ``folder`` (one flat folder, everything
importing everything else by bare module name), plus ``README.md``, ``Makefile``, ``pytest.ini``,
``requirements.txt`` and ``.gitignore``, and (by default) commits it all to a fresh git repository, as a
real project would be.

What is in it, all from a seeded ``random.Random`` (same ``n`` and seed → byte-identical files):

* library modules of 150-300 lines named for the engine's categories (``agent_<x>.py``, ``<x>_agent.py``,
  ``database_<x>.py``, ``crud_<x>.py``, ``<x>_repository.py``, ``db_<x>.py``, ``<x>_models.py``,
  ``schemas_<x>.py``, ``<x>_service.py``, ``<x>_utils.py``, ``helpers_<x>.py``, ``vector_store_<x>.py``,
  ``embeddings_<x>.py``, ``retriever_<x>.py``, ``auth_<x>.py``, ``chatkit_<x>.py``), a few with names no
  category matches (they stay at the root), and hub modules with a package's own name (``database.py``,
  ``models.py``, ``utils.py``, ``auth.py`` …) that many others import;
* each library module imports 3-8 others with a mix of every import form the engine handles: ``import m``,
  ``import m as alias``, ``import a, b``, ``from m import a, b``, parenthesised multi-line ``from`` imports,
  ``from m import *`` (of modules with ``__all__``), function-level imports, ``try/except ImportError`` and
  ``if TYPE_CHECKING:`` imports with string annotations. Module-level imports follow a random rank order, so
  the module-level import graph is acyclic and every module really imports; function-level and
  ``TYPE_CHECKING`` imports go in any direction;
* ~3 % test files (``test_<module>.py``) using ``mock.patch("<module>.<attr>")`` (context manager and
  decorator), ``monkeypatch.setattr("<module>.<attr>", …)``, ``importlib.import_module("<module>")`` and
  ``sys.modules["<module>"]``, plus a ``conftest.py`` fixture;
* a few scripts (``seed_<x>.py``, ``export_<x>.py`` … with ``if __name__ == "__main__":``), run from the
  Makefile (``$(PYTHON) seed_<x>.py``), named in the README and launched from ``main.py`` with
  ``subprocess.run([sys.executable, "seed_<x>.py"])``;
* ``main.py``, the entry point; ~5 % of modules compute paths from ``__file__``.

Only the standard library is used, so the backend imports and its tests run in any Python 3.11+.

Run ``python -m benchmarks.generate OUT --n 50 --verify`` to generate and check that every module imports,
``main.py`` and every script run, and the tests pass.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20240601


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    """
invoice order customer payment shipment product catalog inventory cart coupon refund ledger account
profile message ticket report metric billing subscription notification webhook document upload image
audio video summary prompt feedback review rating comment post feed booking reservation room venue
flight trip route vehicle driver warehouse supplier vendor contract quote estimate budget expense
tax currency wallet transfer deposit loan credit campaign lead contact company member invite project
task sprint milestone release pipeline job reminder alert incident survey answer question quiz
course lesson student teacher grade patient doctor visit prescription claim recipe ingredient menu
restaurant delivery courier parcel barcode asset license device sensor reading firmware region
country city address geocode weather forecast article author publisher chapter playlist track artist
album podcast episode channel clip sticker badge reward loyalty referral affiliate partner
opportunity segment cohort experiment variant quota usage tier seat workspace folder note snippet
favorite bookmark attachment avatar banner sponsor donation pledge auction bid lot listing
"""
)

QUALIFIERS = _words(
    """
daily bulk remote local cached legacy admin public internal mobile web batch nightly realtime draft
archived shared guest premium trial regional global pending scheduled recurring manual smart quick
primary backup external bundle custom linked merged offline online priority raw sandbox staged
tenant vip weekly monthly
"""
)

# (category, weight, name templates); the engine's DEFAULT_CATEGORIES decides where each name goes.
TEMPLATES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("agents", 10, ("agent_{x}", "{x}_agent")),
    ("auth", 3, ("auth_{x}",)),
    ("chatkit", 1, ("chatkit_{x}",)),
    ("data", 8, ("vector_store_{x}", "embeddings_{x}", "retriever_{x}")),
    ("database", 18, ("database_{x}", "crud_{x}", "{x}_repository", "db_{x}")),
    ("models", 16, ("{x}_models", "schemas_{x}", "models_{x}")),
    ("services", 18, ("{x}_service",)),
    ("utils", 12, ("{x}_utils", "helpers_{x}")),
    ("root", 3, ("{x}_rules", "{x}_workflow", "{x}_pricing")),
)

# Modules whose name is a category's own (database.py → database/database.py): the hubs everybody imports.
HUBS: tuple[tuple[str, str], ...] = (
    ("database", "database"),
    ("models", "models"),
    ("schemas", "models"),
    ("agent", "agents"),
    ("auth", "auth"),
    ("utils", "utils"),
    ("helpers", "utils"),
    ("config", "utils"),
    ("embeddings", "data"),
)

SCRIPT_VERBS = ("seed", "export", "backfill", "migrate", "reindex", "cleanup", "import", "sync")

LEAF_VERBS = {
    "agents": "plan route decide rank reflect critique",
    "auth": "hash verify sign check scope issue",
    "chatkit": "render parse wrap encode",
    "data": "embed chunk index tokenize score vectorize",
    "database": "fetch insert update delete count select upsert",
    "models": "validate serialize coerce describe compare build",
    "services": "compute prepare reconcile estimate apply enrich",
    "utils": "format normalize slugify parse clamp truncate",
    "root": "evaluate resolve match weigh",
}
GENERIC_LEAF_VERBS = ["transform", "inspect", "merge", "split", "group", "measure", "label", "tally"]
COMPOSITE_VERBS = {
    "agents": "run handle respond",
    "services": "process execute orchestrate",
    "database": "load store migrate",
    "data": "ingest refresh query",
}
GENERIC_COMPOSITE_VERBS = ["assemble", "collect", "gather", "combine", "prepare_all", "finalize"]
CLASS_SUFFIXES = {
    "agents": ("Agent", "Memory"),
    "auth": ("Credentials", "Guard"),
    "chatkit": ("Widget", "Event"),
    "data": ("Store", "Chunk"),
    "database": ("Record", "Repository"),
    "models": ("Model", "Schema"),
    "services": ("Service", "Result"),
    "utils": ("Formatter", "Timer"),
    "root": ("Rule", "Policy"),
}
ALIAS_SUFFIXES = ("mod", "lib", "api", "ops")

# Import forms and their weights. "module-level" forms need the imported module to rank lower.
MODULE_LEVEL_FORMS = (
    ("import", 24),
    ("import_as", 10),
    ("from", 24),
    ("from_paren", 10),
    ("try_from", 4),
    ("try_import", 3),
    ("star", 1),
)
ANYWHERE_FORMS = (("func_from", 8), ("func_import", 5), ("tc_from", 5), ("tc_import", 2))


@dataclass
class Module:
    name: str
    category: str  # engine category it should land in, "root" (stays), "tests", "scripts" or "entry"
    x: str
    rank: int = 0
    hub: bool = False
    constants: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    leaves: list[str] = field(default_factory=list)
    has_all: bool = False
    future: bool = False
    uses_file: bool = False
    target_lines: int = 200
    # filled while rendering: composite name → [(form, dep, attr)] for the tests
    composites: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def upper(self) -> str:
        return self.x.upper()

    @property
    def camel(self) -> str:
        return "".join(p.capitalize() for p in self.x.split("_"))

    @property
    def exported(self) -> list[str]:
        return [*self.leaves, *self.classes, *self.constants, *self.composites]


# -- code templates (``@token@`` placeholders) -----------------------------------------------------------

LEAF_TEMPLATES = (
    '''def @name@(value, options=None):
    """Normalise a @xh@ payload into a flat, lower-case dictionary."""
    options = dict(options or {})
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: str(item[0]))
    elif isinstance(value, (list, tuple)):
        items = list(enumerate(value))
    else:
        items = [("value", value)]
    result = {}
    for key, item in items:
        key = str(key).strip().lower()
        if not key:
            continue
        result[key] = item if item is not None else options.get("default")
    result["kind"] = @PREFIX@
    return result
''',
    '''def @name@(value, options=None):
    """Render a @xh@ value as a short, stable label."""
    options = dict(options or {})
    prefix = options.get("prefix", @PREFIX@)
    text = str(value).strip()
    if len(text) > @LIMIT@:
        text = text[:@LIMIT@] + "..."
    words = [word.capitalize() for word in text.replace("_", " ").split()]
    label = " ".join(words) or "empty"
    return f"{prefix}:{label}"
''',
    '''def @name@(value, options=None):
    """Score a @xh@ value between 0 and 1 (deterministic, no I/O)."""
    options = dict(options or {})
    text = repr(value)
    total = 0
    for position, char in enumerate(text):
        total += (position + 1) * ord(char)
    weight = float(options.get("weight", 1.0))
    score = (total % 1000) / 1000.0 * weight
    return round(min(max(score, 0.0), 1.0), 4)
''',
    '''def @name@(value, options=None):
    """Split a @xh@ value into unique tokens, keeping their first-seen order."""
    options = dict(options or {})
    if isinstance(value, (list, tuple, set)):
        raw = [str(item) for item in value]
    else:
        raw = str(value).replace(",", " ").split()
    seen = set()
    tokens = []
    for token in raw:
        token = token.strip().lower()
        if token and token not in seen:
            seen.add(token)
            tokens.append(token)
    limit = int(options.get("limit", @LIMIT@))
    return tokens[:limit]
''',
    '''def @name@(value, options=None):
    """Build a stable identifier for a @xh@ value."""
    options = dict(options or {})
    payload = json.dumps(value, sort_keys=True, default=str)
    digest = 0
    for char in payload:
        digest = (digest * 31 + ord(char)) % 1_000_000_007
    namespace = options.get("namespace", @PREFIX@)
    return f"{namespace}-{digest:010d}"
''',
    '''def @name@(value, options=None):
    """Group a @xh@ value into batches of at most @RETRIES@ items."""
    options = dict(options or {})
    size = max(1, int(options.get("size", @RETRIES@)))
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    batches = []
    for start in range(0, len(items), size):
        batch = items[start : start + size]
        batches.append({"start": start, "items": batch, "size": len(batch)})
    logger.debug("batched %d @xh@ items into %d batches", len(items), len(batches))
    return batches
''',
    '''def @name@(value, options=None):
    """Keep only the known @xh@ fields of a mapping (other values pass through as-is)."""
    options = dict(options or {})
    if not isinstance(value, dict):
        return value
    allowed = set(options.get("fields", @FIELDS@))
    kept = {key: item for key, item in value.items() if key in allowed}
    missing = sorted(allowed - set(kept))
    if missing and options.get("strict"):
        logger.warning("@xh@ payload is missing %s", ", ".join(missing))
    kept["missing"] = missing
    return kept
''',
)

PLAIN_CLASS = '''class @Class@:
    """@Doc@"""

    def __init__(self, value=None, options=None):
        self.value = value
        self.options = dict(options or {})
        self.attempts = 0

    def describe(self):
        """A one-line description used in logs."""
        return f"@Class@({self.value!r})"

    def to_dict(self):
        """Plain-data view of this object."""
        return {"value": self.value, "options": dict(self.options), "kind": @PREFIX@}

    def retry(self):
        """Count one more attempt; False once the retry budget is spent."""
        self.attempts += 1
        return self.attempts <= @RETRIES@

    def __repr__(self):
        return self.describe()
'''

DATA_CLASS = '''@dataclass
class @Class@:
    """@Doc@"""

    value: object = None
    label: str = @PREFIX@
    tags: list = field(default_factory=list)

    def describe(self):
        """A one-line description used in logs."""
        return f"@Class@({self.value!r}, {self.label!r})"

    def to_dict(self):
        """Plain-data view of this object."""
        return {"value": self.value, "label": self.label, "tags": list(self.tags)}

    def with_tag(self, tag):
        """A copy with one more tag."""
        return @Class@(self.value, self.label, [*self.tags, str(tag)])
'''

CLASS_DOCS = (
    "In-memory @xh@ state with a small retry budget.",
    "Wraps one @xh@ value for the layers above.",
    "The @xh@ object handed between modules.",
    "Holds a @xh@ value and the options it was created with.",
)

MODULE_DOCS = {
    "agents": "Agent logic for @xh@: decide what to do next and call the right services.",
    "auth": "Authentication helpers for @xh@: tokens, scopes and checks.",
    "chatkit": "ChatKit adapter for @xh@ conversations.",
    "data": "Retrieval data for @xh@: chunking, embeddings and the vector index.",
    "database": "Storage of @xh@ rows and the queries the API needs.",
    "models": "Data models and schemas for @xh@.",
    "services": "Business logic around @xh@.",
    "utils": "Small helpers for @xh@ values.",
    "root": "Rules and pricing of @xh@ (no category fits this module).",
}


def _fill(template: str, mod: Module, **extra: str) -> list[str]:
    text = (
        template.replace("@PREFIX@", f"{mod.upper}_PREFIX")
        .replace("@LIMIT@", f"{mod.upper}_LIMIT")
        .replace("@RETRIES@", f"DEFAULT_{mod.upper}_RETRIES")
        .replace("@FIELDS@", f"{mod.upper}_FIELDS")
        .replace("@xh@", mod.x.replace("_", " "))
        .replace("@x@", mod.x)
    )
    for key, value in extra.items():
        text = text.replace(f"@{key}@", value)
    return text.rstrip("\n").split("\n")


# -- planning the backend ---------------------------------------------------------------------------------


def _engine_name_category():
    """The engine's file-name rule (``name → category`` by name words), or None without the engine."""
    try:
        from backend_organizer.core.categories import DEFAULT_CATEGORIES
        from backend_organizer.core.decide.classify import name_category
    except ImportError:  # the generator works without the engine; the check is only a safety net
        return None
    categories = {c.name: c for c in DEFAULT_CATEGORIES if c.name != "scripts"}
    return lambda stem: (name_category(stem, categories) or ("root", ""))[0]


_ENGINE_NAME_CATEGORY = _engine_name_category()


def _name_fits(name: str, category: str) -> bool:
    """Whether the engine's name words put ``name.py`` in ``category`` ("root": in none)."""
    if _ENGINE_NAME_CATEGORY is None:
        return True
    return _ENGINE_NAME_CATEGORY(name) == category


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_x: set[str] = set()
        self.used_names: set[str] = set()

    def x(self) -> str:
        for _ in range(1000):
            noun = self.rng.choice(NOUNS)
            x = noun if noun not in self.used_x and self.rng.random() < 0.5 else f"{self.rng.choice(QUALIFIERS)}_{noun}"
            if x not in self.used_x:
                self.used_x.add(x)
                return x
        raise RuntimeError("ran out of names")


def plan_backend(n: int, seed: int) -> tuple[list[Module], random.Random]:
    """Decide every module: name, category, rank and exported names."""
    rng = random.Random(f"{seed}:{n}")
    names = _Names(rng)
    n_tests = max(2, round(n * 0.03))
    n_scripts = max(2, min(20, n // 50))
    hubs = HUBS[: max(3, min(len(HUBS), n // 6))]
    n_library = n - 2 - n_tests - n_scripts - len(hubs)  # main.py and conftest.py
    if n_library < 3:
        raise ValueError(f"n={n} is too small; use at least 20")

    library: list[Module] = []
    for stem, category in hubs:
        names.used_x.add(stem)
        library.append(Module(stem, category, stem, hub=True))
    weights = [w for _, w, _ in TEMPLATES]
    for _ in range(n_library):
        for _attempt in range(100):
            category, _, templates = rng.choices(TEMPLATES, weights)[0]
            x = names.x()
            name = rng.choice(templates).format(x=x)
            if name not in names.used_names and _name_fits(name, category):
                break
        else:
            raise RuntimeError("could not find a fitting module name")
        names.used_names.add(name)
        library.append(Module(name, category, x))
    for mod in library:
        names.used_names.add(mod.name)

    # Rank: a layered order (models/utils low, services/agents high) with noise; imports go downwards.
    layer = {
        "models": 0.0,
        "utils": 0.0,
        "auth": 0.8,
        "database": 1.0,
        "data": 1.2,
        "root": 1.5,
        "chatkit": 2.0,
        "services": 2.0,
        "agents": 2.5,
    }
    keyed = sorted(library, key=lambda m: (layer[m.category] - (1.5 if m.hub else 0.0)) + rng.random() * 1.6)
    for rank, mod in enumerate(keyed):
        mod.rank = rank
    for mod in library:
        verbs = LEAF_VERBS[mod.category].split() + GENERIC_LEAF_VERBS
        rng.shuffle(verbs)
        mod.leaves = [f"{v}_{mod.x}" for v in verbs[: rng.randint(4, 7)]]
        suffixes = CLASS_SUFFIXES[mod.category]
        mod.classes = [f"{mod.camel}{s}" for s in suffixes[: rng.randint(1, 2)]]
        mod.constants = [
            f"{mod.upper}_PREFIX",
            f"{mod.upper}_LIMIT",
            f"DEFAULT_{mod.upper}_RETRIES",
            f"{mod.upper}_FIELDS",
        ]
        mod.has_all = rng.random() < 0.35
        mod.future = rng.random() < 0.3
        mod.uses_file = rng.random() < 0.05
        mod.target_lines = rng.randint(155, 270)

    scripts: list[Module] = []
    for i in range(n_scripts):
        x = names.x()
        name = f"{SCRIPT_VERBS[i % len(SCRIPT_VERBS)]}_{x}"
        names.used_names.add(name)
        scripts.append(Module(name, "scripts", x, rank=10**9, target_lines=rng.randint(150, 200)))
    tested = rng.sample(library, min(n_tests, len(library)))
    tests = [Module(f"test_{m.name}", "tests", m.x, rank=10**9, target_lines=rng.randint(150, 220)) for m in tested]
    main = Module("main", "entry", "app", rank=10**9, target_lines=rng.randint(150, 220))
    return [*library, *scripts, *tests, main], rng


# -- rendering ------------------------------------------------------------------------------------------


@dataclass
class _Import:
    form: str
    dep: Module
    attrs: list[str]  # names used from the module (from-forms) or attributes used (module forms)
    alias: str | None = None


class _Renderer:
    def __init__(self, modules: list[Module], rng: random.Random):
        self.rng = rng
        self.library = sorted(
            (m for m in modules if m.category not in {"scripts", "tests", "entry"}), key=lambda m: m.rank
        )
        self.hubs = [m for m in self.library if m.hub]
        self.by_name = {m.name: m for m in modules}

    # choosing dependencies -----------------------------------------------------------------------------

    def _pick_deps(self, mod: Module, k: int, any_rank: bool) -> list[tuple[Module, bool]]:
        """``k`` distinct dependencies, each with whether a module-level import of it is allowed."""
        rng = self.rng
        lower = self.library if any_rank else self.library[: mod.rank]
        chosen: dict[str, tuple[Module, bool]] = {}
        attempts = 0
        while len(chosen) < k and attempts < k * 20:
            attempts += 1
            if lower and rng.random() < 0.85:
                lower_hubs = [h for h in self.hubs if any_rank or h.rank < mod.rank]
                if lower_hubs and rng.random() < 0.2:
                    dep = rng.choice(lower_hubs)
                elif not any_rank and rng.random() < 0.5:
                    # locality: modules close in rank are related
                    dep = lower[max(0, len(lower) - 1 - int(rng.expovariate(1 / 25)))]
                else:
                    dep = rng.choice(lower)
                module_level = True
            else:
                dep = rng.choice(self.library)
                module_level = any_rank or dep.rank < mod.rank
            if dep is mod or dep.name in chosen:
                continue
            chosen[dep.name] = (dep, module_level)
        return list(chosen.values())

    def _plan_imports(
        self, mod: Module, k: int, any_rank: bool = False, forms_only: tuple | None = None
    ) -> list[_Import]:
        rng = self.rng
        imports: list[_Import] = []
        bound: set[str] = set()
        for dep, module_level in self._pick_deps(mod, k, any_rank):
            table = forms_only or ((*MODULE_LEVEL_FORMS, *ANYWHERE_FORMS) if module_level else ANYWHERE_FORMS)
            form = rng.choices([f for f, _ in table], [w for _, w in table])[0]
            if form == "star" and not dep.has_all:
                form = "from"
            if form.startswith("tc") and not dep.classes:
                form = "func_from"
            if form in {"from", "from_paren", "try_from", "func_from"}:
                pool = (
                    [*dep.leaves] if form in {"try_from", "func_from"} else [*dep.leaves, *dep.classes, *dep.constants]
                )
                count = (
                    1
                    if form in {"try_from", "func_from"}
                    else rng.randint(2 if form == "from_paren" else 1, 4 if form == "from_paren" else 3)
                )
                attrs = rng.sample(pool, min(count, len(pool)))
                if form in {"from", "from_paren"} and not any(a in dep.leaves for a in attrs):
                    attrs[0] = rng.choice(dep.leaves)
                imports.append(_Import(form, dep, attrs))
            elif form == "star":
                imports.append(_Import(form, dep, [rng.choice(dep.leaves)]))
            elif form in {"tc_from", "tc_import"}:
                imports.append(_Import(form, dep, [rng.choice(dep.classes)]))
            else:
                alias = None
                if form == "import_as":
                    alias = f"{dep.x}_{rng.choice(ALIAS_SUFFIXES)}"
                    if alias in bound:
                        form, alias = "import", None
                attrs = rng.sample(dep.leaves, rng.randint(1, 2))
                if rng.random() < 0.3:
                    attrs.append(f"{dep.upper}_LIMIT")
                imports.append(_Import(form, dep, attrs, alias))
            bound.add(imports[-1].alias or dep.name)
        return imports

    # import statements -------------------------------------------------------------------------------

    def _import_lines(self, imports: list[_Import]) -> tuple[list[str], list[str], list[str]]:
        """(module-level import lines, try/except blocks, TYPE_CHECKING lines)."""
        rng = self.rng
        plain = [i for i in imports if i.form == "import"]
        lines: list[str] = []
        i = 0
        while i < len(plain):
            if i + 1 < len(plain) and rng.random() < 0.25:
                lines.append(f"import {plain[i].dep.name}, {plain[i + 1].dep.name}")
                i += 2
            else:
                lines.append(f"import {plain[i].dep.name}")
                i += 1
        for imp in imports:
            if imp.form == "import_as":
                lines.append(f"import {imp.dep.name} as {imp.alias}")
            elif imp.form == "from":
                lines.append(f"from {imp.dep.name} import {', '.join(imp.attrs)}")
            elif imp.form == "from_paren":
                lines.append(f"from {imp.dep.name} import (")
                lines.extend(f"    {a}," for a in imp.attrs)
                lines.append(")")
            elif imp.form == "star":
                lines.append(f"from {imp.dep.name} import *  # noqa: F403")
        tries: list[str] = []
        for imp in imports:
            if imp.form == "try_from":
                tries += [
                    "try:",
                    f"    from {imp.dep.name} import {imp.attrs[0]}",
                    "except ImportError:  # optional: the feature is skipped without it",
                    f"    {imp.attrs[0]} = None",
                    "",
                ]
            elif imp.form == "try_import":
                tries += [
                    "try:",
                    f"    import {imp.dep.name}",
                    "except ImportError:  # optional dependency",
                    f"    {imp.dep.name} = None",
                    "",
                ]
        checking: list[str] = []
        for imp in imports:
            if imp.form == "tc_from":
                checking.append(f"    from {imp.dep.name} import {imp.attrs[0]}")
            elif imp.form == "tc_import":
                checking.append(f"    import {imp.dep.name}")
        return lines, tries, checking

    def _usage(self, imp: _Import, calls: list[tuple[str, str, str]]) -> list[str]:
        """Lines inside a composite function that use ``imp`` (and record how to patch them)."""
        dep, out = imp.dep, []
        if imp.form in {"import", "import_as", "try_import"}:
            name = imp.alias or dep.name
            guard = imp.form == "try_import"
            if guard:
                out.append(f"    if {name} is not None:")
            pad = "        " if guard else "    "
            for attr in imp.attrs:
                if attr in dep.leaves:
                    out.append(f"{pad}parts.append({name}.{attr}(value))")
                    calls.append(("module", dep.name, attr))
                else:
                    out.append(f"{pad}parts.append({name}.{attr})")
        elif imp.form in {"from", "from_paren", "star", "try_from"}:
            for attr in imp.attrs:
                if imp.form == "try_from":
                    out.append(f"    if {attr} is not None:")
                    out.append(f"        parts.append({attr}(value))")
                    calls.append(("bound", dep.name, attr))
                elif attr in dep.leaves:
                    out.append(f"    parts.append({attr}(value))")
                    calls.append(("bound", dep.name, attr))
                elif attr in dep.classes:
                    out.append(f"    parts.append({attr}(value).describe())")
                else:
                    out.append(f"    parts.append({attr})")
        elif imp.form == "func_from":
            out.append(f"    from {dep.name} import {imp.attrs[0]}")
            out.append(f"    parts.append({imp.attrs[0]}(value))")
            calls.append(("module", dep.name, imp.attrs[0]))
        elif imp.form == "func_import":
            out.append(f"    import {dep.name}")
            out.append("")
            for attr in imp.attrs:
                if attr in dep.leaves:
                    out.append(f"    parts.append({dep.name}.{attr}(value))")
                    calls.append(("module", dep.name, attr))
                else:
                    out.append(f"    parts.append({dep.name}.{attr})")
        return out

    def _composites(self, mod: Module, imports: list[_Import]) -> list[list[str]]:
        rng = self.rng
        usable = [i for i in imports if not i.form.startswith("tc")]
        annotations = [i for i in imports if i.form.startswith("tc")]
        rng.shuffle(usable)
        groups: list[list[_Import]] = []
        while usable:
            take = rng.randint(1, 3)
            groups.append(usable[:take])
            usable = usable[take:]
        if not groups:
            groups.append([])
        verbs = COMPOSITE_VERBS.get(mod.category, "").split() + GENERIC_COMPOSITE_VERBS
        blocks = []
        for number, group in enumerate(groups):
            name = f"{verbs[number % len(verbs)]}_{mod.x}" + (f"_{number}" if number >= len(verbs) else "")
            calls: list[tuple[str, str, str]] = []
            params = "value, options=None"
            if number < len(annotations):
                imp = annotations[number]
                hint = imp.attrs[0] if imp.form == "tc_from" else f"{imp.dep.name}.{imp.attrs[0]}"
                params += f', context: "{hint} | None" = None'
            if number == 0:  # any TYPE_CHECKING import not used yet goes on the first function
                for imp in annotations[len(groups) :]:
                    hint = imp.attrs[0] if imp.form == "tc_from" else f"{imp.dep.name}.{imp.attrs[0]}"
                    params += f', extra_{len(params)}: "{hint} | None" = None'
            body = [
                f"def {name}({params}):",
                f'    """Combine the {mod.x.replace("_", " ")} value with what the related modules say."""',
                "    options = dict(options or {})",
                "    parts = []",
            ]
            for imp in group:
                body.extend(self._usage(imp, calls))
            body += [
                f'    summary = {{"kind": {mod.upper}_PREFIX, "count": len(parts)}}',
                "    for index, part in enumerate(parts):",
                '        summary[f"part_{index}"] = str(part)[:40]',
                '    if options.get("verbose"):',
                f'        logger.info("{name}: %d parts", len(parts))',
                "    return summary",
            ]
            mod.composites[name] = calls
            blocks.append(body)
        return blocks

    # whole files ---------------------------------------------------------------------------------------

    def library_module(self, mod: Module) -> str:
        rng = self.rng
        k = rng.randint(3, 8)
        imports = self._plan_imports(mod, k)
        lines, tries, checking = self._import_lines(imports)
        doc = MODULE_DOCS[mod.category].replace("@xh@", mod.x.replace("_", " "))
        out = [
            f'"""{doc}',
            "",
            "Part of the flat backend; see README.md for how the modules fit together.",
            '"""',
        ]
        if mod.future:
            out.append("from __future__ import annotations")
            out.append("")
        std = ["import json", "import logging"]
        if mod.uses_file:
            std.append("import os")
        dataclass_style = mod.category in {"models", "data"} or rng.random() < 0.2
        if dataclass_style:
            std.append("from dataclasses import dataclass, field")
        if checking:
            std.append("from typing import TYPE_CHECKING")
        out += std
        if lines:
            out += ["", *lines]
        if tries:
            out += ["", *tries[:-1]]
        if checking:
            out += ["", "if TYPE_CHECKING:", *checking]
        out += ["", "logger = logging.getLogger(__name__)", ""]
        blocks: list[list[str]] = []
        consts = [
            f'{mod.upper}_PREFIX = "{mod.x}"',
            f"{mod.upper}_LIMIT = {rng.randint(20, 200)}",
            f"DEFAULT_{mod.upper}_RETRIES = {rng.randint(2, 6)}",
            f'{mod.upper}_FIELDS = ("id", "name", "{mod.x}_id", "created_at")',
        ]
        if mod.uses_file:
            consts += [
                "BASE_DIR = os.path.dirname(os.path.abspath(__file__))",
                f'{mod.upper}_CACHE_DIR = os.path.join(BASE_DIR, ".cache", "{mod.x}")',
            ]
        composites = self._composites(mod, imports)  # fills mod.composites before __all__
        if mod.has_all:
            out.append("__all__ = [")
            out += [f'    "{n}",' for n in mod.exported]
            out += ["]", ""]
        out += consts
        templates = list(range(len(LEAF_TEMPLATES)))
        for cls in mod.classes:
            template = DATA_CLASS if dataclass_style and rng.random() < 0.6 else PLAIN_CLASS
            blocks.append(
                _fill(
                    template,
                    mod,
                    Class=cls,
                    Doc=rng.choice(CLASS_DOCS).replace("@xh@", mod.x.replace("_", " ")),
                )
            )
        for leaf in mod.leaves:
            blocks.append(_fill(LEAF_TEMPLATES[rng.choice(templates)], mod, name=leaf))
        blocks += composites
        rng.shuffle(blocks)
        body = [line for block in blocks for line in ["", "", *block]]
        self._pad(mod, body, len(out) + 14)
        return "\n".join(out + body) + "\n"

    def _pad(self, mod: Module, body: list[str], other_lines: int) -> None:
        """Append private helpers to ``body`` until it and ``other_lines`` reach the module's target length."""
        step = 0
        while other_lines + len(body) < mod.target_lines:
            step += 1
            leaf = LEAF_TEMPLATES[self.rng.randrange(len(LEAF_TEMPLATES))]
            body += ["", "", *_fill(leaf, mod, name=f"_{mod.x}_step_{step}")]

    def script(self, mod: Module, scripts: list[Module]) -> str:
        rng = self.rng
        imports = self._plan_imports(
            mod,
            rng.randint(3, 6),
            any_rank=True,
            forms_only=(("import", 4), ("import_as", 1), ("from", 4), ("from_paren", 1)),
        )
        lines, _, _ = self._import_lines(imports)
        verb = mod.name.split("_", 1)[0]
        out = [
            f'"""{verb.capitalize()} {mod.x.replace("_", " ")} data: run ``python {mod.name}.py [--dry-run]``."""',
            "import argparse",
            "import json",
            "import logging",
            "import sys",
            "",
            *lines,
            "",
            "logger = logging.getLogger(__name__)",
            "",
            f'{mod.upper}_PREFIX = "{mod.x}"',
            f"{mod.upper}_LIMIT = {rng.randint(20, 200)}",
            f"DEFAULT_{mod.upper}_RETRIES = 3",
            f'{mod.upper}_FIELDS = ("id", "name")',
            "",
        ]
        calls: list[tuple[str, str, str]] = []
        body = [
            "",
            "def run(value, dry_run=False):",
            f'    """Run one {verb} pass."""',
            "    options = {}",
            "    parts = []",
        ]
        for imp in imports:
            body += self._usage(imp, calls)
        body += [
            '    result = {"parts": [str(p)[:30] for p in parts], "dry_run": dry_run}',
            '    logger.info("%s done: %d parts", options.get("name", "' + verb + '"), len(parts))',
            "    return result",
            "",
            "",
            "def main(argv=None):",
            f'    parser = argparse.ArgumentParser(description="{verb} {mod.x}")',
            '    parser.add_argument("--dry-run", action="store_true")',
            '    parser.add_argument("--value", default="sample")',
            "    args = parser.parse_args(argv)",
            "    result = run(args.value, dry_run=args.dry_run)",
            "    json.dump(result, sys.stdout, default=str)",
            '    sys.stdout.write("\\n")',
            "    return 0",
        ]
        self._pad(mod, body, len(out) + 16)
        body += ["", "", 'if __name__ == "__main__":', "    raise SystemExit(main())"]
        return "\n".join(out + body) + "\n"

    def main_module(self, mod: Module, scripts: list[Module]) -> str:
        rng = self.rng
        imports = self._plan_imports(
            mod,
            rng.randint(6, 10),
            any_rank=True,
            forms_only=(("import", 4), ("import_as", 2), ("from", 4), ("from_paren", 2)),
        )
        lines, _, _ = self._import_lines(imports)
        out = [
            '"""Application entry point: builds the app, and runs it with ``python main.py``."""',
            "import json",
            "import logging",
            "import subprocess",
            "import sys",
            "",
            *lines,
            "",
            "logger = logging.getLogger(__name__)",
            "",
            'APP_PREFIX = "app"',
            "APP_LIMIT = 80",
            "DEFAULT_APP_RETRIES = 3",
            'APP_FIELDS = ("id", "name")',
            "",
        ]
        calls: list[tuple[str, str, str]] = []
        body = [
            "",
            'def create_app(value="hello"):',
            '    """Wire the modules together; returns a summary."""',
            "    options = {}",
            "    parts = []",
        ]
        for imp in imports:
            body += self._usage(imp, calls)
        body += [
            '    return {"parts": [str(p)[:30] for p in parts], "routes": len(parts), "debug": options}',
            "",
            "",
        ]
        body += ["def reseed():", '    """Reset the demo data by running the seed scripts."""']
        for script in scripts[:2]:
            body.append(f'    subprocess.run([sys.executable, "{script.name}.py", "--dry-run"], check=True)')
        self._pad(mod, body, len(out) + 16)
        body += [
            "",
            "",
            "def main():",
            "    app = create_app()",
            "    json.dump(app, sys.stdout, default=str)",
            '    sys.stdout.write("\\n")',
            "    return 0",
            "",
            "",
            'if __name__ == "__main__":',
            "    raise SystemExit(main())",
        ]
        return "\n".join(out + body) + "\n"

    def test_module(self, test: Module) -> str:
        rng = self.rng
        target = self.by_name[test.name.removeprefix("test_")]
        t = target.name
        leaf = target.leaves[0]
        const = f"{target.upper}_LIMIT"
        others = [m for m in self.library if m is not target]
        extra = rng.choice(others)
        alias = f"{extra.x}_under_test"
        out = [
            f'"""Tests of {t}: behaviour, and that patching by dotted name reaches it."""',
            "import importlib",
            "import sys",
            "from unittest import mock",
            "",
            "import pytest",
            "",
            f"import {t}",
            f"import {extra.name} as {alias}",
            f"from {t} import {', '.join(target.leaves[1:3] or [leaf])}",
            "",
            "",
        ]
        tests: list[list[str]] = []
        tests.append(
            [
                f"def test_{t}_imports_by_name():",
                f'    module = importlib.import_module("{t}")',
                f"    assert module is {t}",
                f'    assert "{t}" in sys.modules',
                f'    assert sys.modules["{t}"] is {t}',
            ]
        )
        tests.append(
            [
                f"def test_{leaf}_is_patchable_by_name():",
                f'    with mock.patch("{t}.{leaf}", return_value="patched") as fake:',
                f'        assert {t}.{leaf}("x") == "patched"',
                '    fake.assert_called_once_with("x")',
            ]
        )
        tests.append(
            [
                f'@mock.patch("{t}.{const}", 7)',
                f"def test_{const.lower()}_decorator_patch():",
                f"    assert {t}.{const} == 7",
            ]
        )
        tests.append(
            [
                f"def test_{const.lower()}_monkeypatch(monkeypatch):",
                f'    monkeypatch.setattr("{t}.{const}", 3)',
                f"    assert {t}.{const} == 3",
            ]
        )
        tests.append(
            [
                f"def test_{extra.leaves[0]}_via_alias(sample_payload):",
                f"    first = {alias}.{extra.leaves[0]}(sample_payload)",
                f"    assert first == {alias}.{extra.leaves[0]}(sample_payload)",
            ]
        )
        for name in target.leaves[1:3]:
            tests.append(
                [
                    f"def test_{name}_is_deterministic(sample_payload):",
                    f"    assert {name}(sample_payload) == {name}(sample_payload)",
                    f'    assert {t}.{name}("abc") == {name}("abc")',
                ]
            )
        for cls in target.classes:
            tests.append(
                [
                    f"def test_{cls.lower()}_round_trip():",
                    f'    item = {t}.{cls}("value")',
                    '    assert "value" in item.describe()',
                    "    assert item.to_dict()",
                ]
            )
        for composite, calls in target.composites.items():
            lines = [f"def test_{composite}_uses_its_dependencies(sample_payload):"]
            patched = None
            for kind, dep, attr in calls:
                patched = f"{dep}.{attr}" if kind == "module" else f"{t}.{attr}"
                break
            if patched:
                lines += [
                    f'    with mock.patch("{patched}", return_value="stub") as fake:',
                    f"        result = {t}.{composite}(sample_payload)",
                    "    fake.assert_called()",
                    '    assert result["count"] >= 1',
                ]
            else:
                lines += [f"    result = {t}.{composite}(sample_payload)", '    assert "count" in result']
            tests.append(lines)
        tests.append(
            [
                '@pytest.mark.parametrize("value", [None, 0, "text", [1, 2, 3], {"id": 1}])',
                f"def test_{target.leaves[-1]}_accepts_any_value(value):",
                f"    {t}.{target.leaves[-1]}(value)",
            ]
        )
        body: list[str] = []
        for block in tests:
            body += [*block, "", ""]
        number = 0
        while len(out) + len(body) < test.target_lines:
            number += 1
            name = target.leaves[number % len(target.leaves)]
            body += [
                f"def test_{name}_case_{number}(sample_payload):",
                f"    payload = dict(sample_payload, case={number})",
                f"    first = {t}.{name}(payload)",
                f"    assert first == {t}.{name}(payload)",
                f'    with mock.patch("{t}.{name}", side_effect=lambda value, options=None: value):',
                f"        assert {t}.{name}(payload) is payload",
                "",
                "",
            ]
        return "\n".join(out + body).rstrip("\n") + "\n"


CONFTEST = '''"""Shared pytest fixtures."""
import pytest


@pytest.fixture
def sample_payload():
    return {"id": 1, "name": "Sample", "created_at": "2024-01-01", "tags": ["a", "b"]}
'''


def _readme(modules: list[Module], scripts: list[Module], rng: random.Random) -> str:
    library = [m for m in modules if m.category not in {"scripts", "tests", "entry"}]
    shown = sorted(rng.sample(library, min(40, len(library))), key=lambda m: m.name)
    rows = "\n".join(
        f"| `{m.name}.py` | {MODULE_DOCS[m.category].split(':')[0].replace('@xh@', m.x.replace('_', ' '))} |"
        for m in shown
    )
    script_rows = "\n".join(
        f"| `{s.name}.py` | script: {s.name.split('_', 1)[0]} {s.x.replace('_', ' ')} data |" for s in scripts
    )
    runs = "\n".join(f"python {s.name}.py --dry-run" for s in scripts[:3])
    return f"""# Generated flat backend ({len(modules)} Python files)

A flat Python backend: every module sits in this one folder and imports the others by bare name
(`import database`, `from models import ...`). Generated for the backend-organizer benchmark.

## Layout

| File | Purpose |
| --- | --- |
| `main.py` | application entry point (`python main.py`) |
{rows}
{script_rows}
| `conftest.py`, `test_*.py` | pytest suite |

## Running

```bash
python main.py
{runs}
python -m pytest -q
```

The seed data comes from `{scripts[0].name}.py`; `make seed` runs it.
"""


def _makefile(scripts: list[Module]) -> str:
    seeds = "".join(f"\t$(PYTHON) {s.name}.py --dry-run\n" for s in scripts)
    return (
        "PYTHON ?= python3\n\n.PHONY: run seed test\n\nrun:\n\t$(PYTHON) main.py\n\n"
        f"seed:\n{seeds}\ntest:\n\t$(PYTHON) -m pytest -q\n"
    )


def generate(folder: Path, n: int, seed: int = DEFAULT_SEED, git: bool = True) -> dict[str, object]:
    """Write a flat backend of ``n`` Python files into ``folder`` (emptied first); returns a summary."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    modules, rng = plan_backend(n, seed)
    renderer = _Renderer(modules, rng)
    library = renderer.library
    scripts = [m for m in modules if m.category == "scripts"]
    tests = [m for m in modules if m.category == "tests"]
    main = next(m for m in modules if m.category == "entry")
    files: dict[str, str] = {}
    for mod in library:  # renders composites, which the tests need
        files[f"{mod.name}.py"] = renderer.library_module(mod)
    for mod in scripts:
        files[f"{mod.name}.py"] = renderer.script(mod, scripts)
    files["main.py"] = renderer.main_module(main, scripts)
    for mod in tests:
        files[f"{mod.name}.py"] = renderer.test_module(mod)
    files["conftest.py"] = CONFTEST
    files["README.md"] = _readme(modules, scripts, rng)
    files["Makefile"] = _makefile(scripts)
    files["pytest.ini"] = "# Pins pytest's rootdir to this folder.\n[pytest]\n"
    files["requirements.txt"] = "# Standard library only; tests need pytest.\npytest\n"
    files[".gitignore"] = "__pycache__/\n*.pyc\n.pytest_cache/\n"
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if git:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "bench",
            "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "bench",
            "GIT_COMMITTER_EMAIL": "bench@example.invalid",
            "GIT_AUTHOR_DATE": "2024-06-01T00:00:00Z",
            "GIT_COMMITTER_DATE": "2024-06-01T00:00:00Z",
        }
        for cmd in (
            ["git", "init", "-q", "-b", "main"],
            ["git", "add", "-A"],
            ["git", "commit", "-q", "-m", f"flat backend, {n} modules"],
        ):
            subprocess.run(cmd, cwd=folder, check=True, env=env, capture_output=True)
    py = [f for f in files if f.endswith(".py")]
    lines = [files[f].count("\n") for f in py]
    lib_lines = [files[f"{m.name}.py"].count("\n") for m in library]
    return {
        "n": n,
        "seed": seed,
        "python_files": len(py),
        "library_modules": len(library),
        "tests": len(tests) + 1,
        "scripts": len(scripts),
        "total_lines": sum(lines),
        "library_lines_min": min(lib_lines),
        "library_lines_max": max(lib_lines),
        "bytes": sum(len(files[f].encode()) for f in py),
        "modules": sorted(m.name for m in library),
        "scripts_names": [s.name for s in scripts],
    }


# -- verification of a generated backend ----------------------------------------------------------------


def verify(folder: Path, per_module: bool = True, python: str = sys.executable) -> list[str]:
    """Problems found running the backend: every module imports, main and scripts run, the tests pass."""
    folder = Path(folder)
    problems: list[str] = []
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem not in {"conftest"})
    if per_module:
        for name in modules:
            proc = subprocess.run([python, "-c", f"import {name}"], cwd=folder, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                problems.append(f"import {name}: {proc.stderr.strip().splitlines()[-1:]}")
    else:
        code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
        proc = subprocess.run([python, "-c", code, *modules], cwd=folder, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            problems.append(f"importing all modules: {proc.stderr.strip()[-500:]}")
    runs = [["main.py"]] + [
        [p.name, "--dry-run"] for p in sorted(folder.glob("*.py")) if p.name.split("_", 1)[0] in SCRIPT_VERBS
    ]
    for run in runs:
        proc = subprocess.run([python, *run], cwd=folder, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            problems.append(f"python {' '.join(run)}: {proc.stderr.strip()[-300:]}")
    proc = subprocess.run(
        [python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        problems.append(f"pytest: {proc.stdout.strip()[-1500:]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=50, help="number of Python files (default 50)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-git", action="store_true", help="do not make it a git repository")
    parser.add_argument("--verify", action="store_true", help="run every module, main, the scripts and the tests")
    args = parser.parse_args(argv)
    summary = generate(args.folder, args.n, args.seed, git=not args.no_git)
    print(f"generated {summary['python_files']} Python files ({summary['total_lines']} lines) in {args.folder}")
    if args.verify:
        problems = verify(args.folder, per_module=args.n <= 200)
        for problem in problems:
            print("PROBLEM:", problem)
        print("verified: OK" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
