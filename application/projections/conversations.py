"""Conversation index: one row per voice session — shop, start and end, counts, duration."""

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

CONVERSATIONS = Table(
    name="rm_conversations",
    key=("conversation_id",),
    columns=(
        ("conversation_id", TEXT),
        ("shop", TEXT),
        ("language", TEXT),
        ("started_at", TEXT),
        ("ended_at", TEXT),
        ("duration_ms", INT),
        ("last_seq", INT),
        ("events", INT),
        ("transcripts", INT),
        ("commands", INT),
        ("tasks", INT),
        ("completed", INT),
        ("failed", INT),
        ("cancelled", INT),
        ("clarifications", INT),
    ),
)

CONVERSATION_EVENTS = (
    "Started",
    "ListeningStarted",
    "ListeningStopped",
    "LanguageChosen",
    "TranscriptReceived",
    "CommandRecognized",
    "CustomerFocused",
    "FocusCleared",
    "TaskQueued",
    "TaskStarted",
    "TaskCompleted",
    "TaskFailed",
    "TaskCancelled",
    "ClarificationAsked",
    "ClarificationAnswered",
    "ReminderDue",
    "MessageNotSent",
    "Ended",
)
CONVERSATION_TOPICS = tuple(f"bolkhata:Conversation.{name}" for name in CONVERSATION_EVENTS)

# Which counter each event adds one to.
COUNTERS = {
    "TranscriptReceived": "transcripts",
    "CommandRecognized": "commands",
    "TaskQueued": "tasks",
    "TaskCompleted": "completed",
    "TaskFailed": "failed",
    "TaskCancelled": "cancelled",
    "ClarificationAsked": "clarifications",
}


def ms_between(start: str | None, end: str | None) -> int | None:
    if start is None or end is None:
        return None
    delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return max(0, round(delta.total_seconds() * 1000))


def iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class ConversationIndex(ReadModelProjection):
    name = "conversation_index"
    topics = CONVERSATION_TOPICS
    tables = (CONVERSATIONS,)

    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        if record.aggregate != "Conversation":
            return
        key = (record.originator_id,)
        if record.name == "Started":
            row = CONVERSATIONS.blank(
                conversation_id=record.originator_id,
                shop=record.data["shop"],
                language=record.data.get("language"),
                started_at=iso(record.data["at"]),
                **dict.fromkeys(("events", *COUNTERS.values()), 0),
            )
        else:
            found = view.get(CONVERSATIONS, key)
            if found is None:  # events of a session whose start this view never saw
                return
            row = found
        if row["last_seq"] is not None and record.seq <= row["last_seq"]:
            return  # already counted: applying an event twice changes nothing
        row["last_seq"] = record.seq
        row["events"] += 1
        counter = COUNTERS.get(record.name)
        if counter:
            row[counter] += 1
        if record.name == "LanguageChosen":
            row["language"] = record.data["language"]
        if record.name == "Ended":
            row["ended_at"] = iso(record.data["at"])
            row["duration_ms"] = ms_between(row["started_at"], row["ended_at"])
        view.put(CONVERSATIONS, row)
