"""``ChatKitServer``: decodes ChatKit requests and drives ``respond`` (stand-in subset).

Supported request types: ``threads.create``, ``threads.add_user_message``
(both streamed as server-sent events) and ``threads.get_by_id`` (JSON).
"""
import json
from dataclasses import asdict, is_dataclass
from datetime import datetime, timezone

from .store import NotFoundError
from .types import ThreadCreatedEvent, ThreadItemDoneEvent, ThreadMetadata, UserMessageItem, UserMessageTextContent


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(obj):
    return json.dumps(asdict(obj) if is_dataclass(obj) else obj, default=_default, sort_keys=True)


class NonStreamingResult:
    def __init__(self, json_bytes):
        self.json = json_bytes


class StreamingResult:
    """Async iterator of ``data: <event json>\\n\\n`` chunks."""

    def __init__(self, events):
        self._events = events

    async def __aiter__(self):
        async for event in self._events:
            yield f"data: {to_json(event)}\n\n".encode("utf-8")


class ChatKitServer:
    def __init__(self, store, attachment_store=None):
        self.store = store
        self.attachment_store = attachment_store

    async def respond(self, thread, input_user_message, context):
        """Yield ``ThreadStreamEvent`` objects answering ``input_user_message``; subclasses implement it."""
        raise NotImplementedError
        yield  # pragma: no cover - makes this an async generator

    def now(self):
        """Timestamp for new items (stand-in hook; override for deterministic tests)."""
        return datetime.now(timezone.utc)

    async def process(self, request, context):
        req = json.loads(request)
        kind, params = req.get("type"), req.get("params") or {}
        if kind == "threads.get_by_id":
            thread = await self.store.load_thread(params["thread_id"], context)
            page = await self.store.load_thread_items(thread.id, None, 100, "asc", context)
            body = {**asdict(thread), "items": [asdict(item) for item in page.data]}
            return NonStreamingResult(json.dumps(body, default=_default, sort_keys=True).encode("utf-8"))
        if kind == "threads.create":
            return StreamingResult(self._create(params, context))
        if kind == "threads.add_user_message":
            return StreamingResult(self._add_message(params, context))
        raise ValueError(f"unsupported request type: {kind!r}")

    async def _create(self, params, context):
        thread = ThreadMetadata(id=self.store.generate_thread_id(context), created_at=self.now())
        await self.store.save_thread(thread, context)
        yield ThreadCreatedEvent(thread=thread)
        async for event in self._run(thread, params.get("input") or {}, context):
            yield event

    async def _add_message(self, params, context):
        try:
            thread = await self.store.load_thread(params["thread_id"], context)
        except KeyError:
            raise NotFoundError("params.thread_id is required") from None
        async for event in self._run(thread, params.get("input") or {}, context):
            yield event

    async def _run(self, thread, user_input, context):
        texts = [part["text"] for part in user_input.get("content", []) if part.get("type") == "input_text"]
        item = UserMessageItem(id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
                               created_at=self.now(), content=[UserMessageTextContent(t) for t in texts])
        await self.store.add_thread_item(thread.id, item, context)
        yield ThreadItemDoneEvent(item=item)
        async for event in self.respond(thread, item, context):
            if isinstance(event, ThreadItemDoneEvent):
                await self.store.add_thread_item(thread.id, event.item, context)
            yield event
