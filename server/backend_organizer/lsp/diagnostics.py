"""Stale-import diagnostics: published on open, change (debounced) and save of Python documents.

The core's :class:`~backend_organizer.core.stale.StaleImportFinder` decides (with jedi for what the user's
environment can import); this module only schedules it off the event loop and publishes the result.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lsprotocol import types

from ..core.api import StaleImportFinder
from .convert import stale_diagnostic

if TYPE_CHECKING:
    from .state import OrganizerServer

DEBOUNCE = 0.25


def schedule(ls: OrganizerServer, uri: str, delay: float = DEBOUNCE) -> None:
    """(Re)start the timer that publishes diagnostics for ``uri``."""
    if not uri.endswith(".py"):
        return
    loop = asyncio.get_event_loop()
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.pending[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(publish(ls, uri)))


def clear(ls: OrganizerServer, uri: str) -> None:
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.published.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def compute(ls: OrganizerServer, uri: str) -> tuple[list[types.Diagnostic], int | None] | None:
    """Stale-import diagnostics for one document (blocking; runs in a worker thread)."""
    located = ls.locate(uri)
    if located is None:
        return None
    session, rel = located.session, located.rel
    document = ls.workspace.get_text_document(uri)
    version = document.version
    overlay = ls.overlay(session)
    overlay[rel] = document.source
    project = ls.project(located, overlay=overlay)
    if rel not in project.indexes:
        return [], version
    finder = StaleImportFinder(project, session.resolver)
    items = finder.find(rel)
    source_text = project.sources[rel].text
    return [stale_diagnostic(item, source_text, ls.encoding) for item in items], version


async def publish(ls: OrganizerServer, uri: str) -> None:
    ls.pending.pop(uri, None)
    try:
        result = await ls.off_loop(compute, ls, uri)
    except Exception as exc:
        ls.log(f"stale-import check failed for {uri}: {exc}", types.MessageType.Error)
        return
    if result is None:
        return
    diagnostics, version = result
    ls.published[uri] = diagnostics
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
    )
