"""Ledger queries: balance, customer info, daily summary, pending totals, reminders."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from application.khata import Khata, Result
from application.projections import CUSTOMERS, Projections
from application.projections.runner import READ_WAIT_SECONDS
from domain.ledger import CustomerAccount

RECENT_ENTRIES = 5


def _entry(entry: Any) -> Result:
    return {
        "entry_id": entry.entry_id,
        "kind": entry.kind,
        "amount": abs(entry.effect),
        "effect": entry.effect,
        "mode": entry.mode,
        "at": entry.at.isoformat(),
        "reversed": entry.reversed,
        "items": list(entry.items),
    }


class Reports:
    """Read-only answers for a shop, computed from the event-sourced accounts."""

    def __init__(self, khata: Khata, timezone: str, projections: Projections) -> None:
        self.khata = khata
        self.zone = ZoneInfo(timezone)
        self.projections = projections

    def _customer_rows(self, shop: str) -> list[dict[str, Any]]:
        """Open accounts from the customer read model, caught up with every saved event."""
        self.projections.catch_up(wait=READ_WAIT_SECONDS, shop=shop)
        view = self.projections["customer_balances"].view
        return view.select(CUSTOMERS, {"shop": shop, "closed": 0}, order_by=("name",))

    def directory(self, shop: str) -> list[Result]:
        """Who can be named in this shop, from the customer read model."""
        rows = self._customer_rows(shop)
        return [{"customer_id": row["customer_id"], "name": row["name"]} for row in rows]

    def _accounts(self, shop: str) -> list[CustomerAccount]:
        return [
            self.khata.account(shop, listing["customer_id"])
            for listing in self.khata.directory(shop)
        ]

    def balance(self, shop: str, customer_id: str) -> Result:
        account = self.khata.account(shop, customer_id, cached=True)
        return {"customer_id": str(account.id), "name": account.name, "balance": account.balance}

    def customer_info(self, shop: str, customer_id: str) -> Result:
        account = self.khata.account(shop, customer_id)
        return {
            "customer_id": str(account.id),
            "name": account.name,
            "phone": account.phone,
            "balance": account.balance,
            "closed": account.closed,
            "entries": len(account.entries),
            "recent": [_entry(e) for e in account.entries[-RECENT_ENTRIES:][::-1]],
            "reminders": [
                {"reminder_id": r.reminder_id, "due_at": r.due_at.isoformat(), "amount": r.amount}
                for r in account.reminders.values()
                if r.status == "scheduled"
            ],
        }

    def ledger(self, shop: str, customer_id: str) -> Result:
        account = self.khata.account(shop, customer_id)
        return {
            "customer_id": str(account.id),
            "name": account.name,
            "balance": account.balance,
            "entries": [_entry(e) for e in account.entries],
        }

    def daily_summary(self, shop: str, day: date | None = None) -> Result:
        day = day or datetime.now(self.zone).date()
        sales = credit = 0
        payments: Counter[str] = Counter()
        for account in self._accounts(shop):
            for entry in account.entries:
                if entry.reversed or entry.at.astimezone(self.zone).date() != day:
                    continue
                if entry.kind == "invoice":
                    sales += entry.effect
                elif entry.kind == "credit":
                    credit += entry.effect
                elif entry.kind == "payment" and entry.mode:
                    payments[entry.mode] += -entry.effect
        return {
            "day": day.isoformat(),
            "sales": sales,
            "new_credit": credit,
            "payments": dict(payments),
            "payments_total": sum(payments.values()),
        }

    def balances(self, shop: str) -> list[Result]:
        rows = [
            {key: row[key] for key in ("customer_id", "name", "balance", "phone")}
            for row in self._customer_rows(shop)
        ]
        return sorted(rows, key=lambda row: (-row["balance"], row["name"]))

    def total_pending(self, shop: str) -> Result:
        owing = [row for row in self.balances(shop) if row["balance"] > 0]
        return {"total": sum(row["balance"] for row in owing), "customers": len(owing)}

    def reminders(self, shop: str) -> list[Result]:
        rows = [
            {
                "reminder_id": reminder.reminder_id,
                "customer_id": str(account.id),
                "name": account.name,
                "due_at": reminder.due_at.isoformat(),
                "amount": reminder.amount,
            }
            for account in self._accounts(shop)
            for reminder in account.reminders.values()
            if reminder.status == "scheduled"
        ]
        return sorted(rows, key=lambda row: row["due_at"])
