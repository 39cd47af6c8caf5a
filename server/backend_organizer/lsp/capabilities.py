"""Predicates on the client's capabilities, named for what the server needs to know."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability


@dataclass(frozen=True)
class EditSupport:
    """What the client can do with a WorkspaceEdit."""

    rename: bool
    create: bool
    annotations: bool
    document_changes: bool


def edit_support(caps: types.ClientCapabilities) -> EditSupport:
    operations = get_capability(caps, "workspace.workspace_edit.resource_operations", []) or []
    return EditSupport(
        rename=types.ResourceOperationKind.Rename in operations,
        create=types.ResourceOperationKind.Create in operations,
        annotations=get_capability(caps, "workspace.workspace_edit.change_annotation_support", None) is not None,
        document_changes=bool(get_capability(caps, "workspace.workspace_edit.document_changes", False)),
    )


def supports_work_done_progress(caps: types.ClientCapabilities) -> bool:
    return bool(get_capability(caps, "window.work_done_progress", False))


def supports_code_action_resolve(caps: types.ClientCapabilities) -> bool:
    properties = get_capability(caps, "text_document.code_action.resolve_support.properties", []) or []
    return "edit" in properties


def supports_apply_edit(caps: types.ClientCapabilities) -> bool:
    return bool(get_capability(caps, "workspace.apply_edit", False))


def supports_show_document(caps: types.ClientCapabilities) -> bool:
    return bool(get_capability(caps, "window.show_document.support", False))
