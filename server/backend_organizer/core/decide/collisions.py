"""The name-collision guard: a new package must never shadow something the code imports.

A package name is taken when it is a standard-library module, a third-party top-level package that the
project imports, declares as a dependency or has installed, or a name already used at the backend root by
something that is not becoming that package. Taken default names fall back to alternatives with a reason;
taken configured names are refused.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ..categories import Category
from ..errors import PlanError
from ..model import PackageChoice
from ..scan.layout import join
from .classify import STDLIB


class TakenName(NamedTuple):
    name: str
    reason: str


def _site_packages(root: Path, python: str | None) -> list[Path]:
    candidates: list[Path] = []
    if python:
        prefix = Path(python).resolve().parent.parent
        candidates.extend(prefix.glob("lib/python3*/site-packages"))
    for venv in (".venv", "venv", "env", ".env"):
        if (root / venv / "pyvenv.cfg").is_file():
            candidates.extend((root / venv).glob("lib/python3*/site-packages"))
    return candidates


@functools.lru_cache(maxsize=16)
def installed_packages(root: Path, python: str | None, wanted: frozenset[str] | None = None) -> dict[str, str]:
    """Top-level import names installed in the project's environment (its venv, or this interpreter).

    ``wanted``: the only names the caller looks up (lower case, :func:`package_candidates`). When the project
    has no environment of its own and this interpreter's distributions provably provide none of them (from
    their ``top_level.txt`` and ``RECORD`` alone), ``importlib.metadata`` is not asked: importing it and reading
    every distribution costs more than planning a small backend, and none of its answers would be looked up."""
    found: dict[str, str] = {}
    sites = _site_packages(root, python)
    for site in sites:
        for entry in site.iterdir():
            name = entry.name
            if name.endswith(".dist-info"):
                top = entry / "top_level.txt"
                if top.is_file():
                    for line in top.read_text(encoding="utf-8", errors="replace").split():
                        found.setdefault(line.strip(), f"installed in {site}")
                continue
            if name.startswith(("_", ".")) or name.endswith((".pth", ".egg-info")):
                continue
            stem = name.split(".", 1)[0]
            if entry.is_dir() or name.endswith((".py", ".so", ".pyd")):
                found.setdefault(stem, f"installed in {site}")
    if not sites and (wanted is None or _may_provide(wanted)):
        from importlib import metadata

        try:
            distributions = metadata.packages_distributions()
        except Exception:
            distributions = {}
        for name, dists in distributions.items():
            found.setdefault(name, f"installed ({', '.join(dists)}) in {sys.prefix}")
    return found


def _may_provide(wanted: frozenset[str]) -> bool:
    """Whether ``importlib.metadata.packages_distributions()`` could have a key equal (ignoring case) to one of
    ``wanted``: a superset judged from the plain layout (sys.path folders of ``*.dist-info``/``*.egg-info``);
    True for anything else (zipped or egg entries, other distribution finders, unreadable metadata)."""
    from importlib.machinery import PathFinder

    if any(getattr(f, "find_distributions", None) is not None and f is not PathFinder for f in sys.meta_path):
        return True
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder) or folder.lower().endswith(".egg"):
            return True
        try:
            children = os.listdir(folder)
        except OSError:
            continue
        for child in children:
            if child.lower().endswith((".dist-info", ".egg-info")):
                names = _top_level_names(os.path.join(folder, child))
                if names is None or not names.isdisjoint(wanted):
                    return True
    return False


_MISSING = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


def _read(info: str, name: str) -> str | None:
    """A metadata file's text, "" when missing (as importlib.metadata reads it); raises when unreadable."""
    try:
        with open(os.path.join(info, name), encoding="utf-8") as handle:
            return handle.read()
    except _MISSING:
        return ""


def _top_level_names(info: str) -> set[str] | None:
    """Lower-case names that importlib.metadata may infer as top-level for one distribution (a superset: from
    top_level.txt, else every first path component in RECORD); None when that cannot be told."""
    if not os.path.isdir(info):
        return set()  # a PKG-INFO file named x.egg-info: no top_level.txt, no files
    try:
        declared = _read(info, "top_level.txt")
        if declared and declared.split():
            return {name.lower() for name in declared.split()}
        record = _read(info, "RECORD")
        if not record:
            legacy = os.path.exists(os.path.join(info, "installed-files.txt"))
            return None if legacy or os.path.exists(os.path.join(info, "SOURCES.txt")) else set()
    except (OSError, ValueError):
        return None
    names = {first.lower() for first in _RECORD_FIRST.findall(record)}
    return names | {name.removesuffix(".py") for name in names}


