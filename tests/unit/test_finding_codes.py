"""Finding codes live in one catalogue: every code the sources emit is listed with the severity it is emitted
with, nothing listed is dead, and plans of the bundled examples report only catalogued codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from backend_organizer.core.findings import CODES
from backend_organizer.core.planner import plan_organize
from helpers import copy_tree

SERVER = Path(__file__).resolve().parents[2] / "server" / "backend_organizer"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEVERITIES = {"info", "warning", "error"}
# calls whose argument at this position is a finding code: Finding(path, line, code, message, severity) and
# the import rule's self.warn(stmt, code, message, severity)
CODE_ARG = {"Finding": 2, "warn": 1}


def _emitted() -> list[tuple[str, str, str]]:
    """``(where, code, severity)`` of every finding built with a literal code in the server's sources."""
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            index = CODE_ARG.get(name)
            if index is None or len(node.args) <= index:
                continue
            code = node.args[index]
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            rest = [a.value for a in node.args[index + 2 :] if isinstance(a, ast.Constant)]
            rest += [k.value.value for k in node.keywords if k.arg == "severity" and isinstance(k.value, ast.Constant)]
            severity = next((r for r in rest if r in SEVERITIES), "warning")
            found.append((f"{path.relative_to(SERVER)}:{node.lineno}", code.value, severity))
    return found


def test_every_emitted_code_is_catalogued_with_its_severity() -> None:
    emitted = _emitted()
    assert len(emitted) > 30, "the scan found too few findings: has the Finding signature changed?"
    wrong = [
        f"{where}: {code} ({severity})"
        for where, code, severity in emitted
        if code not in CODES or CODES[code].severity != severity
    ]
    assert not wrong, "add these to core/findings.py CODES (or fix the severity):\n" + "\n".join(wrong)


def test_nothing_in_the_catalogue_is_dead() -> None:
    emitted = {code for _, code, _ in _emitted()}
    assert sorted(set(CODES) - emitted) == []


def test_codes_are_kebab_case_with_a_meaning() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", code), code
        assert entry.meaning and not entry.meaning.endswith("."), code


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_plans_report_only_catalogued_codes(tmp_path: Path, example: str) -> None:
    root = copy_tree(EXAMPLES / example, tmp_path / example)
    plan = plan_organize(root, root)
    for finding in plan.findings:
        entry = CODES.get(finding.code)
        assert entry is not None, f"{finding.code} is not catalogued"
        assert entry.severity == finding.severity, finding


def test_the_readme_table_lists_every_code_with_its_severity() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \|", readme, re.M))
    assert rows == {code: entry.severity for code, entry in CODES.items()}
