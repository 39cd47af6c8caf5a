"""Adapter exposing the chat service through a ChatKit-like JSON protocol.

Requests look like ``{"type": "threads.create", "params": {...}}``; a thread is
a chat session and thread items are its messages.
"""
from chat_service import ChatService
from helpers import truncate
from models import (
    Message,  # chat message
    Session,
)

TITLE_LIMIT = 60


class ProtocolError(ValueError):
    """Malformed or unsupported ChatKit request."""


def thread_item(message: Message) -> dict:
    assistant = message.role == "assistant"
    return {
        "id": f"msg_{message.id}",
        "thread_id": message.session_id,
        "type": "assistant_message" if assistant else "user_message",
        "content": [{"type": "output_text" if assistant else "input_text", "text": message.content}],
    }


def thread_payload(session: Session) -> dict:
    return {
        "id": session.id,
        "title": truncate(session.title, TITLE_LIMIT),
        "items": [thread_item(message) for message in session.messages],
    }


def extract_text(user_input):
    """Concatenate the ``input_text`` parts of a ChatKit user input."""
    if not isinstance(user_input, dict) or not isinstance(user_input.get("content"), list):
        raise ProtocolError("params.input.content must be a list")
    parts = [part.get("text", "") for part in user_input["content"]
             if isinstance(part, dict) and part.get("type") == "input_text"]
    text = " ".join(p.strip() for p in parts if p.strip())
    if not text:
        raise ProtocolError("the message has no input_text content")
    return text


class ChatKitServer:
    def __init__(self, chat=None):
        self.chat = chat or ChatService()
        self._handlers = {
            "threads.create": self._create_thread,
            "threads.add_user_message": self._add_user_message,
            "threads.get_by_id": self._get_thread,
        }

    def process(self, request, user_id=None):
        kind = request.get("type") if isinstance(request, dict) else None
        if kind not in self._handlers:
            raise ProtocolError(f"unsupported request type: {kind!r}")
        return self._handlers[kind](request.get("params") or {}, user_id)

    def _create_thread(self, params, user_id):
        session = self.chat.sessions.start(params.get("title") or "New chat", user_id)
        return {"type": "thread.created", "thread": thread_payload(session)}

    def _add_user_message(self, params, user_id):
        thread_id = params.get("thread_id")
        self.chat.sessions.get(thread_id, user_id)  # raises SessionNotFound for foreign threads
        result = self.chat.send(thread_id, extract_text(params.get("input")))
        user_message = Message(**result["message"])
        reply = Message(**result["reply"])
        return {"type": "stream", "events": [
            {"type": "thread.item.added", "item": thread_item(user_message)},
            {"type": "thread.item.done", "item": thread_item(reply), "sources": result["sources"]},
        ]}

    def _get_thread(self, params, user_id):
        session = self.chat.sessions.get(params.get("thread_id"), user_id)
        return {"type": "thread", "thread": thread_payload(session)}
