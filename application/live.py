"""The task stream: server frames derived from stored Conversation events, and their fan-out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from domain.conversation import Conversation
from domain.intents import Priority

Frame = dict[str, Any]


def _customer(customer_id: str | None, name: str | None) -> dict[str, str] | None:
    return {"id": customer_id, "name": name or ""} if customer_id else None


def task_view(event: Any, status: str = "queued") -> Frame:
    """A task as frames show it, from its TaskQueued event or its current TaskRecord."""
    return {
        "task_id": event.task_id,
        "utterance_id": event.utterance_id,
        "intent": event.intent,
        "entities": event.entities,
        "customer": _customer(event.customer_id, event.customer_name),
        "priority": Priority(event.priority).name.lower(),
        "depends_on": event.depends_on,
        "status": status,
    }


def _frame_fields(name: str, event: Any) -> Frame | None:
    """The protocol frame a stored event becomes, or None for events clients are not sent."""
    match name:
        case "ListeningStarted":
            return {"type": "voice:started", "stt": event.stt}
        case "ListeningStopped":
            return {"type": "voice:stopped", "transcripts": event.transcripts, "tasks": event.tasks}
        case "TranscriptReceived":
            return {
                "type": "transcript:final",
                "utterance_id": event.utterance_id,
                "text": event.text,
            }
        case "TaskQueued":
            return {"type": "task:queued", "task": task_view(event)}
        case "TaskStarted":
            return {"type": "task:started", "task_id": event.task_id}
        case "TaskCompleted":
            return {
                "type": "task:completed",
                "task_id": event.task_id,
                "result": event.result,
                "reply": {"text": event.reply, "language": event.language},
                "duration_ms": event.duration_ms,
            }
        case "TaskFailed":
            return {
                "type": "task:failed",
                "task_id": event.task_id,
                "error": {"code": event.code, "message": event.message},
                "reply": {"text": event.reply, "language": event.language},
            }
        case "TaskCancelled":
            return {"type": "task:cancelled", "task_id": event.task_id, "reason": event.reason}
        case "CustomerFocused":
            return {
                "type": "context:customer",
                "customer": {"id": event.customer_id, "name": event.name},
                "confidence": event.confidence,
                "reason": event.reason,
            }
        case "FocusCleared":
            return {
                "type": "context:customer",
                "customer": None,
                "confidence": 0.0,
                "reason": event.reason,
            }
        case "ClarificationAsked":
            return {
                "type": "clarify",
                "kind": "customer",
                "utterance_id": event.utterance_id,
                "task_id": event.task_id,
                "question": event.question,
                "options": event.options,
            }
        case "ConfirmationAsked":  # a write read back: runs only on a yes
            return {
                "type": "clarify",
                "kind": "confirm",
                "utterance_id": event.utterance_id,
                "task_id": event.task_ids[0],
                "question": event.question,
                "options": event.options,
            }
        case "ReminderDue":
            return {
                "type": "reminder:due",
                "reminder_id": event.reminder_id,
                "customer": {"id": event.customer_id, "name": event.name},
                "message": event.message,
                "due_at": event.due_at.isoformat(),
            }
    return None


def frame_of(event: Any) -> Frame | None:
    if not isinstance(event, Conversation.Event):
        return None
    fields = _frame_fields(type(event).__name__, event)
    if fields is None:
        return None
    return fields | {"seq": event.originator_version, "ts": event.timestamp.isoformat()}


def frames_of(events: Iterable[Any]) -> list[Frame]:
    return [frame for frame in map(frame_of, events) if frame is not None]


class Subscription:
    """One client's bounded queue, read with `async for`: the iteration ends when the
    subscription is closed, or when it overflowed (the client is cut off and must resume).

    Reading is a plain `await` on the queue, so a reader that is cancelled leaves no task
    behind (no "Task was destroyed but it is pending")."""

    def __init__(self, feed: LiveFeed, conversation_id: str, limit: int) -> None:
        self.feed = feed
        self.conversation_id = conversation_id
        # One place more than the limit, for the end marker that wakes a waiting reader.
        self.limit = limit
        self.queue: asyncio.Queue[Frame | None] = asyncio.Queue(limit + 1)
        self.overflowed = asyncio.Event()
        self.closed = False

    def offer(self, frame: Frame) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= self.limit:
            self.overflowed.set()
            return
        self.queue.put_nowait(frame)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Frame:
        # Checked before each frame: a full queue means the reader is behind, not waiting,
        # so an overflow or a close needs no wake-up of its own.
        if self.closed or self.overflowed.is_set():
            raise StopAsyncIteration
        frame = await self.queue.get()
        if frame is None or self.overflowed.is_set():
            raise StopAsyncIteration
        return frame

    async def get(self) -> Frame:
        """The next frame; raises StopAsyncIteration once the subscription has ended."""
        return await self.__anext__()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.feed.unsubscribe(self)
        self.queue.put_nowait(None)  # the limit keeps a place free for it


class LiveFeed:
    """In-process fan-out of frames to the clients watching a conversation; never blocks."""

    def __init__(self, limit: int = 1000) -> None:
        self.limit = limit
        self.subscribers: dict[str, set[Subscription]] = {}

    def subscribe(self, conversation_id: str) -> Subscription:
        subscription = Subscription(self, conversation_id, self.limit)
        self.subscribers.setdefault(conversation_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        watchers = self.subscribers.get(subscription.conversation_id, set())
        watchers.discard(subscription)
        if not watchers:
            self.subscribers.pop(subscription.conversation_id, None)

    def publish(self, conversation_id: str, frames: Iterable[Frame]) -> None:
        watchers = list(self.subscribers.get(conversation_id, ()))
        for frame in frames:
            for subscription in watchers:
                subscription.offer(frame)
