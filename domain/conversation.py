"""Conversation: one voice session — transcripts, recognised commands, focus, task lifecycle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import NotOwner

QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED = (
    "queued",
    "running",
    "completed",
    "failed",
    "cancelled",
)
FINISHED = frozenset({COMPLETED, FAILED, CANCELLED})
FOCUS_HISTORY = 5
YES, NO = "yes", "no"


class TaskNotFound(KeyError):
    code = "unknown_task"


class InvalidTransition(ValueError):
    code = "invalid_transition"


@dataclass
class TaskRecord:
    """A task as the conversation's events left it."""

    task_id: str
    utterance_id: str
    order: int
    intent: str
    entities: dict[str, Any]
    priority: int
    depends_on: str | None
    customer_id: str | None
    customer_name: str | None
    queued_at: datetime
    status: str = QUEUED
    started_at: datetime | None = None
    ended_at: datetime | None = None
    result: dict[str, Any] | None = None
    reply: str = ""
    error_code: str | None = None
    error_message: str | None = None
    cancel_reason: str | None = None
    awaiting_clarification: bool = False  # which customer? (a `clarify` of kind "customer")
    clarify_options: list[dict[str, Any]] = field(default_factory=list)
    awaiting_confirmation: bool = False  # read back, runs only on a yes (kind "confirm")
    # The customer this task creates before it runs ("Naya customer: …" was chosen), and the
    # task id that names the new account, so a retry finds the account it made.
    new_customer: str | None = None
    new_customer_task: str | None = None

    @property
    def waiting(self) -> bool:
        """Held for an answer: never started while a question about it is open."""
        return self.awaiting_clarification or self.awaiting_confirmation


def _duration_ms(record: TaskRecord, at: datetime) -> int:
    """Run time from start, or zero for a task that never started."""
    if record.started_at is None:
        return 0
    return max(0, round((at - record.started_at).total_seconds() * 1000))


