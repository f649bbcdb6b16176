"""The intake: a final transcript's commands become tasks, and answers change waiting tasks.

Pure: no I/O, no clock, no shared state. Group commit may run an intake again on a fresh copy
of the conversation after a refused batch; everything it reads comes in as arguments (the
shop's directory, a copy of the rate limiter's room, the time) and everything it did comes
out (`Taken`), so a second run counts and sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from application.replies import cancel_reason, reply_answered, reply_done, reply_failed
from application.sessions.gate import NEW, Admission, Planned, Resolver, Thresholds
from application.sessions.host import NotAllowedNow
from domain.conversation import FINISHED, NO, QUEUED, YES, Conversation
from domain.ids import customer_id_for
from domain.intents import Command, Intent

# "reminder wala cancel" means whichever reminder task is pending: set, move or remove one.
_REMINDERS = {
    Intent.CREATE_REMINDER.value,
    Intent.MODIFY_REMINDER.value,
    Intent.CANCEL_REMINDER.value,
}
_INTENT_FAMILIES = dict.fromkeys(_REMINDERS, _REMINDERS)


@dataclass(frozen=True)
class Utterance:
    """One final transcript as heard, with its commands already parsed."""

    utterance_id: str
    text: str
    commands: list[Command]
    source: str = "client"
    confidence: float | None = None
    language: str | None = None  # the page's reply language, when it asks for one


@dataclass
class Taken:
    task_ids: list[str] = field(default_factory=list)
    running_cancels: list[str] = field(default_factory=list)  # "ruko" on running tasks
    admitted: list[str] = field(default_factory=list)  # customers counted by the rate limit


class Intake:
    def __init__(self, thresholds: Thresholds, rate_limit: int) -> None:
        self.resolver = Resolver(thresholds)
        self.rate_limit = rate_limit

    def take(
        self,
        conversation: Conversation,
        utterance: Utterance,
        directory: list[dict[str, Any]],
        room: Mapping[str, int],
        now: datetime,
    ) -> Taken:
        """Store the transcript, its commands and their tasks on the conversation (unsaved)."""
        if utterance.language and utterance.language != conversation.language:
            conversation.choose_language(utterance.language, now)
        utterance_id = utterance.utterance_id
        conversation.receive_transcript(
            utterance_id=utterance_id,
            text=utterance.text,
            final=True,
            confidence=utterance.confidence,
            source=utterance.source,
            at=now,
        )
        admission = Admission(room, self.rate_limit)
        taken = Taken(admitted=admission.admitted)
        planned: list[Planned] = []
        previous: str | None = None
        for index, command in enumerate(utterance.commands):
            conversation.recognize_command(
                utterance_id=utterance_id,
                index=index,
                intent=command.intent.value,
                entities=command.entities,
            )
            task_id = f"{utterance_id}-{index}"
            depends_on = previous if command.after_previous else None
            if command.intent is Intent.CANCEL_TASK:
                taken.running_cancels += cancel_by_voice(
                    conversation, task_id, utterance_id, command, now
                )
                queued = [task_id]
            elif command.intent is Intent.ANSWER:
                answer_by_voice(conversation, task_id, utterance_id, command, now)
                queued = [task_id]
            else:
                plans = self.resolver.queue(
                    conversation,
                    admission,
                    task_id,
                    utterance_id,
                    command,
                    depends_on,
                    directory,
                    now,
                    index=index,
                    text=utterance.text,
                )
                planned += plans
                queued = [plan.task_id for plan in plans]
            taken.task_ids += queued
            previous = queued[-1]
        self.resolver.confirm(conversation, utterance_id, planned, now)
        return taken


def _queue_done_at_once(
    conversation: Conversation, task_id: str, utterance_id: str, command: Command, now: datetime
) -> None:
    conversation.queue_task(
        task_id=task_id,
        utterance_id=utterance_id,
        intent=command.intent.value,
        entities=command.entities,
        priority=0,
        depends_on=None,
        customer_id=None,
        customer_name=None,
        at=now,
    )
    conversation.begin_task(task_id, now)


def cancel_by_voice(
    conversation: Conversation, task_id: str, utterance_id: str, command: Command, now: datetime
) -> list[str]:
    """'ruko' is urgent: it is done at once, never waiting for a slot. Returns the running
    tasks it means (the session interrupts those)."""
    targets = targets_of(conversation, command.entities.get("task_ref", "all"))
    _queue_done_at_once(conversation, task_id, utterance_id, command, now)
    language = conversation.language
    if not targets:  # "doosra wala cancel" with one task in the list: say so, do nothing
        message = f"no queued or running task matches {command.entities.get('task_ref')!r}"
        reply = reply_failed("nothing_to_cancel", message, language)
        conversation.fail_task(task_id, "nothing_to_cancel", message, reply, language, now)
        return []
    running = []
    reason = cancel_reason("voice", language)
    for target in targets:
        if conversation.task(target).status == QUEUED:
            conversation.cancel_task(target, reason, now)
        else:
            running.append(target)
    result = {"cancelled": targets, "count": len(targets)}
    reply = reply_done("CANCEL_TASK", result, language)
    conversation.complete_task(task_id, result, reply, language, now)
    return running


def targets_of(conversation: Conversation, reference: Any) -> list[str]:
    """The tasks a cancel means, from the live list: queued and running tasks in the order
    they were queued, cancels themselves left out. "pehla wala" is the first of that list."""
    live = [t for t in conversation.tasks.values() if t.status not in FINISHED]
    live = [t for t in live if t.intent != Intent.CANCEL_TASK.value]
    if reference in (None, "all"):
        return [t.task_id for t in live]
    if reference == "last":
        return [live[-1].task_id] if live else []
    if not isinstance(reference, dict):
        return []
    if "ordinal" in reference:
        position = reference["ordinal"]
        valid = isinstance(position, int) and 1 <= position <= len(live)
        return [live[position - 1].task_id] if valid else []
    if reference.get("intent"):
        family = _INTENT_FAMILIES.get(str(reference["intent"]), {str(reference["intent"])})
        return [t.task_id for t in live if t.intent in family]
    if reference.get("customer"):
        spoken = str(reference["customer"]).lower()
        return [
            t.task_id
            for t in live
            if spoken in (t.customer_name or str(t.entities.get("customer", ""))).lower()
        ]
    return []


def answer_by_voice(
    conversation: Conversation, task_id: str, utterance_id: str, command: Command, now: datetime
) -> None:
    """A spoken "haan" / "nahi" answers the latest open confirmation, done at once."""
    _queue_done_at_once(conversation, task_id, utterance_id, command, now)
    pending = conversation.pending_confirmations()
    answer = command.entities.get("answer")
    language = conversation.language
    if not pending or answer not in (YES, NO):
        result: dict[str, Any] = {"answered": 0}
        reply = reply_answered("nothing", language)
    else:
        asked = pending[-1]
        count = confirm(conversation, list(asked["task_ids"]), str(answer), now)
        result = {"answer": answer, "answered": count, "question": asked["question"]}
        reply = reply_answered(str(answer), language)
    conversation.complete_task(task_id, result, reply, language, now)


def confirm(conversation: Conversation, task_ids: list[str], answer: str, now: datetime) -> int:
    """Yes lets the tasks run; no cancels them. Returns how many tasks were answered."""
    waiting = [
        t
        for t in task_ids
        if conversation.task(t).awaiting_confirmation and conversation.task(t).status == QUEUED
    ]
    if not waiting:
        raise NotAllowedNow("that confirmation is no longer open")
    conversation.answer_confirmation(waiting, answer, now)
    if answer == NO:
        reason = cancel_reason("declined", conversation.language)
        for task_id in waiting:
            conversation.cancel_task(task_id, reason, now)
    return len(waiting)


def choose(
    conversation: Conversation, task_ids: list[str], customer_id: str, now: datetime
) -> None:
    """The customer picked for a question: one of its options, or the spoken name as new."""
    if customer_id == NEW:
        # The spoken name becomes a customer when the first of these tasks runs, under an
        # id derived from it (as CREATE_CUSTOMER does), so a retry finds the same account.
        first = conversation.task(task_ids[0])
        name = str(first.entities.get("customer") or "").strip()
        creator = f"{first.task_id}:new"
        new_id = str(customer_id_for(conversation.shop, creator))
        conversation.choose_new_customer(task_ids, new_id, name, creator, now)
        conversation.focus_customer(
            customer_id=new_id, name=name, confidence=1.0, reason="created", at=now
        )
        return
    name = ""
    for task_id in task_ids:
        name = conversation.answer_clarification(task_id, customer_id, now)
    conversation.focus_customer(
        customer_id=customer_id, name=name, confidence=1.0, reason="clarified", at=now
    )


def question_for(conversation: Conversation, utterance_id: str, customer_id: str) -> list[str]:
    """The tasks of the first open customer question of the utterance offering this option."""
    waiting = conversation.waiting_for_answer(utterance_id)
    offering = [
        r for r in waiting if any(o.get("customer_id") == customer_id for o in r.clarify_options)
    ]
    if not offering:
        raise NotAllowedNow(f"nothing about {utterance_id!r} offers {customer_id!r}")
    first = offering[0]
    return [r.task_id for r in offering if r.clarify_options == first.clarify_options]
