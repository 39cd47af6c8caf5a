"""The ChatKit server: runs every user message through the triage agent."""
from datetime import datetime, timezone

from agents import Runner
from chatkit.server import ChatKitServer
from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadItemDoneEvent

import memory_service
from triage_agent import build_triage_agent

TITLE_LENGTH = 40


class SupportChatKitServer(ChatKitServer):
    def __init__(self, store, agent=None, clock=None):
        super().__init__(store)
        self.agent = agent or build_triage_agent()
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    def now(self):
        return self.clock()

    async def respond(self, thread, input_user_message, context):
        text = " ".join(part.text for part in input_user_message.content).strip()
        user_id = context.get("user_id", "anonymous")
        if thread.title is None and text:
            thread.title = text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 3].rstrip() + "..."
            await self.store.save_thread(thread, context)
        memory_service.remember(user_id, text)
        result = await Runner.run(self.agent, text, context=context)
        context.setdefault("trace", []).extend(result.new_items)
        reply = memory_service.personalize(user_id, str(result.final_output))
        item = AssistantMessageItem(
            id=self.store.generate_item_id("message", thread, context),
            thread_id=thread.id,
            created_at=self.now(),
            content=[AssistantMessageContent(text=reply)],
        )
        yield ThreadItemDoneEvent(item=item)
