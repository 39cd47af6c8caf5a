"""What ``check`` calls stale: an import that does not resolve today *and* whose module lives elsewhere in the
workspace now. Third-party modules that share a last name with a workspace module are not stale."""

from __future__ import annotations

from pathlib import Path

from backend_organizer.core.scan.project import scan
from backend_organizer.core.verify.stale import StaleImportFinder, find_stale_imports
from helpers import LOOKALIKE_IMPORTS, cli, write_files


def never_installed(_path: str, _dotted: str) -> bool:
    return False  # as if the environment had nothing installed: only the workspace decides


def test_lookalike_third_party_imports_are_not_stale(tmp_path: Path) -> None:
    write_files(tmp_path, LOOKALIKE_IMPORTS)
    project = scan(tmp_path / "backend", tmp_path)
    finder = StaleImportFinder(project, never_installed)
    assert [(s.path, s.line, s.message) for p in project.python_files for s in finder.find(p)] == []


def test_check_on_a_never_organized_repo_prints_nothing(tmp_path: Path) -> None:
    write_files(tmp_path, LOOKALIKE_IMPORTS)
    result = cli("check", str(tmp_path / "backend"), "--root", str(tmp_path), check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_moved_modules_are_still_found_with_their_package_prefix(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "backend/__init__.py": "",
            "backend/utils/__init__.py": "",
            "backend/utils/helpers.py": "def slug():\n    return 'x'\n",
            "backend/services/__init__.py": "",
            "backend/services/billing.py": "RATE = 1\n",
            "backend/report.py": "from backend.helpers import slug\nfrom .billing import RATE\nimport billing\n",
        },
    )
    project = scan(tmp_path / "backend", tmp_path)
    found = {(s.line, s.new_module) for s in find_stale_imports(project, ["backend/report.py"])}
    assert (1, "backend.utils.helpers") in found
    assert (3, "backend.services.billing") in found
