"""Bill numbers: each shop's bills numbered 1, 2, 3… in the order they were charged.

The number is the bill's place among its shop's bills in the event log, so it never changes
and a rebuild gives every bill the number it had; no write path has to count.
"""

from __future__ import annotations

from application.projections.base import (
    INT,
    TEXT,
    EventRecord,
    ReadModelProjection,
    Table,
    ViewTransaction,
)

BILL_CUSTOMERS = Table(
    name="rm_bill_customers",
    key=("customer_id",),
    columns=(("customer_id", TEXT), ("shop", TEXT)),
)
BILL_COUNTERS = Table(
    name="rm_bill_counters", key=("shop",), columns=(("shop", TEXT), ("last_number", INT))
)
BILLS = Table(
    name="rm_bills",
    key=("invoice_id",),
    columns=(("invoice_id", TEXT), ("shop", TEXT), ("customer_id", TEXT), ("number", INT)),
)


class BillNumbers(ReadModelProjection):
    name = "bill_numbers"
    topics = ("bolkhata:CustomerAccount.Registered", "bolkhata:CustomerAccount.InvoiceCharged")
    tables = (BILL_CUSTOMERS, BILL_COUNTERS, BILLS)

    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        customer = record.originator_id
        if record.name == "Registered":
            view.put(BILL_CUSTOMERS, {"customer_id": customer, "shop": record.data["shop"]})
            return
        owner = view.get(BILL_CUSTOMERS, (customer,))
        invoice_id = str(record.data["invoice_id"])
        if owner is None or view.get(BILLS, (invoice_id,)) is not None:
            return
        counter = view.get(BILL_COUNTERS, (owner["shop"],)) or {
            "shop": owner["shop"],
            "last_number": 0,
        }
        counter["last_number"] += 1
        view.put(BILL_COUNTERS, counter)
        view.put(
            BILLS,
            {
                "invoice_id": invoice_id,
                "shop": owner["shop"],
                "customer_id": customer,
                "number": counter["last_number"],
            },
        )
