"""The customer-support agent, built with the OpenAI Agents SDK."""
from agents import Agent

from tools import lookup_order_tool, search_faq_tool

MODEL = "gpt-4.1-mini"

SUPPORT_INSTRUCTIONS = """\
You are the support agent of an online shop. Answer questions about orders,
delivery, passwords and returns. Always call `lookup_order` for order status
and `search_faq` for policy questions; never guess order details. Keep answers
to two sentences.
"""


def build_support_agent(model=MODEL):
    return Agent(
        name="Support",
        instructions=SUPPORT_INSTRUCTIONS,
        handoff_description="Orders, delivery, shipping, returns, passwords and login problems",
        tools=[search_faq_tool, lookup_order_tool],
        model=model,
    )


support_agent = build_support_agent()
