"""pyproject.toml is parsed once per content, however many parts of a scan read it, and never served stale."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from backend_organizer.core.scan import tomlfiles
from backend_organizer.core.scan.tomlfiles import read_toml
from helpers import copy_tree

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = tomllib.loads

    def counting(text: str, **kwargs):
        seen.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", counting)  # tomlfiles imports it where it parses
    tomlfiles._PARSED.clear()
    return seen


def test_absent_invalid_and_valid(tmp_path: Path) -> None:
    assert not read_toml(tmp_path / "pyproject.toml").exists
    (tmp_path / "pyproject.toml").write_text("[project\nname = 1\n")
    broken = read_toml(tmp_path / "pyproject.toml")
    assert broken.exists and broken.document == {} and broken.error and broken.error.startswith("not valid TOML")
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "\xff"\n')
    assert (read_toml(tmp_path / "pyproject.toml").error or "").startswith("not valid TOML")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\r\n')
    good = read_toml(tmp_path / "pyproject.toml")
    assert good.error is None and good.document == {"project": {"name": "x"}}


def test_an_edited_file_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "a"\n')
    assert read_toml(path).document["project"]["name"] == "a"
    assert read_toml(path).document["project"]["name"] == "a"
    path.write_text('[project]\nname = "b"\n')
    assert read_toml(path).document["project"]["name"] == "b"
    assert len(parses) == 2


def test_planning_a_backend_parses_its_pyproject_once(tmp_path: Path, parses: list[str]) -> None:
    """Config, pytest options, dependencies, entry points, requires-python and the packaging rule all read the
    same pyproject.toml; one plan parses each TOML text once."""
    from backend_organizer.core.planner import plan_organize

    root = copy_tree(EXAMPLES / "flat_backend", tmp_path / "flat")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "flat"\nrequires-python = ">=3.11"\ndependencies = ["fastapi"]\n'
        '[project.scripts]\nflat = "main:run"\n[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    plan_organize(root, root)
    assert parses, "the plan read no pyproject.toml at all"
    assert len(parses) == len(set(parses)), f"{len(parses)} parses of {len(set(parses))} distinct texts"
