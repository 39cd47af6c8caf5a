"""Jupyter notebooks: imports and module-path strings in code cells follow the moved modules.

A notebook is JSON whose code cells run in one namespace, from the notebook's folder. Each code cell is
indexed and rewritten by the rules that apply to cells (``in_cells`` in the registry: imports and
module-path strings; attribute chains cross cells and a notebook has no ``__file__``). IPython magics and
shell escapes are masked as comments first, so offsets do not move. The notebook is written back only when
serialising it again reproduces its original bytes, as it does for notebooks saved by Jupyter or VS Code;
then nothing but the rewritten source lines changes. Any other notebook, and any cell that does not parse,
is reported with the cell number instead of being touched.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import pairwise
from typing import Any

from ..model import FileChange, Finding, TextEdit
from ..scan.index import FileIndex, build_index
from ..scan.sourcefile import SourceFile, apply_edits, line_starts
from .context import FileWork, PlanState
from .protocol import FileRule, merge

_MAX_BYTES = 20_000_000
#: An IPython line magic, shell escape or help request (``%time``, ``!ls``, ``?obj``, ``obj.attr??``): not
#: Python, masked as a comment of the same length. A question mark that ends any other line (a docstring) stays.
_MAGIC = re.compile(r"^([ \t]*)([%!?]|[A-Za-z_][\w.]*\?\??[ \t]*$)", re.M)

Dumps = Callable[[Any], str]


def notebook_changes(
    state: PlanState, notebooks: Iterable[str], rules: Sequence[FileRule]
) -> tuple[list[FileChange], list[Finding]]:
    """Changes to the notebooks among ``notebooks`` (workspace-relative paths) by ``rules``, and findings."""
    changes: list[FileChange] = []
    findings: list[Finding] = []
    moved_names = state.moved_names
    for rel in notebooks:
        path = state.project.root / rel
        try:
            if path.stat().st_size > _MAX_BYTES:
                continue
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not any(name in raw for name in moved_names):
            continue
        try:
            notebook = json.loads(raw)
        except ValueError:
            findings.append(Finding(rel, 1, "notebook-not-read", "not valid JSON; its imports were not checked"))
            continue
        change, more = _rewrite_notebook(state, rules, rel, raw, notebook)
        findings.extend(more)
        if change is not None:
            changes.append(change)
    return changes, findings


def _rewrite_notebook(
    state: PlanState, rules: Sequence[FileRule], rel: str, raw: str, notebook: Any
) -> tuple[FileChange | None, list[Finding]]:
    moved_names = state.moved_names
    findings: list[Finding] = []
    starts = cell_lines(raw)
    edited: list[int] = []
    dumps: Dumps | None = None
    for number, cell, text in code_cells(notebook):
        if not any(name in text for name in moved_names):
            continue
        line = cell_line(starts, number)
        if is_cell_magic(text):
            findings.append(
                Finding(rel, line, "notebook-cell-magic", f"cell {number} is a cell magic; its text was not checked")
            )
            continue
        new_text, cell_findings = _rewrite_cell(state, rules, rel, text)
        findings.extend(
            Finding(rel, line, f.code, f"cell {number}, line {f.line}: {f.message}", f.severity) for f in cell_findings
        )
        if new_text is None:
            findings.append(
                Finding(rel, line, "notebook-cell-not-parsed", f"cell {number} does not parse; it was not checked")
            )
        elif new_text != text:
            if not edited:  # before the first change: how the untouched notebook serialises
                dumps = _serializer(raw, notebook)
            cell["source"] = new_text.splitlines(keepends=True) if isinstance(cell["source"], list) else new_text
            edited.append(number)
    if not edited:
        return None, findings
    if dumps is None:
        which = f"cells {', '.join(map(str, edited))} import" if len(edited) > 1 else f"cell {edited[0]} imports"
        findings.append(
            Finding(
                rel,
                cell_line(starts, edited[0]),
                "notebook-not-rewritten",
                f"{which} moved modules, but this notebook is not laid out the way Jupyter writes notebooks, "
                "so it was left as is: update those imports by hand",
            )
        )
        return None, findings
    new_raw = dumps(notebook)
    edits = _line_edits(raw, new_raw, f"notebook cells {', '.join(map(str, edited))}: imports follow the moves")
    return FileChange(rel, raw, apply_edits(raw, edits), tuple(edits), is_python=False), findings


def parse_cell(rel: str, text: str) -> tuple[SourceFile, FileIndex] | None:
    """A code cell as a Python source (magics masked, offsets kept) and its index; None if it does not parse."""
    masked = _MAGIC.sub(lambda m: m.group(1) + "#" + m.group(2)[1:], text)
    try:
        tree = ast.parse(masked)
    except (SyntaxError, ValueError):
        return None
    source = SourceFile.from_text(rel, masked)
    return source, build_index(rel, tree, len(source.starts), masked)


def code_cells(notebook: Any) -> Iterator[tuple[int, dict[str, Any], str]]:
    """``(cell number, cell, source text)`` of each code cell; numbers count every cell from 1."""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source")
            text = "".join(source) if isinstance(source, list) else source
            if isinstance(text, str):
                yield number, cell, text


def is_cell_magic(text: str) -> bool:
    """A ``%%`` cell magic: the whole cell is not Python."""
    return text.lstrip().startswith("%%")


def cell_lines(raw: str) -> list[int]:
    """1-based line of each cell's ``"cell_type"`` key in the notebook text, in cell order (one pass)."""
    found: list[int] = []
    line, last = 1, 0
    for match in re.finditer('"cell_type"', raw):
        line += raw.count("\n", last, match.start())
        last = match.start()
        found.append(line)
    return found


