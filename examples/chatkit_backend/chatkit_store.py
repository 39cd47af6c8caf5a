"""ChatKit ``Store`` implementation backed by the local SQLite database."""
from dataclasses import asdict
from datetime import datetime

from chatkit.store import NotFoundError, Store
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    Page,
    ThreadMetadata,
    UserMessageItem,
    UserMessageTextContent,
)

import database


def item_to_dict(item):
    data = asdict(item)
    data["created_at"] = item.created_at.isoformat()
    return data


def item_from_dict(data):
    data = {**data, "created_at": datetime.fromisoformat(data["created_at"])}
    if data["type"] == "user_message":
        data["content"] = [UserMessageTextContent(**part) for part in data["content"]]
        return UserMessageItem(**data)
    if data["type"] == "assistant_message":
        data["content"] = [AssistantMessageContent(**part) for part in data["content"]]
        return AssistantMessageItem(**data)
    raise ValueError(f"unknown item type {data['type']!r}")


class SQLiteStore(Store):
    def generate_thread_id(self, context):
        return database.next_id("thr")

    def generate_item_id(self, item_type, thread, context):
        return database.next_id("msg" if item_type == "message" else item_type)

    async def load_thread(self, thread_id, context):
        row = database.load_thread(thread_id)
        if row is None or row["user_id"] != context.get("user_id"):
            raise NotFoundError(f"thread {thread_id} not found")
        return ThreadMetadata(id=row["id"], created_at=datetime.fromisoformat(row["created_at"]), title=row["title"])

    async def save_thread(self, thread, context):
        database.save_thread(thread.id, thread.title, thread.created_at.isoformat(), context.get("user_id"))

    async def load_thread_items(self, thread_id, after, limit, order, context):
        items = [item_from_dict(data) for data in database.load_items(thread_id, descending=order == "desc")]
        if after is not None:
            ids = [item.id for item in items]
            items = items[ids.index(after) + 1:] if after in ids else []
        has_more = len(items) > limit
        return Page(data=items[:limit], has_more=has_more, after=items[limit - 1].id if has_more else None)

    async def add_thread_item(self, thread_id, item, context):
        database.add_item(thread_id, item.id, item_to_dict(item))

    async def delete_thread(self, thread_id, context):
        if not database.delete_thread(thread_id):
            raise NotFoundError(f"thread {thread_id} not found")
