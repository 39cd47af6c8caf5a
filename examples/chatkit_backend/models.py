"""Domain records returned by the tools (separate from ChatKit's own thread/item types)."""
from dataclasses import dataclass

STATUS_TEXT = {
    "processing": "is being prepared in our warehouse",
    "shipped": "has shipped",
    "delivered": "was delivered",
    "paid": "is paid",
    "overdue": "is overdue",
}


@dataclass(frozen=True)
class Order:
    number: str
    status: str
    eta: str | None = None

    def describe(self):
        text = f"Order {self.number} {STATUS_TEXT.get(self.status, self.status)}"
        return f"{text} and should arrive on {self.eta}." if self.eta else f"{text}."


@dataclass(frozen=True)
class Invoice:
    number: str
    amount_cents: int
    status: str

    @property
    def amount(self):
        return f"${self.amount_cents // 100}.{self.amount_cents % 100:02d}"

    def describe(self):
        return f"Invoice {self.number} for {self.amount} {STATUS_TEXT.get(self.status, self.status)}."


@dataclass(frozen=True)
class Memory:
    user_id: str
    key: str
    value: str
