"""Typed arguments of the server's workspace commands (attrs classes, as in pygls' examples).

Each command takes at most one JSON object; :func:`folder_arguments`, :func:`move_arguments` and
:func:`configure_arguments` turn the raw ``arguments`` array into a frozen attrs instance, and any other shape
into a JSON-RPC InvalidParams error that says what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from pygls import uris

from ..core.api import CONFIG_ACTIONS
from .state import invalid_params

#: The configure action that only reads: the plan and the configuration, editing nothing.
SHOW = "show"


@attrs.frozen
class FolderArguments:
    """``[{"path": folder URI}]`` or nothing: the backend folder to work on (``None``: the workspace)."""

    path: Path | None = None


@attrs.frozen
class MoveArguments:
    """``{"uri": module URI, "src": path, "dst": path}`` (paths relative to the workspace root), as in the
    data of the "Move module" code action."""

    path: Path
    src: str = attrs.field(validator=attrs.validators.min_len(1))
    dst: str = attrs.field(validator=attrs.validators.min_len(1))


@attrs.frozen
class ConfigureArguments:
    """``{"path": folder URI?, "action", "file": path from the root or file URI, "package"?}``."""

    folder: Path | None
    action: str  # one of CONFIG_ACTIONS or SHOW: configure_arguments checks it, with the message
    file: str = ""
    package: str | None = None


def _fs_path(uri: str) -> Path:
    path = uris.to_fs_path(uri) if "://" in uri else uri
    if not path:
        raise invalid_params(f"not a file URI: {uri!r}")
    return Path(path)


def folder_arguments(args: tuple[Any, ...]) -> FolderArguments:
    if not args or args[0] is None:
        return FolderArguments()
    if len(args) > 1 or not isinstance(args[0], Mapping):
        raise invalid_params('expected at most one argument: {"path": "<folder URI>"}')
    unknown = set(args[0]) - {"path"}
    if unknown:
        raise invalid_params(f"unknown argument keys: {', '.join(sorted(unknown))}")
    uri = args[0].get("path")
    if uri is None:
        return FolderArguments()
    if not isinstance(uri, str):
        raise invalid_params('"path" must be a file URI string')
    return FolderArguments(_fs_path(uri))


def move_arguments(args: tuple[Any, ...]) -> MoveArguments:
    value = args[0] if len(args) == 1 else None
    if not isinstance(value, Mapping) or not all(isinstance(value.get(k), str) for k in ("uri", "src", "dst")):
        raise invalid_params('expected one argument: {"uri": ..., "src": ..., "dst": ...}')
    path = uris.to_fs_path(value["uri"])
    if not path:
        raise invalid_params(f"not a file URI: {value['uri']!r}")
    try:
        return MoveArguments(Path(path), value["src"], value["dst"])
    except ValueError as exc:
        raise invalid_params(f"bad move arguments: {exc}") from None


def configure_arguments(args: tuple[Any, ...]) -> ConfigureArguments:
    value = args[0] if len(args) == 1 else None
    expected = '{"action": "move|keep|exclude|reset|show", "file": ..., "package": ..., "path": folder URI}'
    if not isinstance(value, Mapping):
        raise invalid_params(f"expected one argument: {expected}")
    unknown = set(value) - {"path", "action", "file", "package"}
    if unknown:
        raise invalid_params(f"unknown argument keys: {', '.join(sorted(unknown))}")
    action, file, package, folder = (value.get(k) for k in ("action", "file", "package", "path"))
    if action not in (*CONFIG_ACTIONS, SHOW):
        raise invalid_params(f'"action" must be one of {", ".join((*CONFIG_ACTIONS, SHOW))}')
    if action != SHOW and not isinstance(file, str):
        raise invalid_params('"file" must be a path from the workspace root or a file URI')
    if action == "move" and not isinstance(package, str):
        raise invalid_params('"package" must name the target package of a move')
    if folder is not None and not isinstance(folder, str):
        raise invalid_params('"path" must be a folder URI')
    return ConfigureArguments(_fs_path(folder) if folder else None, action, file or "", package)
