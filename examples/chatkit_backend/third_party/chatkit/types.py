"""Thread, item and event types (stand-in: dataclasses instead of pydantic models)."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ThreadMetadata:
    id: str
    created_at: datetime
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class UserMessageTextContent:
    text: str
    type: str = "input_text"


@dataclass
class UserMessageItem:
    id: str
    thread_id: str
    created_at: datetime
    content: list[UserMessageTextContent]
    attachments: list[Any] = field(default_factory=list)
    type: str = "user_message"


@dataclass
class AssistantMessageContent:
    text: str
    annotations: list[Any] = field(default_factory=list)
    type: str = "output_text"


@dataclass
class AssistantMessageItem:
    id: str
    thread_id: str
    created_at: datetime
    content: list[AssistantMessageContent]
    type: str = "assistant_message"


ThreadItem = UserMessageItem | AssistantMessageItem


@dataclass
class Page:
    data: list[Any]
    has_more: bool = False
    after: str | None = None


@dataclass
class ThreadCreatedEvent:
    thread: ThreadMetadata
    type: str = "thread.created"


@dataclass
class ThreadItemDoneEvent:
    item: Any
    type: str = "thread.item.done"
