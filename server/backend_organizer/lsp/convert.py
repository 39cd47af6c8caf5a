"""Bridge between core results and lsprotocol types: positions, text edits, workspace edits, diagnostics.

The core speaks code-point offsets into a file's text; LSP speaks (line, character) in the negotiated
position encoding (UTF-16 unless the client chose otherwise). Lines are split on ``\\n``, ``\\r\\n`` and ``\\r``
only, as both the LSP and Python's tokenizer do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from ..core.api import STALE_IMPORT, FileChange, Plan, SourceFile, StaleImport, TextEdit
from .capabilities import EditSupport

SOURCE = "backend-organizer"
IMPORTS_ANNOTATION = "backend-organizer.imports"
CONFIRM_ANNOTATION = "backend-organizer.confirm"
PACKAGES_ANNOTATION = "backend-organizer.packages"


def uri_of(root: Path, rel: str) -> str:
    return (root / rel).as_uri() if rel else root.as_uri()


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class Positions:
    """Offset → Position for one text, in the client's position encoding."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.source = SourceFile.from_text("<buffer>", text)
        self.encoding = encoding

    def position(self, offset: int) -> types.Position:
        line, column = self.source.position(offset)
        start = self.source.starts[line]
        return types.Position(line=line, character=_units(self.source.text[start : start + column], self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        starts = self.source.starts
        if position.line >= len(starts):
            return len(self.source.text)
        start = starts[position.line]
        line = self.source.line_text(position.line + 1)
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return start + index
            units += _units(char, self.encoding)
        return start + len(line)


def replacement_edit(old: str, new: str, encoding: str) -> types.TextEdit:
    """One edit that turns ``old`` into ``new``: the span between their common prefix and common suffix."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return types.TextEdit(range=Positions(old, encoding).range(start, end_old), new_text=new[start:end_new])


def text_edits(
    change_text: str, edits: tuple[TextEdit, ...] | list[TextEdit], encoding: str, annotate: bool
) -> list[types.TextEdit | types.AnnotatedTextEdit]:
    positions = Positions(change_text, encoding)
    result: list[types.TextEdit | types.AnnotatedTextEdit] = []
    for edit in edits:
        rng = positions.range(edit.start, edit.end)
        if annotate:
            annotation = IMPORTS_ANNOTATION if edit.certain else CONFIRM_ANNOTATION
            result.append(types.AnnotatedTextEdit(range=rng, new_text=edit.new_text, annotation_id=annotation))
        else:
            result.append(types.TextEdit(range=rng, new_text=edit.new_text))
    return result


@dataclass
class EditBuild:
    """A WorkspaceEdit and the facts the command reports about it."""

    edit: types.WorkspaceEdit
    moves: int
    edits: int
    #: The plan's new folders, absolute: made by the caller for a client that cannot make them itself.
    new_dirs: list[Path] = field(default_factory=list)


def _move_label(src: str, dst: str) -> str:
    name = src.rsplit("/", 1)[-1]
    folder = dst.rsplit("/", 1)[0] if "/" in dst else "."
    return f"Move {name} → {folder.rsplit('/', 1)[-1]}/"


def plan_workspace_edit(
    plan: Plan,
    versions: Mapping[str, int | None],
    support: EditSupport,
    encoding: str,
    include_moves: bool = True,
    client_adds_final_newline: bool = False,
    text_edits_first: bool = False,
) -> EditBuild:
    """The whole plan as one WorkspaceEdit, in an order every tested client applies correctly.

    Order: ``CreateFile`` + content for each new file, ``TextDocumentEdit`` for each rewritten Python file
    on its old URI, the ``RenameFile`` operations, then edits to non-Python files. ``client_adds_final_newline``
    is for clients that write new buffers with a final newline of their own (Neovim). ``text_edits_first``
    is for clients that apply every text edit before any resource operation, whatever the order (Emacs
    lsp-mode): a new file then gets only its content edit, which opens a buffer for it, because a
    ``CreateFile`` applied after that edit creates the file under the modified buffer, and saving it
    becomes a "changed on disk" conflict.
    """
    root = Path(plan.root)
    annotate = support.annotations
    changes: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    annotations: dict[str, types.ChangeAnnotation] = {}
    count = 0

    def doc_edit(change: FileChange) -> types.TextDocumentEdit:
        nonlocal count
        count += len(change.edits)
        return types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=uri_of(root, change.path), version=versions.get(change.path)
            ),
            edits=text_edits(change.old_text, change.edits, encoding, annotate),
        )

    for created in plan.created:
        uri = uri_of(root, created.path)
        if not text_edits_first:
            changes.append(types.CreateFile(uri=uri, annotation_id=PACKAGES_ANNOTATION if annotate else None))
        content = created.content
        if client_adds_final_newline and content.endswith("\n"):
            content = content[:-1]  # the new buffer already has its one (empty) line, written with a newline
        start = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        insert: types.TextEdit | types.AnnotatedTextEdit = (
            types.AnnotatedTextEdit(range=start, new_text=content, annotation_id=PACKAGES_ANNOTATION)
            if annotate
            else types.TextEdit(range=start, new_text=content)
        )
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[insert],
            )
        )
    for change in plan.changes:
        if change.is_python:
            changes.append(doc_edit(change))
    if include_moves:
        for move in plan.moves:
            annotation_id = f"backend-organizer.move:{move.src}"
            if annotate:
                annotations[annotation_id] = types.ChangeAnnotation(
                    label=_move_label(move.src, move.dst), description=move.reason or None
                )
            changes.append(
                types.RenameFile(
                    old_uri=uri_of(root, move.src),
                    new_uri=uri_of(root, move.dst),
                    options=types.RenameFileOptions(overwrite=False),
                    annotation_id=annotation_id if annotate else None,
                )
            )
    for change in plan.changes:
        if not change.is_python:
            changes.append(doc_edit(change))
    if annotate:
        annotations[IMPORTS_ANNOTATION] = types.ChangeAnnotation(
            label="Update imports",
            description="Imports, module paths in mock.patch/importlib strings and __file__ paths",
        )
        annotations[CONFIRM_ANNOTATION] = types.ChangeAnnotation(
            label="Update scripts, config and docs",
            description="Command lines, config files, docs and comments that name moved files; review them",
            needs_confirmation=True,
        )
        annotations[PACKAGES_ANNOTATION] = types.ChangeAnnotation(
            label="Create packages", description="New __init__.py files and generated docs"
        )
    edit = types.WorkspaceEdit(document_changes=changes, change_annotations=annotations or None)
    new_dirs = [root / d for d in plan.new_dirs]
    return EditBuild(edit, len(plan.moves) if include_moves else 0, count, new_dirs)


def stale_diagnostic(item: StaleImport, text: str, encoding: str) -> types.Diagnostic:
    positions = Positions(text, encoding)
    return types.Diagnostic(
        range=positions.range(item.start, item.end),
        message=f"stale import: {item.message}",
        severity=types.DiagnosticSeverity.Warning,
        source=SOURCE,
        code=STALE_IMPORT,
        data={
            "replacement": item.replacement,
            "newModule": item.new_module,
            "start": item.start,
            "end": item.end,
        },
    )