def source_position(lines: list[str], cell_start: int, line: int, column: int) -> tuple[int, int]:
    """1-based line and column in the notebook file (``lines``: its text split at newlines) of (``line``,
    ``column``) of the code cell whose ``"cell_type"`` is on line ``cell_start``: exact when the source is
    stored one line per JSON string (as Jupyter and VS Code do), else the cell's line."""
    for number, text in enumerate(lines[cell_start - 1 :], cell_start):
        if text.strip().startswith('"source"'):
            if not text.rstrip().endswith("[") or number + line > len(lines):
                return cell_start, 1
            target = lines[number + line - 1]
            return number + line, target.find('"') + 1 + column
    return cell_start, 1


def _rewrite_cell(state: PlanState, rules: Sequence[FileRule], rel: str, text: str) -> tuple[str | None, list[Finding]]:
    """The cell's new text (None when it does not parse) and findings with cell-relative lines."""
    parsed = parse_cell(rel, text)
    if parsed is None:
        return None, []
    source, index = parsed
    result = merge(rules, state, FileWork(rel, rel, source, index))
    # masking kept every offset, and no edit touches a masked line: apply them to the real text
    return apply_edits(text, result.edits), list(result.findings)


def _serializer(raw: str, notebook: Any) -> Dumps | None:
    """A ``json.dumps`` setting that reproduces ``raw`` byte for byte, or None."""
    for indent in (1, 2, 4):
        for sort_keys in (True, False):
            for ensure_ascii in (False, True):
                text = json.dumps(notebook, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
                for tail in ("\n", ""):
                    if text + tail == raw:
                        return partial(_dumps, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii, tail=tail)
    return None


def _dumps(notebook: Any, *, indent: int, sort_keys: bool, ensure_ascii: bool, tail: str) -> str:
    return json.dumps(notebook, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii) + tail


def _line_edits(old: str, new: str, reason: str) -> list[TextEdit]:
    """Line-level edits turning ``old`` into ``new`` (only the JSON lines of rewritten source lines differ)."""
    starts, new_starts = _bounds(old), _bounds(new)
    old_lines = [old[a:b] for a, b in pairwise(starts)]
    new_lines = [new[a:b] for a, b in pairwise(new_starts)]
    edits: list[TextEdit] = []
    import difflib  # only for notebooks whose cells change

    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(TextEdit(starts[i1], starts[i2], "".join(new_lines[j1:j2]), "import", reason))
    return edits


def _bounds(text: str) -> list[int]:
    """Line starts plus the end of the text (lines split exactly as the rest of the engine splits them)."""
    starts = line_starts(text)
    return starts if starts[-1] == len(text) else [*starts, len(text)]


def cell_line(starts: list[int], number: int) -> int:
    """Line of cell ``number`` (from :func:`cell_lines`; 1 if the text has fewer cells)."""
    return starts[number - 1] if number <= len(starts) else 1
