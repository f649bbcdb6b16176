"""Read models built from the stored events, each applied exactly once and rebuildable."""

from application.projections.base import (
    EventRecord,
    MemoryView,
    ReadModel,
    ReadModelProjection,
    RememberedRows,
    RowCache,
    Table,
    ViewTransaction,
    json_ready,
    record_of,
)
from application.projections.bills import BILLS, BillNumbers
from application.projections.conversations import CONVERSATIONS, ConversationIndex
from application.projections.customers import CUSTOMERS, ENTRIES, CustomerBalances
from application.projections.messages import DUE_REMINDERS, MESSAGES, Outbox
from application.projections.runner import Projections
from application.projections.tasks import DAILY, SESSIONS, TASKS, TaskMetrics

__all__ = [
    "BILLS",
    "CONVERSATIONS",
    "CUSTOMERS",
    "DAILY",
    "DUE_REMINDERS",
    "ENTRIES",
    "MESSAGES",
    "SESSIONS",
    "TASKS",
    "BillNumbers",
    "ConversationIndex",
    "CustomerBalances",
    "EventRecord",
    "MemoryView",
    "Outbox",
    "Projections",
    "ReadModel",
    "ReadModelProjection",
    "RememberedRows",
    "RowCache",
    "Table",
    "TaskMetrics",
    "ViewTransaction",
    "json_ready",
    "record_of",
]