#: The first path component of each RECORD line (quotes and ``./`` skipped), or a top-level file's name.
_RECORD_FIRST = re.compile(r'^"*(?:\./)*([^/,"\r\n]*)', re.M)


def package_candidates(categories: Iterable[Category], configured: dict[str, str]) -> frozenset[str]:
    """Every name :func:`choose_packages` may look up among the taken names, in lower case."""
    names: set[str] = set()
    for category in categories:
        if category.name in configured:
            names.add(configured[category.name])
        names.update((category.name, *category.alternatives, f"app_{category.name}", f"{category.name}_pkg"))
    return frozenset(name.lower() for name in names)


def taken_names(
    external_imports: dict[str, str],
    declared: dict[str, str],
    installed: dict[str, str],
    staying: dict[str, str],
    stdlib: bool = True,
) -> dict[str, TakenName]:
    """Every name a new package must not take, each with the reason it is taken."""
    taken: dict[str, TakenName] = {}
    for name, where in staying.items():
        taken[name.lower()] = TakenName(name, where)
    for name, where in external_imports.items():
        taken.setdefault(name.lower(), TakenName(name, f"the code imports the third-party package {name!r} ({where})"))
    for name, where in declared.items():
        taken.setdefault(name.lower(), TakenName(name, f"{where}, which provides {name!r}"))
    for name, where in installed.items():
        taken.setdefault(name.lower(), TakenName(name, f"a package {name!r} is {where}"))
    for name in STDLIB if stdlib else ():
        taken.setdefault(name.lower(), TakenName(name, f"{name!r} is a standard-library module"))
    return taken


def _collides(candidate: str, taken: dict[str, TakenName], existing_packages: set[str]) -> TakenName | None:
    if candidate in existing_packages:
        return None
    hit = taken.get(candidate.lower())
    if hit is None:
        return None
    if hit.name != candidate and hit.name.lower() == candidate.lower():
        return TakenName(hit.name, f"{hit.reason} (differs only in case: clashes on case-insensitive file systems)")
    return hit


def _existing_synonym(category: Category, existing: set[str], used: set[str]) -> str | None:
    """An existing package of this kind to join: the category's own name first, then its synonyms."""
    for name in (category.name, *category.synonyms):
        if name in existing and name not in used:
            return name
    return None


def choose_packages(
    categories: Iterable[Category],
    configured: dict[str, str],
    taken: dict[str, TakenName],
    backend: str,
    existing_packages: set[str],
) -> dict[str, PackageChoice]:
    """Pick a package name for each category; refuses configured names that collide."""
    chosen: dict[str, PackageChoice] = {}
    used: set[str] = set()
    for category in categories:
        if category.name in configured:
            name = configured[category.name]
            hit = _collides(name, taken, existing_packages)
            if hit is not None or name in used:
                why = hit.reason if hit else "another category already uses it"
                raise PlanError(
                    f"[tool.backend-organizer] packages.{category.name} = {name!r} would shadow an import: "
                    f"{why}. Pick another name."
                )
            reason = f"configured in [tool.backend-organizer] packages.{category.name}"
        elif (joined := _existing_synonym(category, existing_packages, used)) is not None:
            name, reason = joined, f"joins the existing package {joined}/ (a {category.name} package)"
            hit = None
        else:
            name, reason = category.name, "default name for this category"
            hit = _collides(name, taken, existing_packages)
            if hit is not None or name in used:
                blocked = hit.reason if hit else "another category already uses it"
                for candidate in (*category.alternatives, f"app_{category.name}", f"{category.name}_pkg"):
                    if candidate not in used and _collides(candidate, taken, existing_packages) is None:
                        name = candidate
                        break
                else:
                    raise PlanError(
                        f"no free package name for category {category.name!r}: {blocked}; "
                        f"set [tool.backend-organizer] packages.{category.name}"
                    )
                reason = f"{category.name!r} is taken ({blocked}), so the package is named {name!r}"
        used.add(name)
        chosen[category.name] = PackageChoice(
            category=category.name,
            name=name,
            path=join(backend, name),
            description=category.description,
            reason=reason,
            exists=name in existing_packages,
        )
    return chosen
