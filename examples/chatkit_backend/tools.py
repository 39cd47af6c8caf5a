"""Function tools the agents can call; data comes from the local database."""
import re

from agents import function_tool

import database
import memory_service
from models import Invoice, Order

FAQ = {
    "password": "To reset your password, use 'Forgot password' on the sign-in page; the link is valid for 1 hour.",
    "shipping": "Standard shipping takes 3-5 business days; express shipping takes 1-2 business days.",
    "return": "You can return unused items within 30 days for a full refund.",
}


def search_faq(query: str) -> str:
    """Search the help centre FAQ about passwords, login, shipping times or returns."""
    words = set(re.findall(r"[a-z]+", query.lower()))
    for topic, answer in FAQ.items():
        if topic in words or f"{topic}s" in words:
            return answer
    return "I couldn't find that in the FAQ; a support specialist will follow up by email."


def lookup_order(query: str) -> str:
    """Look up the delivery status of an order by its order number."""
    match = re.search(r"\b(\d{4})\b", query)
    if not match:
        return "Please tell me your four-digit order number."
    row = database.find_order(match.group(1))
    return Order(**row).describe() if row else f"I couldn't find order {match.group(1)}."


def get_invoice(query: str) -> str:
    """Find an invoice by its number and report the amount and payment status."""
    match = re.search(r"\bINV-\d+\b", query, re.IGNORECASE)
    if not match:
        return "Which invoice? Invoice numbers look like INV-7."
    row = database.find_invoice(match.group(0))
    return Invoice(**row).describe() if row else f"I couldn't find invoice {match.group(0).upper()}."


def note_preferences(message: str) -> str:
    """Acknowledge when the user tells us their name or preferred language."""
    facts = memory_service.extract_facts(message)
    if "name" in facts:
        return f"Nice to meet you, {facts['name']}! How can I help today?"
    if "language" in facts:
        return f"Noted: you prefer {facts['language']}."
    return "Thanks for letting me know! How can I help today?"


search_faq_tool = function_tool(search_faq)
lookup_order_tool = function_tool(lookup_order)
get_invoice_tool = function_tool(get_invoice)
note_preferences_tool = function_tool(note_preferences)
