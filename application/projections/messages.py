"""The outbox index: messages to customers and reminders still to go, by shop.

The accounts (domain/ledger.py) hold the truth; this read model is how the delivery worker
finds what to send and what is due without loading every account, how a status webhook finds
a message by the API's id, and what `GET /api/messages` lists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.projections.base import (
    INT,
    TEXT,
    EventRecord,
    ReadModelProjection,
    Table,
    ViewTransaction,
)

OUTBOX_CUSTOMERS = Table(
    name="rm_outbox_customers",
    key=("customer_id",),
    columns=(("customer_id", TEXT), ("shop", TEXT), ("name", TEXT)),
)
DUE_REMINDERS = Table(
    name="rm_outbox_reminders",
    key=("reminder_id",),
    columns=(
        ("reminder_id", TEXT),
        ("customer_id", TEXT),
        ("shop", TEXT),
        ("name", TEXT),
        ("due_at", TEXT),
        ("amount", INT),
        ("status", TEXT),  # scheduled | cancelled | sent
    ),
)
MESSAGES = Table(
    name="rm_messages",
    key=("message_id",),
    columns=(
        ("message_id", TEXT),
        ("shop", TEXT),
        ("customer_id", TEXT),
        ("customer_name", TEXT),
        ("kind", TEXT),
        ("status", TEXT),
        ("wa_message_id", TEXT),
        ("error_code", TEXT),
        ("error_reason", TEXT),
        ("attempts", INT),
        ("created_at", TEXT),
        ("updated_at", TEXT),
        ("next_attempt_at", TEXT),  # when the worker may try (again); empty when done
        ("position", INT),  # the queueing event's place in the log: newest first
    ),
)

EVENTS = (
    "Registered",
    "ReminderScheduled",
    "ReminderRescheduled",
    "ReminderCancelled",
    "ReminderSent",
    "MessageQueued",
    "MessageAttempted",
    "MessageRetryScheduled",
    "MessageSent",
    "MessageDelivered",
    "MessageRead",
    "MessageFailed",
)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class Outbox(ReadModelProjection):
    name = "outbox"
    topics = tuple(f"bolkhata:CustomerAccount.{name}" for name in EVENTS)
    tables = (OUTBOX_CUSTOMERS, DUE_REMINDERS, MESSAGES)

    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        data, customer = record.data, record.originator_id
        if record.name == "Registered":
            view.put(
                OUTBOX_CUSTOMERS,
                {"customer_id": customer, "shop": data["shop"], "name": data["name"]},
            )
        elif record.name.startswith("Reminder"):
            self._reminder(record, view)
        elif record.name == "MessageQueued":
            at = _text(data["at"])
            row = MESSAGES.blank(
                message_id=data["message_id"],
                shop=data["shop"],
                customer_id=customer,
                customer_name=data["name"],
                kind=data["kind"],
                status="queued",
                attempts=0,
                created_at=at,
                updated_at=at,
                next_attempt_at=at,
                position=record.position,
            )
            view.put(MESSAGES, row)
        else:
            self._message(record, view)

    @staticmethod
    def _reminder(record: EventRecord, view: ViewTransaction) -> None:
        data = record.data
        if record.name == "ReminderScheduled":
            owner = view.get(OUTBOX_CUSTOMERS, (record.originator_id,))
            if owner is None:
                return
            row = DUE_REMINDERS.blank(
                reminder_id=data["reminder_id"],
                customer_id=record.originator_id,
                shop=owner["shop"],
                name=owner["name"],
                amount=data["amount"],
            )
        else:
            found = view.get(DUE_REMINDERS, (data["reminder_id"],))
            if found is None:
                return
            row = found
        if record.name in ("ReminderScheduled", "ReminderRescheduled"):
            row["due_at"], row["status"] = _text(data["due_at"]), "scheduled"
        else:
            row["status"] = "cancelled" if record.name == "ReminderCancelled" else "sent"
        view.put(DUE_REMINDERS, row)

    @staticmethod
    def _message(record: EventRecord, view: ViewTransaction) -> None:
        data = record.data
        row = view.get(MESSAGES, (data["message_id"],))
        if row is None:
            return
        row["updated_at"] = _text(data["at"])
        if record.name == "MessageAttempted":
            row["attempts"] = data["attempt"]
            row["next_attempt_at"] = _text(data["lost_after"])
        elif record.name == "MessageRetryScheduled":
            row["next_attempt_at"] = _text(data["retry_at"])
            row["error_code"], row["error_reason"] = data["code"], data["reason"]
        elif record.name == "MessageSent":
            row["status"], row["wa_message_id"] = "sent", data["wa_message_id"]
            row["next_attempt_at"] = row["error_code"] = row["error_reason"] = None
        elif record.name == "MessageDelivered":
            row["status"] = "delivered"
        elif record.name == "MessageRead":
            row["status"] = "read"
        elif record.name == "MessageFailed":
            row["status"], row["next_attempt_at"] = "failed", None
            row["error_code"], row["error_reason"] = data["code"], data["reason"]
        view.put(MESSAGES, row)
