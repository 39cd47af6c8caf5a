"""The catalogue of finding codes: every code the engine reports, its severity and what it means.

A :class:`~backend_organizer.core.model.Finding` names its code as a plain string; this table is where a code is
declared (a test checks that every code the sources emit is listed here with the severity it is emitted with,
and that nothing listed is never emitted). Editors and CI read the same codes: ``plan --json``, the language
server's diagnostics and ``check --format github`` annotations.

Severities: ``error`` means the plan would break something unless a person acts (the file or line is named);
``warning`` means the tool left something it could not prove alone; ``info`` explains a choice it made.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

Severity = Literal["warning", "info", "error"]


class FindingCode(NamedTuple):
    severity: Severity
    meaning: str


def _c(severity: Severity, meaning: str) -> FindingCode:
    return FindingCode(severity, meaning)


CODES: Final[dict[str, FindingCode]] = {
    # what the tool decided, and why
    "backend-detected": _c("info", "the backend folder was found by the tool; the message says from what"),
    "folder-becomes-package": _c("info", "an existing folder of modules gains an __init__.py and becomes a package"),
    "script-bootstrap": _c("info", "a moved script gets a sys.path bootstrap so it still runs by path"),
    "relative-to-absolute": _c("info", "a relative import now crosses the top-level package; written absolute"),
    "file-relative-path-rewritten": _c("info", "a __file__-relative path was rewritten for the file's new depth"),
    "dynamic-import": _c("info", "an importlib/__import__ call with a computed name; its result may change"),
    # what the plan left unchanged: a person should look
    "target-exists": _c("warning", "the destination already exists; the file was not moved"),
    "case-collision": _c("warning", "two destinations differ only in case; the second was not moved"),
    "dunder-all-moved": _c("warning", "__all__ lists a submodule that moves; update __all__ by hand"),
    "notebook-not-read": _c("warning", "a notebook is not valid JSON; its imports were not checked"),
    "notebook-cell-magic": _c("warning", "a notebook cell is a cell magic; its text was not checked"),
    "notebook-cell-not-parsed": _c("warning", "a notebook cell does not parse; it was not checked"),
    "notebook-not-rewritten": _c("warning", "a notebook that needs edits could not be rewritten losslessly"),
    "unreadable-config": _c("warning", "a config file is not valid TOML; its references were not checked"),
    "setuptools-flat-layout": _c("warning", "setuptools' automatic discovery will refuse the new flat layout"),
    "task-name-changes": _c("warning", "a task queue registers tasks by module path; queued tasks keep the old name"),
    "pickled-module-paths": _c("warning", "the code pickles objects; stored pickles name the old module paths"),
    "unresolved-relative": _c("warning", "a relative import does not resolve even before the move; left unchanged"),
    "file-relative-path": _c("warning", "a path built from __file__ could not be proven; not rewritten"),
    "file-name-string": _c("warning", "a string names a file that moves; update it if it is a path"),
    "unproven-string": _c("warning", "a string looks like a moved module path but is not proven one; not rewritten"),
    "import-call-result-changes": _c("warning", "__import__ of the new dotted name returns the package"),
    "annotation-not-rewritten": _c("warning", "a string annotation names a moved module; not rewritten"),
    "dockerfile-copies-only-py": _c("warning", "a Dockerfile copies only *.py files; the new folders are not copied"),
    "stdlib-shadow": _c("warning", "a module shadows a standard-library module for code run from its folder"),
    "shadowed-module": _c("warning", "a module is shadowed by a package of the same name, so nothing imports it"),
    "data-file-left-behind": _c("warning", "a moved module reads a data file by relative path that does not move"),
    "unresolved-import": _c("warning", "an import of a backend module's name resolves elsewhere; left as it is"),
    # the plan would break something: refused or needs a person
    "not-parsed": _c("error", "a file does not parse; nothing in it was checked"),
    "unresolvable-after-move": _c("error", "an import cannot be spelled from the file's new place"),
    "binding-changes": _c("error", "the rewritten import would bind another name; left unchanged"),
    "string-not-rewritten": _c("error", "a proven module-path string could not be rewritten"),
    "chain-broken": _c("error", "an attribute chain through a package no longer reaches the moved module"),
    "rewrite-broke-syntax": _c("error", "the rewritten file would not parse"),
    "binding-changed": _c("error", "after the rewrite an import binds something else than before"),
    "name-not-found": _c("error", "after the rewrite an imported name would not be found"),
    "unparsed-import-broken": _c("error", "a file that does not parse imports a moved module; it would break"),
}

# Diagnostics the language server and ``check`` report about the code as it is (not findings of a plan).
STALE_IMPORT: Final = "stale-import"


def severity_of(code: str) -> Severity:
    """The catalogued severity of ``code`` (``warning`` for a code not in the catalogue)."""
    entry = CODES.get(code)
    return entry.severity if entry else "warning"
