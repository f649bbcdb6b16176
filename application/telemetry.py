"""Task lifecycle telemetry: one observer turns the events just stored into task transitions.

Metrics and log lines about tasks are derived here, from what the store has saved
(`EventStore.on_recorded`), never from calls sprinkled through the engine: what is counted is
what happened, once, whichever code path stored it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

log = logging.getLogger("bolkhata.tasks")

TOPIC = "bolkhata:Conversation."
TRANSITIONS = {
    "TaskQueued": "queued",
    "TaskStarted": "started",
    "TaskCompleted": "completed",
    "TaskFailed": "failed",
    "TaskCancelled": "cancelled",
}
ENDED = ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class TaskTransition:
    """One step of a task's life as stored: queued, started, completed, failed or cancelled.

    `was` is the state this process counted the task in before ("queued", "running"), or None
    when it never saw the task (it was queued by an earlier process).
    """

    kind: str
    conversation_id: str
    task_id: str
    intent: str
    at: datetime
    outcome: str | None = None  # completed: "ok"; failed: the error code; cancelled: "cancelled"
    reason: str | None = None  # a cancel's reason or a failure's message
    wait_ms: int | None = None  # queued → started
    run_ms: int | None = None  # started → ended
    was: str | None = None


class TelemetrySink(Protocol):
    def task_transition(self, transition: TaskTransition) -> None: ...

    def session_started(self) -> None: ...


@dataclass
class _Seen:
    intent: str
    queued_at: datetime | None
    started_at: datetime | None
    state: str  # queued | running


# Lookup of a task this process did not see queued (recovered after a restart): its record.
TaskLookup = Callable[[str, str], Any]


def _ms(start: datetime | None, end: datetime) -> int | None:
    if start is None:
        return None
    return max(0, round((end - start).total_seconds() * 1000))


class TaskObserver:
    """Called with the recordings of every save; tells each sink of every task transition."""

    def __init__(self, sinks: Sequence[TelemetrySink], lookup: TaskLookup | None = None) -> None:
        self.sinks = list(sinks)
        self.lookup = lookup
        self._seen: dict[tuple[str, str], _Seen] = {}
        self._lock = threading.Lock()  # saves come from worker threads

    def observe(self, recordings: Iterable[Any]) -> None:
        for recording in recordings:
            topic: str = recording.notification.topic
            if not topic.startswith(TOPIC):
                continue
            name = topic[len(TOPIC) :]
            try:
                if name == "Started":
                    for sink in self.sinks:
                        sink.session_started()
                elif name in TRANSITIONS:
                    transition = self._transition(TRANSITIONS[name], recording.domain_event)
                    for sink in self.sinks:
                        sink.task_transition(transition)
            except Exception:  # telemetry must never undo or block a save that succeeded
                log.exception("telemetry failed for %s", topic)

    def _transition(self, kind: str, event: Any) -> TaskTransition:
        conversation_id = str(event.originator_id)
        key = (conversation_id, event.task_id)
        at: datetime = event.at
        with self._lock:
            seen = self._seen.get(key)
            was = seen.state if seen else None
            if kind == "queued":
                seen = self._seen[key] = _Seen(event.intent, at, None, "queued")
            elif seen is None:
                seen = self._recall(conversation_id, event.task_id)
            if kind == "started":
                seen.started_at, seen.state = at, "running"
                self._seen[key] = seen
            elif kind in ENDED:
                self._seen.pop(key, None)
        ended = kind in ENDED
        return TaskTransition(
            kind=kind,
            conversation_id=conversation_id,
            task_id=event.task_id,
            intent=seen.intent,
            at=at,
            outcome=_outcome(kind, event),
            reason=getattr(event, "reason", None) or getattr(event, "message", None),
            wait_ms=_ms(seen.queued_at, seen.started_at or at)
            if kind == "started" or (ended and seen.started_at)
            else None,
            run_ms=_ms(seen.started_at, at) if ended else None,
            was=was,
        )

    def _recall(self, conversation_id: str, task_id: str) -> _Seen:
        record = self.lookup(conversation_id, task_id) if self.lookup else None
        if record is None:
            return _Seen("UNKNOWN", None, None, "unseen")
        return _Seen(record.intent, record.queued_at, record.started_at, "unseen")


def _outcome(kind: str, event: Any) -> str | None:
    if kind == "completed":
        return "ok"
    if kind == "failed":
        return str(event.code)
    if kind == "cancelled":
        return "cancelled"
    return None


def _value(value: Any) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\n'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def logfmt(message: str, **fields: Any) -> str:
    """`message key=value ...`; values with spaces, quotes or `=` are double-quoted."""
    pairs = (f"{key}={_value(value)}" for key, value in fields.items() if value is not None)
    return " ".join((message, *pairs))


class TaskLog:
    """One log line per task transition (logger `bolkhata.tasks`, INFO, key=value)."""

    def task_transition(self, transition: TaskTransition) -> None:
        log.info(
            logfmt(
                f"task_{transition.kind}",
                conversation=transition.conversation_id,
                task=transition.task_id,
                intent=transition.intent,
                at=transition.at.isoformat(),
                outcome=transition.outcome,
                wait_ms=transition.wait_ms,
                run_ms=transition.run_ms,
                reason=transition.reason if transition.kind != "completed" else None,
            )
        )

    def session_started(self) -> None:
        pass
