"""Customer directory and balances: what each customer owes, derived from ledger entries."""

from __future__ import annotations

from application.projections.base import (
    INT,
    TEXT,
    EventRecord,
    ReadModelProjection,
    Row,
    Table,
    ViewTransaction,
)

CUSTOMERS = Table(
    name="rm_customers",
    key=("customer_id",),
    columns=(
        ("customer_id", TEXT),
        ("shop", TEXT),
        ("name", TEXT),
        ("phone", TEXT),
        ("balance", INT),  # paise the customer owes; negative: an advance
        ("entries", INT),
        ("closed", INT),
        ("last_seq", INT),
    ),
)
# Each entry's effect, so an undo or a cancelled bill takes back exactly what it added.
ENTRIES = Table(
    name="rm_customer_entries",
    key=("customer_id", "entry_id"),
    columns=(("customer_id", TEXT), ("entry_id", TEXT), ("effect", INT), ("reversed", INT)),
)

LEDGER_EVENTS = (
    "Registered",
    "CreditGiven",
    "PaymentReceived",
    "InvoiceCharged",
    "InvoiceCancelled",
    "EntryReversed",
    "PhoneChanged",
    "Closed",
)


class CustomerBalances(ReadModelProjection):
    name = "customer_balances"
    topics = tuple(f"bolkhata:CustomerAccount.{name}" for name in LEDGER_EVENTS)
    tables = (CUSTOMERS, ENTRIES)

    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        if record.aggregate != "CustomerAccount":
            return
        data, customer = record.data, record.originator_id
        if record.name == "Registered":
            row = CUSTOMERS.blank(
                customer_id=customer,
                shop=data["shop"],
                name=data["name"],
                phone=data.get("phone"),
                balance=0,
                entries=0,
                closed=0,
            )
        else:
            found = view.get(CUSTOMERS, (customer,))
            if found is None:
                return
            row = found
        if row["last_seq"] is not None and record.seq <= row["last_seq"]:
            return
        row["last_seq"] = record.seq
        if record.name == "CreditGiven":
            self._entry(view, row, data["task_id"], data["amount"])
        elif record.name == "PaymentReceived":
            self._entry(view, row, data["task_id"], -data["amount"])
        elif record.name == "InvoiceCharged":
            self._entry(view, row, data["invoice_id"], data["total"])
        elif record.name in ("InvoiceCancelled", "EntryReversed"):
            entry_id = data["invoice_id"] if record.name == "InvoiceCancelled" else data["entry_id"]
            entry = view.get(ENTRIES, (customer, entry_id))
            if entry is not None and not entry["reversed"]:
                entry["reversed"] = 1
                row["balance"] -= entry["effect"]
                view.put(ENTRIES, entry)
        elif record.name == "PhoneChanged":
            row["phone"] = data["phone"]
        elif record.name == "Closed":
            row["closed"] = 1
        view.put(CUSTOMERS, row)

    @staticmethod
    def _entry(view: ViewTransaction, row: Row, entry_id: str, effect: int) -> None:
        view.put(
            ENTRIES,
            {
                "customer_id": row["customer_id"],
                "entry_id": entry_id,
                "effect": effect,
                "reversed": 0,
            },
        )
        row["balance"] += effect
        row["entries"] += 1
