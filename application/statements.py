"""Statements: a customer's entries with what each was and the running balance, plus the texts
and `wa.me` links a shopkeeper shares by hand when no WhatsApp API is set up."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID
from zoneinfo import ZoneInfo

from application.khata import Khata, Result
from application.outbox import Outbox
from application.projections import BILLS, Projections
from application.projections.runner import READ_WAIT_SECONDS
from domain.messages import whatsapp_number
from domain.money import format_rupees
from domain.statement import statement_lines

SHARED_LINES = 10  # the share text lists the latest entries; the PDF has them all


class Statements:
    def __init__(
        self, khata: Khata, projections: Projections, outbox: Outbox | None, timezone: str
    ) -> None:
        self.khata = khata
        self.projections = projections
        self.outbox = outbox
        self.zone = ZoneInfo(timezone)

    def bill_numbers(self, shop: str, customer_id: str) -> dict[str, int]:
        self.projections.catch_up(wait=READ_WAIT_SECONDS)
        rows = self.projections["bill_numbers"].view.select(
            BILLS, {"shop": shop, "customer_id": customer_id}
        )
        return {row["invoice_id"]: row["number"] for row in rows}

    def statement(self, shop: str, customer_id: str) -> Result:
        account = self.khata.account(shop, customer_id)
        events = self.khata.store.repository.event_store.get(UUID(str(account.id)))
        named = [(type(e).__name__, vars(e)) for e in events]
        lines = statement_lines(named, self.bill_numbers(shop, str(account.id)))
        shop_name = self.khata.shop(shop).name
        entries = [
            {
                "date": line.at.astimezone(self.zone).date().isoformat(),
                "at": line.at.isoformat(),
                "kind": line.kind,
                "what": line.what,
                "debit": line.debit,
                "credit": line.credit,
                "balance": line.balance,
                "bill_number": line.bill_number,
                "entry_id": line.entry_id,
            }
            for line in lines
        ]
        result: Result = {
            "customer_id": str(account.id),
            "name": account.name,
            "phone": account.phone,
            "shop_name": shop_name,
            "generated_on": self.khata.clock.now().astimezone(self.zone).date().isoformat(),
            "balance": account.balance,
            "balance_text": format_rupees(account.balance),
            "totals": {
                "debit": sum(line.debit for line in lines),
                "credit": sum(line.credit for line in lines),
            },
            "entries": entries,
            "opted_out": account.opted_out,
        }
        result["share"] = self.share(result)
        result["messages"] = (
            self.outbox.customer_messages(shop, str(account.id)) if self.outbox else []
        )
        return result

    @staticmethod
    def share(statement: Result) -> dict[str, Any]:
        """The statement's and a reminder's text, and `wa.me` links that open them in WhatsApp."""
        name, shop, owed = statement["name"], statement["shop_name"], statement["balance"]
        latest = statement["entries"][-SHARED_LINES:]
        rows = [
            f"{e['date']} {e['what']}: "
            + (f"+{format_rupees(e['debit'])}" if e["debit"] else f"-{format_rupees(e['credit'])}")
            for e in latest
        ]
        statement_text = "\n".join(
            [f"Namaste {name} ji, {shop} ka hisaab:", *rows, f"Kul baaki: {format_rupees(owed)}"]
        )
        reminder_text = (
            f"Namaste {name} ji, {shop} ka {format_rupees(max(owed, 0))} baaki hai. "
            "Kripya jaldi jama karein. Dhanyavaad!"
        )
        phone = statement.get("phone")
        base = f"https://wa.me/{whatsapp_number(phone)}" if phone else "https://wa.me/"
        return {
            "statement_text": statement_text,
            "reminder_text": reminder_text,
            "statement_url": f"{base}?text={quote(statement_text)}",
            "reminder_url": f"{base}?text={quote(reminder_text)}",
        }
