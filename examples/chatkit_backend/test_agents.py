import os

import pytest

import agents
import memory_service
import tools
from my_agent import support_agent
from triage_agent import ask, build_triage_agent


def test_sdk_names_resolve_to_the_offline_stand_in():
    assert os.path.join("third_party", "agents") in agents.__file__
    assert isinstance(support_agent, agents.Agent)
    assert [tool.name for tool in support_agent.tools] == ["search_faq", "lookup_order"]


def test_triage_hands_order_questions_to_support(db):
    result = ask("Where is my order 1042?")
    assert result.last_agent.name == "Support"
    assert result.final_output == "Order 1042 has shipped and should arrive on 2025-06-03."
    assert [item["type"] for item in result.new_items] == ["handoff", "tool_call"]


def test_triage_hands_invoices_to_billing(db):
    result = ask("Can I get a refund for invoice inv-8?")
    assert result.last_agent.name == "Billing"
    assert result.final_output == "Invoice INV-8 for $129.00 is overdue."


def test_faq_answers_come_from_support(db):
    result = ask("I forgot my password, how do I reset it?")
    assert result.last_agent.name == "Support"
    assert result.final_output.startswith("To reset your password")


def test_self_introductions_stay_with_triage(db):
    result = ask("Hello, my name is Ada")
    assert result.last_agent.name == "Triage"
    assert result.final_output == "Nice to meet you, Ada! How can I help today?"


@pytest.mark.parametrize("query, expected", [
    ("order 1043", "Order 1043 is being prepared in our warehouse."),
    ("order 9999", "I couldn't find order 9999."),
    ("my order", "Please tell me your four-digit order number."),
])
def test_lookup_order_tool(db, query, expected):
    assert tools.lookup_order(query) == expected


def test_get_invoice_and_faq_tools(db):
    assert tools.get_invoice("INV-7 please") == "Invoice INV-7 for $49.00 is paid."
    assert tools.get_invoice("invoice") == "Which invoice? Invoice numbers look like INV-7."
    assert "30 days" in tools.search_faq("how do returns work")
    assert "specialist" in tools.search_faq("quantum physics")


def test_tool_schema_exposes_the_parameter():
    assert tools.lookup_order_tool.params_json_schema["required"] == ["query"]


def test_models_are_configurable():
    agent = build_triage_agent(model="gpt-test")
    assert {agent.model, *(handoff.model for handoff in agent.handoffs)} == {"gpt-test"}


def test_memory_service_remembers_and_personalizes(db):
    assert memory_service.remember("u1", "Call me Grace, I prefer French") == {"name": "Grace", "language": "French"}
    assert memory_service.remember("u1", "call me Grace") == {}
    assert [(m.key, m.value) for m in memory_service.recall("u1")] == [("language", "French"), ("name", "Grace")]
    assert memory_service.personalize("u1", "Your order has shipped.") == "Grace, your order has shipped."
    assert memory_service.personalize("u2", "Your order has shipped.") == "Your order has shipped."
