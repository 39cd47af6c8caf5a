"""Packaging metadata that names modules: setuptools ``py-modules``/``packages`` and entry points.

``py-modules`` lists in ``pyproject.toml`` and ``setup.cfg`` lose the moved modules and the new packages are
added to ``packages``; entry points (``name = "module:function"``) follow their module. When setuptools would
discover packages automatically in a flat layout, the tool warns: several top-level packages make
``pip install .`` fail, and ``utils``, ``scripts`` and ``tests`` are silently excluded.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from ..model import Finding, Move, PackageChoice, TextEdit
from ..scan.layout import parent_dir
from ..scan.project import Project
from ..scan.sourcefile import line_end, line_starts
from ..scan.tomlfiles import parse_toml, read_toml
from .renamer import Renamer

_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'')
_KEY = re.compile(r"\s*([A-Za-z0-9_.\"'-]+)\s*=")
_ENTRY_TABLES = ("project.scripts", "project.gui-scripts", "project.entry-points.", "tool.poetry.scripts")
_EXCLUDED_BY_DISCOVERY = {
    "utils",
    "util",
    "scripts",
    "tests",
    "test",
    "tools",
    "docs",
    "examples",
    "benchmarks",
}


def _norm_table(raw: str) -> str:
    return ".".join(part.strip().strip('"').strip("'") for part in raw.split("."))


class PackagingRewriter:
    def __init__(self, project: Project, moves: list[Move], packages: Iterable[PackageChoice], renamer: Renamer):
        self.project = project
        self.renamer = renamer
        self.packages = [p for p in packages if not p.exists]
        self.module_package = {
            posixpath.basename(m.src)[:-3]: parent_dir(m.dst)
            for m in moves
            if m.src.endswith(".py") and parent_dir(m.src) == project.backend
        }
        self.moved_modules = set(self.module_package)
        self.explicit = False

    def _package_names(self, base_dir: str, listed: list[str], only_for: list[str] | None = None) -> list[str]:
        """Dotted names of the new packages as setuptools sees them from ``base_dir`` (sorted).

        ``only_for``: keep only the packages that receive one of these modules.
        """
        wanted = None if only_for is None else {self.module_package[m] for m in only_for if m in self.module_package}
        names = []
        for package in sorted(self.packages, key=lambda p: p.name):
            if wanted is not None and package.path not in wanted:
                continue
            rel = posixpath.relpath(package.path, base_dir or ".")
            if rel.startswith(".."):
                continue
            dotted = rel.replace("/", ".")
            if dotted not in listed:
                names.append(dotted)
        return names

    def rewrite(self, rel: str, text: str) -> tuple[list[TextEdit], list[Finding]]:
        if rel.endswith("pyproject.toml"):
            return self._pyproject(rel, text)
        return self._setup_cfg(rel, text)

    # -- pyproject.toml ---------------------------------------------------------------------------------

    def _pyproject(self, rel: str, text: str) -> tuple[list[TextEdit], list[Finding]]:
        base_dir = posixpath.dirname(rel)
        edits: list[TextEdit] = []
        findings: list[Finding] = []
        document, error = parse_toml(text)
        if error:
            return [], [Finding(rel, 1, "unreadable-config", "not valid TOML; its references were not checked")]
        setuptools = document.get("tool", {}).get("setuptools", {})
        if "py-modules" in setuptools or "packages" in setuptools or "py_modules" in setuptools:
            self.explicit = True
        table = ""
        starts = line_starts(text)
        number = 0
        while number < len(starts):
            start = starts[number]
            end = line_end(starts, number, text)
            line = text[start:end]
            header = _HEADER.match(line)
            if header and not line.lstrip().startswith("#"):
                table = _norm_table(header.group(1))
                number += 1
                continue
            if table.startswith(_ENTRY_TABLES) or table == "project.entry-points":
                for match in _STRING.finditer(line):
                    value = match.group(1) if match.group(1) is not None else match.group(2)
                    renamed = self.renamer.app(value, base_dir)
                    if renamed:
                        edits.append(
                            TextEdit(
                                start + match.start() + 1,
                                start + match.end() - 1,
                                renamed,
                                "config",
                                f"entry point module moved: {renamed}",
                                certain=False,
                            )
                        )
            key = _KEY.match(line)
            if table == "tool.setuptools" and key and key.group(1).strip("\"'") in {"py-modules", "py_modules"}:
                block_end = number
                while "]" not in text[starts[block_end] : line_end(starts, block_end, text)]:
                    block_end += 1
                    if block_end >= len(starts):
                        break
                stop = line_end(starts, block_end, text)
                block = text[start:stop]
                edits.extend(self._py_modules_toml(rel, start, block, setuptools, base_dir))
                number = block_end + 1
                continue
            if table == "tool.setuptools" and key and key.group(1).strip("\"'") == "packages" and "[" in line:
                close = text.find("]", start)
                listed = [m.group(1) or m.group(2) for m in _STRING.finditer(text[start:close])]
                extra = list(dict.fromkeys(self._package_names(base_dir, listed) + self._subpackages(listed, base_dir)))
                if extra and "py-modules" not in setuptools and "py_modules" not in setuptools:
                    quote = '"'
                    insert = ", ".join(f"{quote}{n}{quote}" for n in extra)
                    sep = ", " if listed else ""
                    edits.append(
                        TextEdit(
                            close,
                            close,
                            sep + insert,
                            "config",
                            "the new packages must be listed for setuptools",
                            certain=False,
                        )
                    )
            number += 1
        return edits, findings

    def _subpackages(self, listed: list[str], base_dir: str) -> list[str]:
        """``backend.agents`` for a listed ``backend`` package that gets new subpackages."""
        extra = []
        for name in listed:
            directory = posixpath.join(base_dir, name.replace(".", "/")) if base_dir else name.replace(".", "/")
            for package in sorted(self.packages, key=lambda p: p.name):
                if parent_dir(package.path) == directory:
                    dotted = f"{name}.{package.name}"
                    if dotted not in listed:
                        extra.append(dotted)
        return extra

    def _py_modules_toml(self, rel: str, start: int, block: str, setuptools: dict, base_dir: str) -> list[TextEdit]:
        modules = list(setuptools.get("py-modules", setuptools.get("py_modules", [])))
        staying = [m for m in modules if m not in self.moved_modules]
        if staying == modules:
            return []
        key = "py-modules" if "py-modules" in setuptools else "py_modules"
        new_packages = self._package_names(base_dir, list(setuptools.get("packages", []) or []), modules)
        newline = "\r\n" if block.endswith("\r\n") else "\n"
        lines = [f"{key} = [{', '.join(repr(m).replace(chr(39), chr(34)) for m in staying)}]"]
        if "packages" not in setuptools and new_packages:
            lines.append(f"packages = [{', '.join(chr(34) + p + chr(34) for p in new_packages)}]")
        replacement = newline.join(lines) + (newline if block.endswith(("\n", "\r")) else "")
        return [
            TextEdit(
                start,
                start + len(block),
                replacement,
                "config",
                "moved modules are now packages; setuptools must list them as packages",
                certain=False,
            )
        ]

    # -- setup.cfg --------------------------------------------------------------------------------------

    def _setup_cfg(self, rel: str, text: str) -> tuple[list[TextEdit], list[Finding]]:
        base_dir = posixpath.dirname(rel)
        edits: list[TextEdit] = []
        section = ""
        starts = line_starts(text)
        number = 0
        while number < len(starts):
            start = starts[number]
            end = line_end(starts, number, text)
            line = text[start:end]
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1].strip()
                number += 1
                continue
            if section == "options.entry_points" or section.startswith("entry_points"):
                for match in re.finditer(r"=\s*([A-Za-z_][\w.]*:[\w.]+)", line):
                    renamed = self.renamer.app(match.group(1), base_dir)
                    if renamed:
                        edits.append(
                            TextEdit(
                                start + match.start(1),
                                start + match.end(1),
                                renamed,
                                "config",
                                f"entry point module moved: {renamed}",
                                certain=False,
                            )
                        )
            if section == "options" and re.match(r"\s*(py_modules|packages)\s*=", line):
                self.explicit = True
            if section == "options" and re.match(r"\s*py_modules\s*=", line):
                block_end = number + 1
                while block_end < len(starts):
                    nxt = text[starts[block_end] : line_end(starts, block_end, text)]
                    if nxt.strip() and not nxt[0].isspace():
                        break
                    block_end += 1
                stop = starts[block_end] if block_end < len(starts) else len(text)
                block = text[start:stop]
                value = block.split("=", 1)[1]
                modules = [m for m in re.split(r"[\s,]+", value) if m]
                staying = [m for m in modules if m not in self.moved_modules]
                if staying != modules:
                    newline = "\r\n" if block.endswith("\r\n") else "\n"
                    new = [f"py_modules = {', '.join(staying)}".rstrip()]
                    packages = self._package_names(base_dir, [], modules)
                    if packages and "packages" not in text:
                        new.append("packages = " + ", ".join(packages))
                    edits.append(
                        TextEdit(
                            start,
                            stop,
                            newline.join(new) + newline,
                            "config",
                            "moved modules are now packages; setuptools must list them",
                            certain=False,
                        )
                    )
                number = block_end
                continue
            number += 1
        return edits, []

    # -- traps ------------------------------------------------------------------------------------------

    def trap_findings(self) -> list[Finding]:
        if self.explicit or not self.packages or self.project.backend or not self.project.as_import_root:
            return []
        root = self.project.root
        pyproject = read_toml(root / "pyproject.toml")
        setup_py = root / "setup.py"
        uses_setuptools = False
        where = "pyproject.toml"
        if pyproject.exists:
            document = pyproject.document
            backend = document.get("build-system", {}).get("build-backend", "setuptools.build_meta")
            has_find = (
                "find" in document.get("tool", {}).get("setuptools", {}).get("packages", {})
                if isinstance(document.get("tool", {}).get("setuptools", {}).get("packages"), dict)
                else False
            )
            uses_setuptools = "project" in document and backend.startswith("setuptools") and not has_find
        if setup_py.is_file():
            content = setup_py.read_text(encoding="utf-8", errors="replace")
            if "packages=" not in content and "py_modules=" not in content:
                uses_setuptools, where = True, "setup.py"
        if not uses_setuptools:
            return []
        names = sorted(p.name for p in self.packages)
        excluded = sorted(set(names) & _EXCLUDED_BY_DISCOVERY)
        message = (
            "setuptools discovers packages automatically here: with several top-level packages in a flat layout "
            f"({', '.join(names)}) `pip install .` stops with 'Multiple top-level packages discovered in a "
            "flat-layout'"
        )
        if excluded:
            message += f", and {', '.join(excluded)} would be silently left out of the wheel"
        message += "; list the packages under [tool.setuptools] packages"
        return [Finding(where, 1, "setuptools-flat-layout", message)]
