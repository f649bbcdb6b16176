"""A customer's statement: every ledger event in order, with what it was and the balance after.

Built from the account's own events, so an undo or a cancelled bill shows as the line that
takes the entry back, on the day it happened, and the running balance after each line is
exactly the balance the account had after that event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MODES = {"cash": "Cash", "upi": "UPI", "card": "Card", "unspecified": ""}


@dataclass(frozen=True)
class Line:
    at: datetime
    kind: str  # credit | payment | invoice | reversal
    what: str
    debit: int  # paise added to what the customer owes
    credit: int  # paise taken off it
    balance: int  # what the customer owes after this line
    entry_id: str
    bill_number: int | None = None


def describe_items(items: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for item in items:
        quantity = item.get("quantity")
        amount = f"{quantity:g}" if isinstance(quantity, int | float) else str(quantity or "")
        unit = item.get("unit") or ""
        parts.append(" ".join(p for p in (amount, str(unit), str(item.get("product", ""))) if p))
    return ", ".join(parts)


def statement_lines(
    events: Iterable[tuple[str, Mapping[str, Any]]],
    bill_numbers: Mapping[str, int] | None = None,
) -> list[Line]:
    """`events` are (event name, event fields) of one account, in order."""
    numbers = bill_numbers or {}
    lines: list[Line] = []
    effects: dict[str, tuple[int, str]] = {}  # entry id -> (effect, what), for reversals
    balance = 0
    for name, data in events:
        if name == "CreditGiven":
            entry_id, effect, kind = str(data["task_id"]), int(data["amount"]), "credit"
            what = str(data.get("note") or "Udhaar")
        elif name == "PaymentReceived":
            entry_id, effect, kind = str(data["task_id"]), -int(data["amount"]), "payment"
            mode = MODES.get(str(data.get("mode")), "")
            what = f"Jama ({mode})" if mode else "Jama"
        elif name == "InvoiceCharged":
            entry_id, effect, kind = str(data["invoice_id"]), int(data["total"]), "invoice"
            number = numbers.get(entry_id)
            label = f"Bill #{number}" if number else "Bill"
            what = f"{label}: {describe_items(data.get('items') or [])}"
        elif name in ("InvoiceCancelled", "EntryReversed"):
            entry_id = str(data["invoice_id"] if name == "InvoiceCancelled" else data["entry_id"])
            if entry_id not in effects:
                continue
            original, described = effects.pop(entry_id)
            effect, kind = -original, "reversal"
            what = f"Cancelled: {described}"
        else:
            continue
        if kind != "reversal":
            effects[entry_id] = (effect, what)
        balance += effect
        lines.append(
            Line(
                at=data["at"],
                kind=kind,
                what=what,
                debit=max(effect, 0),
                credit=max(-effect, 0),
                balance=balance,
                entry_id=entry_id,
                bill_number=numbers.get(entry_id) if kind == "invoice" else None,
            )
        )
    return lines
