"""Front-door agent that hands conversations to the support or billing specialist."""
from agents import Agent, Runner

from my_agent import MODEL, build_support_agent
from tools import get_invoice_tool, note_preferences_tool

TRIAGE_INSTRUCTIONS = """\
Decide which specialist should handle the user's message and hand off to it.
If the user only tells you about themselves (their name or language), thank them
with `note_preferences` instead of handing off.
"""

BILLING_INSTRUCTIONS = """\
You handle invoices, charges and refunds. Use `get_invoice` to look up invoices
and quote amounts exactly as the tool returns them.
"""


def build_billing_agent(model=MODEL):
    return Agent(
        name="Billing",
        instructions=BILLING_INSTRUCTIONS,
        handoff_description="Invoices, charges, payments, refunds and billing",
        tools=[get_invoice_tool],
        model=model,
    )


def build_triage_agent(model=MODEL):
    return Agent(
        name="Triage",
        instructions=TRIAGE_INSTRUCTIONS,
        handoffs=[build_support_agent(model), build_billing_agent(model)],
        tools=[note_preferences_tool],
        model=model,
    )


triage_agent = build_triage_agent()


def ask(question, context=None):
    """Run one question through triage synchronously (CLI and tests; not inside an event loop)."""
    return Runner.run_sync(triage_agent, question, context=context or {})
