"""Every server frame, built in one place from the protocol models of interfaces/protocol.py.

Stored Conversation events become their frames here (numbered by the event's version, `seq`),
and so do the frames that are not stored (session:ready, errors, queue views, partial
transcripts). The application side never names a frame type: it hands this module events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel

from application.sessions import PartialTranscript
from domain.conversation import Conversation, TaskRecord
from domain.intents import Priority
from interfaces import protocol as p

Frame = dict[str, Any]


def _dump(model: BaseModel) -> Frame:
    frame: Frame = model.model_dump(mode="json")
    return frame


def _customer(customer_id: str | None, name: str | None) -> p.CustomerRef | None:
    return p.CustomerRef(id=customer_id, name=name or "") if customer_id else None


def _reply(event: Any) -> p.Reply:
    return p.Reply(text=event.reply, language=event.language)


def task_model(source: Any, status: str = "queued") -> p.TaskView:
    """A task as frames show it, from its TaskQueued event or its current TaskRecord."""
    return p.TaskView(
        task_id=source.task_id,
        utterance_id=source.utterance_id,
        intent=source.intent,
        entities=source.entities,
        customer=_customer(source.customer_id, source.customer_name),
        priority=cast(Any, Priority(source.priority).name.lower()),
        depends_on=source.depends_on,
        status=cast(Any, status),
    )


def task_view(record: TaskRecord) -> Frame:
    return _dump(task_model(record, record.status))


# Each stored event that clients see, and the frame it becomes (seq and ts added by frame_of).
Stamp = dict[str, Any]
BUILDERS: dict[str, Callable[[Any, Stamp], BaseModel]] = {
    "ListeningStarted": lambda e, s: p.VoiceStarted(stt=e.stt, **s),
    "ListeningStopped": lambda e, s: p.VoiceStopped(transcripts=e.transcripts, tasks=e.tasks, **s),
    "TranscriptReceived": lambda e, s: p.TranscriptFinal(
        utterance_id=e.utterance_id, text=e.text, **s
    ),
    "TaskQueued": lambda e, s: p.TaskQueued(task=task_model(e), **s),
    "TaskStarted": lambda e, s: p.TaskStarted(task_id=e.task_id, **s),
    "TaskCompleted": lambda e, s: p.TaskCompleted(
        task_id=e.task_id, result=e.result, reply=_reply(e), duration_ms=e.duration_ms, **s
    ),
    "TaskFailed": lambda e, s: p.TaskFailed(
        task_id=e.task_id, error=p.ErrorInfo(code=e.code, message=e.message), reply=_reply(e), **s
    ),
    "TaskCancelled": lambda e, s: p.TaskCancelled(task_id=e.task_id, reason=e.reason, **s),
    "CustomerFocused": lambda e, s: p.ContextCustomer(
        customer=p.CustomerRef(id=e.customer_id, name=e.name),
        confidence=e.confidence,
        reason=e.reason,
        **s,
    ),
    "FocusCleared": lambda e, s: p.ContextCustomer(
        customer=None, confidence=0.0, reason=e.reason, **s
    ),
    "ClarificationAsked": lambda e, s: p.Clarify(
        kind="customer",
        utterance_id=e.utterance_id,
        task_id=e.task_id,
        question=e.question,
        options=e.options,
        **s,
    ),
    # A write read back: it runs only on a yes.
    "ConfirmationAsked": lambda e, s: p.Clarify(
        kind="confirm",
        utterance_id=e.utterance_id,
        task_id=e.task_ids[0],
        question=e.question,
        options=e.options,
        **s,
    ),
    "ReminderDue": lambda e, s: p.ReminderDue(
        reminder_id=e.reminder_id,
        customer=p.CustomerRef(id=e.customer_id, name=e.name),
        message=e.message,
        due_at=e.due_at.isoformat(),
        **s,
    ),
    "MessageNotSent": lambda e, s: p.MessageFailed(
        message_id=e.message_id,
        customer=p.CustomerRef(id=e.customer_id, name=e.name),
        kind=e.kind,
        error=p.ErrorInfo(code=e.code, message=e.reason),
        reply=_reply(e),
        **s,
    ),
}


def frame_of(event: object) -> Frame | None:
    """The frame a stored event (or a live notice) becomes, or None for what clients are
    not sent."""
    if isinstance(event, PartialTranscript):
        return _dump(p.TranscriptPartial(text=event.text, ts=event.at.isoformat()))
    if not isinstance(event, Conversation.Event):
        return None
    build = BUILDERS.get(type(event).__name__)
    if build is None:
        return None
    stamp = {"seq": event.originator_version, "ts": event.timestamp.isoformat()}
    return _dump(build(event, stamp))


def frames_of(events: Iterable[object]) -> list[Frame]:
    return [frame for frame in map(frame_of, events) if frame is not None]


def render(events: Sequence[object]) -> list[Frame]:
    """The live feed's renderer (bootstrap gives it to the LiveFeed)."""
    return frames_of(events)


# Frames that are not stored events


def session_ready(
    *,
    conversation_id: str,
    shop_id: str,
    resumed: bool,
    max_parallel: int,
    server_stt: bool,
    at: datetime,
) -> Frame:
    return _dump(
        p.SessionReady(
            conversation_id=conversation_id,
            shop_id=shop_id,
            resumed=resumed,
            max_parallel=max_parallel,
            server_stt=server_stt,
            ts=at.isoformat(),
        )
    )


def error(code: str, message: str, ref: str | None, at: datetime) -> Frame:
    return _dump(p.ErrorFrame(code=code, message=message, ref=ref, ts=at.isoformat()))


def pong(at: datetime) -> Frame:
    return _dump(p.Pong(ts=at.isoformat()))


def task_status(record: TaskRecord, at: datetime) -> Frame:
    return _dump(p.TaskStatus(task=task_model(record, record.status), ts=at.isoformat()))


def queue_status(status: dict[str, Any], at: datetime) -> Frame:
    """A session's queue view (application.sessions.views) as a queue:status frame."""
    tasks = [task_model(record, record.status) for record in status.get("tasks", [])]
    fields = {key: value for key, value in status.items() if key != "tasks"}
    return _dump(p.QueueStatus(tasks=tasks, ts=at.isoformat(), **fields))
