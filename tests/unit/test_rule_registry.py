"""The rule registry: sound declarations, every construct a rule reads is indexed, one merge step."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from dataclasses import dataclass, field

import backend_organizer.core.rules as rules_package
import pytest
from backend_organizer.core.model import Finding, TextEdit
from backend_organizer.core.rules import registry
from backend_organizer.core.rules.context import FileWork
from backend_organizer.core.rules.protocol import RuleConflict, RuleResult, merge
from backend_organizer.core.scan.index import _TRIGGERS, CONSTRUCTS, build_index
from backend_organizer.core.scan.sourcefile import SourceFile

#: One line that contains each construct and no dotted literal unless the construct is one, so that only the
#: construct's trigger words can make the index look at it.
SAMPLES = {
    "patch": 'mock.patch("database.connect")',
    "setattr": 'monkeypatch.setattr("database.X", 1)',
    "import_module": 'importlib.import_module("database")',
    "__import__": '__import__("database")',
    "resolve_name": 'pkgutil.resolve_name("database:connect")',
    "sys_modules": 'sys.modules["database"]',
    "app": 'uvicorn.run("main:app")',
    "dotted": 'X = "database.connect"',
    "annotation": 'def f(x: "database.Pool"): ...',
    "sys_path_lines": 'sys.path.insert(0, "lib")',
    "file_uses": "HERE = Path(__file__)",
    "module_file_uses": "HERE = database.__file__",
    "pickle_lines": "pickle.dump(obj, f)",
}


def test_registry_is_consistent() -> None:
    assert registry.check() == []


def test_every_rule_module_is_registered() -> None:
    declared = []
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        if hasattr(module, "RULE"):
            declared.append(module.RULE)
    assert set(map(id, declared)) == set(map(id, registry.FILE_RULES))


def test_every_construct_has_a_sample() -> None:
    assert SAMPLES.keys() == CONSTRUCTS.keys()


@pytest.mark.parametrize("construct", sorted(SAMPLES))
def test_the_index_records_each_construct_by_its_trigger_words(construct: str) -> None:
    text = SAMPLES[construct] + "\n"
    index = build_index("m.py", ast.parse(text), 1, text)
    recorded = getattr(index, construct, None)
    if recorded is None:  # a string kind
        recorded = [ref for ref in index.strings if ref.kind == construct]
    assert recorded, f"{construct!r} in {text!r} was not recorded"
    assert all(word in _TRIGGERS for word in CONSTRUCTS[construct])


def test_safe_kinds_are_derived_from_the_rules() -> None:
    assert registry.syntax_safe_kinds() == {"import", "usage", "string"}


def test_cell_rules_are_imports_and_strings() -> None:
    assert [rule.name for rule in registry.CELL_RULES] == ["imports", "strings"]


@dataclass
class FakeRule:
    name: str
    edits: tuple[TextEdit, ...] = ()
    findings: tuple[Finding, ...] = ()
    yields: bool = False
    superseded_by: dict[str, frozenset[str]] = field(default_factory=dict)
    reads: frozenset[str] = frozenset()
    kinds: frozenset = frozenset({"import"})
    keeps_syntax: bool = True
    in_cells: bool = False

    def affects(self, project, moves):
        return set()

    def rewrite(self, state, file):
        return RuleResult(self.edits, self.findings)


def _file(text: str = "a = 1\nb = 2\nc = 3\n") -> FileWork:
    source = SourceFile.from_text("m.py", text)
    return FileWork("m.py", "m.py", source, build_index("m.py", ast.parse(text), 3, text))


def test_merge_sorts_edits_and_keeps_every_finding() -> None:
    first = FakeRule("one", (TextEdit(6, 7, "B"),), (Finding("m.py", 2, "x", "x"),))
    second = FakeRule("two", (TextEdit(0, 1, "A"),))
    result = merge([first, second], None, _file())  # type: ignore[arg-type]
    assert [e.new_text for e in result.edits] == ["A", "B"]
    assert [f.code for f in result.findings] == ["x"]


def test_a_yielding_rule_gives_way_to_earlier_edits() -> None:
    code = FakeRule("code", (TextEdit(0, 5, "alpha = 1"),))
    docs = FakeRule("docs", (TextEdit(2, 3, "?"), TextEdit(6, 7, "B")), yields=True)
    result = merge([code, docs], None, _file())  # type: ignore[arg-type]
    assert [e.new_text for e in result.edits] == ["alpha = 1", "B"]


def test_overlapping_rules_that_do_not_yield_are_a_conflict() -> None:
    one = FakeRule("one", (TextEdit(0, 5, "x"),))
    two = FakeRule("two", (TextEdit(2, 3, "y"),))
    with pytest.raises(RuleConflict, match="one and two"):
        merge([one, two], None, _file())  # type: ignore[arg-type]


def test_a_finding_is_dropped_only_where_the_named_rule_edited_its_line() -> None:
    scripts = FakeRule("scripts", (TextEdit(6, 7, "B"),))  # line 2
    maybe = (Finding("m.py", 2, "unproven-string", "?"), Finding("m.py", 3, "unproven-string", "?"))
    strings = FakeRule("strings", findings=maybe, superseded_by={"scripts": frozenset({"unproven-string"})})
    other = FakeRule("other", findings=(Finding("m.py", 2, "unproven-string", "?"),))
    result = merge([scripts, strings, other], None, _file())  # type: ignore[arg-type]
    assert [(f.line, f.code) for f in result.findings] == [(3, "unproven-string"), (2, "unproven-string")]


def test_string_kinds_and_the_constructs_table_agree() -> None:
    """Every kind of module-path string the index can record is a construct rules can read, and back."""
    from typing import get_args

    from backend_organizer.core.scan.index import CONSTRUCTS, FileIndex, StringKind

    fields = {f for f in FileIndex.__dataclass_fields__ if f in CONSTRUCTS}
    assert set(get_args(StringKind)) | fields == set(CONSTRUCTS)