class Conversation(Aggregate):
    TOPIC = "bolkhata:Conversation"

    class Started(Aggregate.Created):
        TOPIC = "bolkhata:Conversation.Started"
        shop: str
        language: str
        at: datetime

    class Created(Aggregate.Created):
        # The library derives a default creation event for every subclass; ours is above.
        TOPIC = "bolkhata:Conversation.Created"

    @event(Started)
    def __init__(self, shop: str, language: str, at: datetime) -> None:
        self.shop = shop
        self.language = language
        self.started_at = at
        self.ended_at: datetime | None = None
        self.listening: str | None = None
        self.transcripts: list[dict[str, Any]] = []
        self.tasks: dict[str, TaskRecord] = {}
        self.focus: dict[str, Any] | None = None
        self.previous_focus: dict[str, Any] | None = None
        # The last distinct customers in focus, newest first: "dono" / "teeno" mean these.
        self.focus_history: list[dict[str, Any]] = []
        self.confirmations: list[dict[str, Any]] = []  # every confirm asked, oldest first

    @classmethod
    def start(
        cls, shop: str, at: datetime, conversation_id: Any, language: str = "hinglish"
    ) -> Conversation:
        return cls._create(cls.Started, id=conversation_id, shop=shop, language=language, at=at)

    # Ownership (fencing): one process at a time changes a conversation

    owner: str | None = None  # class defaults: conversations stored before claims have none
    epoch: int = 0

    def claim(self, owner: str, at: datetime) -> int:
        """This process takes the conversation over; written before any change it makes."""
        self._owner_claimed(owner=owner, epoch=self.epoch + 1, at=at)
        return self.epoch

    @event("OwnerClaimed", topic="bolkhata:Conversation.OwnerClaimed")
    def _owner_claimed(self, owner: str, epoch: int, at: datetime) -> None:
        self.owner, self.epoch = owner, epoch

    def check_owner(self, owner: str, epoch: int) -> None:
        """NotOwner unless the last claim is this one (another process claimed it since)."""
        if (self.owner, self.epoch) != (owner, epoch):
            raise NotOwner(f"conversation claimed by {self.owner} (epoch {self.epoch})")

    # Listening and transcripts

    @event("ListeningStarted", topic="bolkhata:Conversation.ListeningStarted")
    def start_listening(self, stt: str, language: str | None, at: datetime) -> None:
        self.listening = stt
        if language:  # replies follow the language the client asked for
            self.language = language

    @event("LanguageChosen", topic="bolkhata:Conversation.LanguageChosen")
    def choose_language(self, language: str, at: datetime) -> None:
        """The page's language toggle: replies from now on are in this language."""
        self.language = language

    def stop_listening(self, at: datetime) -> None:
        self._listening_stopped(transcripts=len(self.transcripts), tasks=len(self.tasks), at=at)

    @event("ListeningStopped", topic="bolkhata:Conversation.ListeningStopped")
    def _listening_stopped(self, transcripts: int, tasks: int, at: datetime) -> None:
        self.listening = None

    @event("TranscriptReceived", topic="bolkhata:Conversation.TranscriptReceived")
    def receive_transcript(
        self,
        utterance_id: str,
        text: str,
        final: bool,
        confidence: float | None,
        source: str,
        at: datetime,
    ) -> None:
        self.transcripts.append({"utterance_id": utterance_id, "text": text, "at": at.isoformat()})

    @event("CommandRecognized", topic="bolkhata:Conversation.CommandRecognized")
    def recognize_command(
        self, utterance_id: str, index: int, intent: str, entities: dict[str, Any]
    ) -> None:
        pass

    # Focus

    @event("CustomerFocused", topic="bolkhata:Conversation.CustomerFocused")
    def focus_customer(
        self, customer_id: str, name: str, confidence: float, reason: str, at: datetime
    ) -> None:
        if self.focus and self.focus["customer_id"] != customer_id:
            self.previous_focus = self.focus
        self.focus = {"customer_id": customer_id, "name": name}
        others = [f for f in self.focus_history if f["customer_id"] != customer_id]
        self.focus_history = [self.focus, *others][:FOCUS_HISTORY]

    def recent_customers(self, count: int) -> list[dict[str, Any]]:
        """The last `count` distinct customers in focus, oldest first (as they were spoken)."""
        return list(reversed(self.focus_history[:count]))

    @event("FocusCleared", topic="bolkhata:Conversation.FocusCleared")
    def clear_focus(self, reason: str, at: datetime) -> None:
        if self.focus:
            self.previous_focus = self.focus
        self.focus = None

    # Tasks

    @event("TaskQueued", topic="bolkhata:Conversation.TaskQueued")
    def queue_task(
        self,
        task_id: str,
        utterance_id: str,
        intent: str,
        entities: dict[str, Any],
        priority: int,
        depends_on: str | None,
        customer_id: str | None,
        customer_name: str | None,
        at: datetime,
    ) -> None:
        self.tasks[task_id] = TaskRecord(
            task_id=task_id,
            utterance_id=utterance_id,
            order=len(self.tasks),
            intent=intent,
            entities=entities,
            priority=priority,
            depends_on=depends_on,
            customer_id=customer_id,
            customer_name=customer_name,
            queued_at=at,
        )

    def task(self, task_id: str) -> TaskRecord:
        try:
            return self.tasks[task_id]
        except KeyError:
            raise TaskNotFound(f"no task {task_id!r} in this conversation") from None

    def _expect(self, task_id: str, *statuses: str) -> TaskRecord:
        record = self.task(task_id)
        if record.status not in statuses:
            raise InvalidTransition(f"task {task_id} is {record.status}")
        return record

    def begin_task(self, task_id: str, at: datetime) -> None:
        record = self._expect(task_id, QUEUED)
        if record.waiting:
            raise InvalidTransition(f"task {task_id} waits for an answer")
        self._task_started(task_id=task_id, at=at)

    @event("TaskStarted", topic="bolkhata:Conversation.TaskStarted")
    def _task_started(self, task_id: str, at: datetime) -> None:
        record = self.tasks[task_id]
        record.status, record.started_at = RUNNING, at

    def complete_task(
        self, task_id: str, result: dict[str, Any], reply: str, language: str, at: datetime
    ) -> None:
        record = self._expect(task_id, RUNNING)
        self._task_completed(
            task_id=task_id,
            result=result,
            reply=reply,
            language=language,
            duration_ms=_duration_ms(record, at),
            at=at,
        )

    @event("TaskCompleted", topic="bolkhata:Conversation.TaskCompleted")
    def _task_completed(
        self,
        task_id: str,
        result: dict[str, Any],
        reply: str,
        language: str,
        duration_ms: int,
        at: datetime,
    ) -> None:
        record = self.tasks[task_id]
        record.status, record.ended_at, record.result, record.reply = COMPLETED, at, result, reply

    def fail_task(
        self, task_id: str, code: str, message: str, reply: str, language: str, at: datetime
    ) -> None:
        record = self._expect(task_id, QUEUED, RUNNING)
        self._task_failed(
            task_id=task_id,
            code=code,
            message=message,
            reply=reply,
            language=language,
            duration_ms=_duration_ms(record, at),
            at=at,
        )

    @event("TaskFailed", topic="bolkhata:Conversation.TaskFailed")
    def _task_failed(
        self,
        task_id: str,
        code: str,
        message: str,
        reply: str,
        language: str,
        duration_ms: int,
        at: datetime,
    ) -> None:
        record = self.tasks[task_id]
        record.status, record.ended_at, record.reply = FAILED, at, reply
        record.error_code, record.error_message = code, message
        record.awaiting_clarification = record.awaiting_confirmation = False

    def cancel_task(self, task_id: str, reason: str, at: datetime) -> None:
        self._expect(task_id, QUEUED, RUNNING)
        self._task_cancelled(task_id=task_id, reason=reason, at=at)

    @event("TaskCancelled", topic="bolkhata:Conversation.TaskCancelled")
    def _task_cancelled(self, task_id: str, reason: str, at: datetime) -> None:
        record = self.tasks[task_id]
        record.status, record.ended_at, record.cancel_reason = CANCELLED, at, reason
        record.awaiting_clarification = record.awaiting_confirmation = False

    # Clarification

    @event("ClarificationAsked", topic="bolkhata:Conversation.ClarificationAsked")
    def ask_clarification(
        self,
        task_id: str,
        utterance_id: str,
        question: str,
        options: list[dict[str, Any]],
        at: datetime,
    ) -> None:
        record = self.tasks[task_id]
        record.awaiting_clarification = True
        record.clarify_options = options

    def answer_clarification(self, task_id: str, customer_id: str, at: datetime) -> str:
        record = self._expect(task_id, QUEUED)
        chosen = [o for o in record.clarify_options if o.get("customer_id") == customer_id]
        if not record.awaiting_clarification or not chosen:
            raise InvalidTransition(f"task {task_id} asks no such question")
        name = str(chosen[0]["name"])
        self._clarification_answered(task_id=task_id, customer_id=customer_id, name=name, at=at)
        return name

    @event("ClarificationAnswered", topic="bolkhata:Conversation.ClarificationAnswered")
    def _clarification_answered(
        self, task_id: str, customer_id: str, name: str, at: datetime
    ) -> None:
        record = self.tasks[task_id]
        record.awaiting_clarification = False
        record.customer_id, record.customer_name = customer_id, name

    def waiting_for_answer(self, utterance_id: str) -> list[TaskRecord]:
        return [
            t
            for t in self.tasks.values()
            if t.utterance_id == utterance_id and t.awaiting_clarification and t.status == QUEUED
        ]

    def choose_new_customer(
        self, task_ids: list[str], customer_id: str, name: str, creator: str, at: datetime
    ) -> None:
        """The answer "Naya customer: X": these tasks create X (named by `creator`) and use it."""
        for task_id in task_ids:
            record = self._expect(task_id, QUEUED)
            if not record.awaiting_clarification:
                raise InvalidTransition(f"task {task_id} asks no question")
        self._new_customer_chosen(
            task_ids=task_ids, customer_id=customer_id, name=name, creator=creator, at=at
        )

    @event("NewCustomerChosen", topic="bolkhata:Conversation.NewCustomerChosen")
    def _new_customer_chosen(
        self, task_ids: list[str], customer_id: str, name: str, creator: str, at: datetime
    ) -> None:
        for task_id in task_ids:
            record = self.tasks[task_id]
            record.awaiting_clarification = False
            record.customer_id, record.customer_name = customer_id, name
            record.new_customer, record.new_customer_task = name, creator

    # Confirmation: a write read back that runs only on a yes

    @event("ConfirmationAsked", topic="bolkhata:Conversation.ConfirmationAsked")
    def ask_confirmation(
        self,
        utterance_id: str,
        task_ids: list[str],
        question: str,
        options: list[dict[str, Any]],
        at: datetime,
    ) -> None:
        for task_id in task_ids:
            self.tasks[task_id].awaiting_confirmation = True
        self.confirmations.append(
            {"utterance_id": utterance_id, "task_ids": list(task_ids), "question": question}
        )

    def pending_confirmations(self) -> list[dict[str, Any]]:
        """Confirms some task still waits on, oldest first."""
        return [
            asked
            for asked in self.confirmations
            if any(
                self.tasks[t].awaiting_confirmation and self.tasks[t].status == QUEUED
                for t in asked["task_ids"]
            )
        ]

    def answer_confirmation(self, task_ids: list[str], answer: str, at: datetime) -> None:
        if answer not in (YES, NO):
            raise InvalidTransition(f"a confirmation is answered yes or no, not {answer!r}")
        waiting = [t for t in task_ids if self.tasks[t].awaiting_confirmation]
        if not waiting:
            raise InvalidTransition("no task waits for this confirmation")
        self._confirmation_answered(task_ids=waiting, answer=answer, at=at)

    @event("ConfirmationAnswered", topic="bolkhata:Conversation.ConfirmationAnswered")
    def _confirmation_answered(self, task_ids: list[str], answer: str, at: datetime) -> None:
        for task_id in task_ids:
            self.tasks[task_id].awaiting_confirmation = False

    # Reminders and messages that did not reach the customer: each told once here

    def _told(self) -> set[str]:
        # Set by the first notice: conversations stored before notices existed have none.
        if not hasattr(self, "told"):
            self.told: set[str] = set()
        return self.told

    def announce_reminder(
        self,
        reminder_id: str,
        customer_id: str,
        name: str,
        message: str,
        due_at: datetime,
    ) -> bool:
        """Record that a reminder fell due; False (nothing stored) if it was told here already."""
        if f"reminder:{reminder_id}" in self._told():
            return False
        self._reminder_due(
            reminder_id=reminder_id,
            customer_id=customer_id,
            name=name,
            message=message,
            due_at=due_at,
        )
        return True

    @event("ReminderDue", topic="bolkhata:Conversation.ReminderDue")
    def _reminder_due(
        self, reminder_id: str, customer_id: str, name: str, message: str, due_at: datetime
    ) -> None:
        self._told().add(f"reminder:{reminder_id}")

    def tell_message_failed(
        self,
        message_id: str,
        customer_id: str,
        name: str,
        kind: str,
        code: str,
        reason: str,
        reply: str,
        at: datetime,
    ) -> bool:
        """A message to a customer that will never go out (no phone, opted out, a permanent
        error), told to the shopkeeper; False (nothing stored) if it was told here already."""
        if f"message:{message_id}" in self._told():
            return False
        self._message_not_sent(
            message_id=message_id,
            customer_id=customer_id,
            name=name,
            kind=kind,
            code=code,
            reason=reason,
            reply=reply,
            language=self.language,
            at=at,
        )
        return True

    @event("MessageNotSent", topic="bolkhata:Conversation.MessageNotSent")
    def _message_not_sent(
        self,
        message_id: str,
        customer_id: str,
        name: str,
        kind: str,
        code: str,
        reason: str,
        reply: str,
        language: str,
        at: datetime,
    ) -> None:
        self._told().add(f"message:{message_id}")

    # End

    @event("Ended", topic="bolkhata:Conversation.Ended")
    def end(self, at: datetime) -> None:
        self.listening = None
        self.ended_at = at

    def unfinished(self) -> list[TaskRecord]:
        return [t for t in self.tasks.values() if t.status not in FINISHED]
