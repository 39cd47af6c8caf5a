"""Per-workspace state of the server: the scan cache, open buffers as overlays, and the last project.

Scanning goes through :class:`~backend_organizer.core.project.ScanCache`, so after the first plan only
files that changed on disk or in the editor are read and parsed again.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.api import JediResolver, Project, ScanCache, scan, workspace_root


class Session:
    """One workspace root."""

    def __init__(self, root: Path, overrides: Mapping[str, Any] | None = None):
        self.root = root
        self.overrides = dict(overrides or {})
        self.cache = ScanCache()
        self.lock = threading.Lock()
        self.resolver = JediResolver(root, None)

    def project(self, folder: Path | None, overlay: Mapping[str, str]) -> Project:
        """A fresh (cached per file) scan of the workspace, with open buffers as overlays."""
        with self.lock:
            return scan(folder or self.root, self.root, self.overrides, overlay, cache=self.cache)


class Sessions:
    """Sessions by workspace root; a path belongs to the deepest workspace folder containing it."""

    def __init__(self) -> None:
        self._by_root: dict[Path, Session] = {}
        self.folders: list[Path] = []
        self.overrides: dict[str, Any] = {}

    def set_folders(self, folders: list[Path]) -> None:
        self.folders = sorted(set(folders), key=lambda p: len(p.parts), reverse=True)

    def folder_for(self, path: Path) -> Path | None:
        for folder in self.folders:
            if path == folder or folder in path.parents:
                return folder
        return None

    def for_path(self, path: Path) -> Session | None:
        folder = self.folder_for(path)
        if folder is None:
            return None
        probe = path if path.is_dir() else path.parent
        root = workspace_root(probe, within=folder)
        session = self._by_root.get(root)
        if session is None:
            session = self._by_root[root] = Session(root, self.overrides)
        return session
