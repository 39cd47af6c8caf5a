"""A minimal LSP client-side WorkspaceEdit applier for tests: what an editor does, then "Save All".

Applies ``documentChanges`` in order (CreateFile, RenameFile, DeleteFile, TextDocumentEdit), checks document
versions against the "open buffers" it is given, and writes the result to disk.
"""

from __future__ import annotations

from pathlib import Path

from backend_organizer.lsp.convert import Positions
from lsprotocol import types
from pygls import uris


class EditRejected(Exception):
    pass


def apply_workspace_edit(edit: types.WorkspaceEdit, open_versions: dict[str, int] | None = None) -> None:
    open_versions = open_versions or {}
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            path = Path(uris.to_fs_path(change.uri))
            if path.exists():
                raise EditRejected(f"{path} exists")
            if not path.parent.is_dir():
                raise EditRejected(f"no folder for {path}")
            path.write_text("")
        elif isinstance(change, types.RenameFile):
            old, new = Path(uris.to_fs_path(change.old_uri)), Path(uris.to_fs_path(change.new_uri))
            if new.exists():
                raise EditRejected(f"{new} exists")
            if not new.parent.is_dir():
                raise EditRejected(f"no folder for {new}")
            old.rename(new)
        elif isinstance(change, types.TextDocumentEdit):
            uri = change.text_document.uri
            version = change.text_document.version
            if version is not None and open_versions.get(uri) != version:
                raise EditRejected(f"version mismatch for {uri}")
            path = Path(uris.to_fs_path(uri))
            path.write_bytes(apply_text_edits(path.read_bytes().decode("utf-8"), change.edits).encode("utf-8"))
        else:
            raise EditRejected(f"unsupported change {change!r}")


def apply_text_edits(text: str, edits: list) -> str:
    """``text`` with LSP text edits (UTF-16 positions) applied, as an editor buffer would be."""
    positions = Positions(text)
    spans = sorted(
        ((positions.offset(e.range.start), positions.offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text
