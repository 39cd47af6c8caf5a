"""Reading pytest settings that decide what is importable: ``pythonpath`` and ``testpaths``.

pytest reads the first of ``pytest.ini``, ``pyproject.toml`` (``[tool.pytest.ini_options]``), ``tox.ini``
(``[pytest]``) and ``setup.cfg`` (``[tool:pytest]``) that has a pytest section; so do we.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import NamedTuple

from .tomlfiles import read_toml


class PytestSettings(NamedTuple):
    file: str | None = None
    pythonpath: tuple[str, ...] = ()
    testpaths: tuple[str, ...] = ()


def _ini_section(path: Path, section: str) -> dict[str, str] | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (configparser.Error, UnicodeDecodeError, OSError):
        return None
    if not parser.has_section(section):
        return None
    return dict(parser.items(section))


def _split(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        return tuple(value.split())
    return ()


def find_pytest_settings(folder: Path, root: Path) -> PytestSettings:
    """pytest's settings as pytest's rootdir finds them: the nearest folder from ``folder`` up to ``root`` whose
    config file has a pytest section; ``file`` and ``pythonpath`` are made relative to ``root``."""
    folder, root = folder.resolve(), root.resolve()
    for candidate in (folder, *folder.parents):
        if candidate != root and root not in candidate.parents:
            break
        found = read_pytest_settings(candidate)
        if found.file is not None:
            base = candidate.relative_to(root).as_posix()
            if base == ".":
                return found
            return PytestSettings(
                f"{base}/{found.file}",
                tuple(posixpath.normpath(posixpath.join(base, p)) for p in found.pythonpath),
                tuple(posixpath.normpath(posixpath.join(base, p)) for p in found.testpaths),
            )
        if candidate == root:
            break
    return PytestSettings()


def read_pytest_settings(root: Path) -> PytestSettings:
    """pytest's ``pythonpath``/``testpaths`` from the first config file that has a pytest section."""
    ini = root / "pytest.ini"
    if ini.is_file():
        section = _ini_section(ini, "pytest")
        if section is not None:
            return PytestSettings("pytest.ini", _split(section.get("pythonpath")), _split(section.get("testpaths")))
    pyproject = read_toml(root / "pyproject.toml")
    if pyproject.exists:
        options = pyproject.document.get("tool", {}).get("pytest", {}).get("ini_options")
        if isinstance(options, dict):
            return PytestSettings("pyproject.toml", _split(options.get("pythonpath")), _split(options.get("testpaths")))
    for name, section_name in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        path = root / name
        if path.is_file():
            section = _ini_section(path, section_name)
            if section is not None:
                return PytestSettings(name, _split(section.get("pythonpath")), _split(section.get("testpaths")))
    return PytestSettings()
