"""The name-collision guard: stdlib, imported, declared and installed names are never shadowed."""

from __future__ import annotations

import pytest
from backend_organizer.core.categories import category_map
from backend_organizer.core.decide.collisions import choose_packages, taken_names
from backend_organizer.core.errors import PlanError
from backend_organizer.core.scan.dependencies import declared_dependencies

CATEGORIES = category_map()


def test_third_party_import_renames_the_package_with_a_reason():
    taken = taken_names({"agents": "my_agent.py:2"}, {}, {}, {})
    chosen = choose_packages([CATEGORIES["agents"], CATEGORIES["models"]], {}, taken, "", set())
    assert chosen["agents"].name == "ai_agents"
    assert "my_agent.py:2" in chosen["agents"].reason
    assert chosen["models"].name == "models"


def test_stdlib_and_case_insensitive_clashes():
    taken = taken_names({}, {}, {}, {"Data": "Data.py stays at the root"})
    chosen = choose_packages([CATEGORIES["data"]], {}, taken, "", set())
    assert chosen["data"].name == "data_layer" and "case" in chosen["data"].reason
    logging_category = category_map({"logging": "Logs"})["logging"]
    assert (
        choose_packages([logging_category], {}, taken_names({}, {}, {}, {}), "", set())["logging"].name == "app_logging"
    )


def test_configured_names_that_collide_are_refused():
    taken = taken_names({}, {"chatkit": "requirements.txt requires openai-chatkit"}, {}, {})
    with pytest.raises(PlanError, match=r"packages\.chatkit"):
        choose_packages([CATEGORIES["chatkit"]], {"chatkit": "chatkit"}, taken, "", set())


def test_existing_packages_are_merged_not_renamed():
    taken = taken_names({}, {}, {}, {})
    assert choose_packages([CATEGORIES["utils"]], {}, taken, "", {"utils"})["utils"].exists


def test_declared_dependencies_map_distribution_names(tmp_path):
    (tmp_path / "requirements.txt").write_text("openai-agents==0.3  # sdk\n-r base.txt\nPyJWT\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\ndependencies=["openai-chatkit>=1"]\n')
    declared = declared_dependencies(tmp_path)
    assert {"agents", "jwt", "chatkit"} <= set(declared)


def test_installed_names_of_this_interpreter_are_read_only_when_one_could_be_wanted(tmp_path, monkeypatch):
    """Without a project environment the names come from importlib.metadata, which is asked only when the
    distributions' top_level.txt/RECORD could provide a wanted name: the lookups stay the same either way."""
    import os
    import sys
    from importlib import metadata

    from backend_organizer.core.decide import collisions

    keys = {key.lower() for key in metadata.packages_distributions()}
    superset: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            continue
        for child in os.listdir(folder):
            if child.lower().endswith((".dist-info", ".egg-info")):
                names = collisions._top_level_names(os.path.join(folder, child))
                superset |= names if names is not None else keys
    assert keys <= superset

    wanted = collisions.package_candidates(CATEGORIES.values(), {"models": "Pydantic_Stuff"})
    assert {"agents", "ai_agents", "app_agents", "agents_pkg", "pydantic_stuff"} <= wanted
    full = collisions.installed_packages.__wrapped__(tmp_path, None)
    lazy = collisions.installed_packages.__wrapped__(tmp_path, None, wanted)
    assert {k: v for k, v in full.items() if k.lower() in wanted} == {
        k: v for k, v in lazy.items() if k.lower() in wanted
    }

    provided = sorted(keys)[0]  # a name some distribution provides is always read
    assert collisions._may_provide(frozenset({provided}))
    record = tmp_path / "site" / "demo-1.0.dist-info"
    record.mkdir(parents=True)
    (record / "RECORD").write_text('agents/__init__.py,sha256=x,1\n"./data_layer.py",,\n')
    monkeypatch.setattr(sys, "path", [str(tmp_path / "site")])
    assert collisions._top_level_names(str(record)) >= {"agents", "data_layer"}
    assert collisions._may_provide(frozenset({"agents"})) and collisions._may_provide(frozenset({"data_layer"}))
    assert not collisions._may_provide(frozenset({"models"}))
