"""Task metrics: one row per task, and per shop and day the tasks by intent and outcome.

Latency percentiles are not stored: application/analytics.py computes them by query from
the task rows, for any range and grouping, which a stored daily figure could not serve.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from application.projections.base import (
    INT,
    TEXT,
    EventRecord,
    ReadModel,
    ReadModelProjection,
    Row,
    Table,
    ViewTransaction,
)
from application.projections.conversations import iso, ms_between

TASKS = Table(
    name="rm_tasks",
    key=("task_id",),
    columns=(
        ("task_id", TEXT),
        ("conversation_id", TEXT),
        ("shop", TEXT),
        ("utterance_id", TEXT),
        ("intent", TEXT),
        ("customer_id", TEXT),
        ("customer_name", TEXT),
        ("priority", INT),
        ("queued_at", TEXT),
        ("started_at", TEXT),
        ("ended_at", TEXT),
        ("day", TEXT),  # the day the task was queued, in the shop's time zone
        ("outcome", TEXT),  # queued | running | completed | failed | cancelled
        ("wait_ms", INT),  # queued -> started
        ("run_ms", INT),  # started -> ended
        ("error_code", TEXT),
        ("last_seq", INT),
    ),
)
# Which shop each session belongs to: task events do not repeat it.
SESSIONS = Table(
    name="rm_task_sessions",
    key=("conversation_id",),
    columns=(("conversation_id", TEXT), ("shop", TEXT)),
)
DAILY = Table(
    name="rm_daily_tasks",
    key=("shop", "day", "intent", "outcome"),
    columns=(
        ("shop", TEXT),
        ("day", TEXT),
        ("intent", TEXT),
        ("outcome", TEXT),
        ("tasks", INT),
        ("wait_ms_total", INT),
        ("run_ms_total", INT),
    ),
)

TASK_EVENTS = (
    "Started",
    "TaskQueued",
    "TaskStarted",
    "TaskCompleted",
    "TaskFailed",
    "TaskCancelled",
    "ClarificationAnswered",
    "NewCustomerChosen",
)
OUTCOMES = {"TaskCompleted": "completed", "TaskFailed": "failed", "TaskCancelled": "cancelled"}


class TaskMetrics(ReadModelProjection):
    name = "task_metrics"
    topics = tuple(f"bolkhata:Conversation.{name}" for name in TASK_EVENTS)
    tables = (TASKS, SESSIONS, DAILY)

    def __init__(self, view: ReadModel, timezone: str = "Asia/Kolkata") -> None:
        super().__init__(view)
        self.zone = ZoneInfo(timezone)

    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        if record.aggregate != "Conversation":
            return
        data = record.data
        if record.name == "Started":
            view.put(SESSIONS, {"conversation_id": record.originator_id, "shop": data["shop"]})
            return
        if record.name == "TaskQueued":
            self._queued(record, view)
            return
        if record.name == "NewCustomerChosen":  # one event names the customer of several tasks
            for task_id in data["task_ids"]:
                self._customer(record, view, task_id)
            return
        row = view.get(TASKS, (data.get("task_id"),))
        if row is None or record.seq <= row["last_seq"]:
            return  # a task this view never saw queued, or an event already applied
        row["last_seq"] = record.seq
        if record.name == "TaskStarted":
            row["outcome"], row["started_at"] = "running", iso(data["at"])
            row["wait_ms"] = ms_between(row["queued_at"], row["started_at"])
        elif record.name == "ClarificationAnswered":
            row["customer_id"], row["customer_name"] = data["customer_id"], data["name"]
        elif record.name in OUTCOMES:
            row["outcome"], row["ended_at"] = OUTCOMES[record.name], iso(data["at"])
            row["run_ms"] = ms_between(row["started_at"], row["ended_at"])
            if record.name == "TaskFailed":
                row["error_code"] = data.get("code")
            self._count(row, view)
        view.put(TASKS, row)

    @staticmethod
    def _customer(record: EventRecord, view: ViewTransaction, task_id: str) -> None:
        row = view.get(TASKS, (task_id,))
        if row is None or record.seq <= row["last_seq"]:
            return
        row["last_seq"] = record.seq
        row["customer_id"], row["customer_name"] = record.data["customer_id"], record.data["name"]
        view.put(TASKS, row)

    def _queued(self, record: EventRecord, view: ViewTransaction) -> None:
        data = record.data
        if view.get(TASKS, (data["task_id"],)) is not None:
            return
        session = view.get(SESSIONS, (record.originator_id,))
        at = data["at"]
        day = at.astimezone(self.zone).date() if isinstance(at, datetime) else None
        view.put(
            TASKS,
            TASKS.blank(
                task_id=data["task_id"],
                conversation_id=record.originator_id,
                shop=session["shop"] if session else None,
                utterance_id=data.get("utterance_id"),
                intent=data["intent"],
                customer_id=data.get("customer_id"),
                customer_name=data.get("customer_name"),
                priority=data.get("priority"),
                queued_at=iso(at),
                day=day.isoformat() if day else None,
                outcome="queued",
                last_seq=record.seq,
            ),
        )

    def _count(self, task: Row, view: ViewTransaction) -> None:
        key = (task["shop"], task["day"], task["intent"], task["outcome"])
        row = view.get(DAILY, key) or DAILY.blank(
            **dict(zip(DAILY.key, key, strict=True)), tasks=0, wait_ms_total=0, run_ms_total=0
        )
        row["tasks"] += 1
        row["wait_ms_total"] += task["wait_ms"] or 0
        row["run_ms_total"] += task["run_ms"] or 0
        view.put(DAILY, row)
