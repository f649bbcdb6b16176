"""One live session: its conversation, its tasks' lifecycle, cancellation and clarification."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from anyio import to_thread

from application.handlers import HANDLERS, TaskContext
from application.live import Frame, frames_of, task_view
from application.replies import (
    cancel_reason,
    reply_answered,
    reply_done,
    reply_failed,
    reply_language,
)
from application.resolution import NEW, Planned
from application.routines import Routines
from domain.conversation import (
    FINISHED,
    NO,
    QUEUED,
    RUNNING,
    YES,
    Conversation,
    InvalidTransition,
    TaskRecord,
)
from domain.errors import DomainError
from domain.ids import customer_id_for
from domain.intents import Command, Intent, Priority
from domain.scheduling import TaskSlot, select_startable

if TYPE_CHECKING:
    from application.engine import SessionEngine

T = TypeVar("T")


# "reminder wala cancel" means whichever reminder task is pending: set, move or remove one.
_REMINDERS = {
    Intent.CREATE_REMINDER.value,
    Intent.MODIFY_REMINDER.value,
    Intent.CANCEL_REMINDER.value,
}
_INTENT_FAMILIES = dict.fromkeys(_REMINDERS, _REMINDERS)


class ConversationNotFound(LookupError):
    code = "unknown_conversation"


class NotAllowedNow(ValueError):
    code = "not_allowed"


@dataclass
class Runner:
    task: asyncio.Task[None] | None = None
    phase: str = "starting"  # starting | waiting | ledger
    cancel_requested: str | None = None


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Session:
    """One conversation's live state: its aggregate, running tasks and timers."""

    def __init__(self, engine: SessionEngine, conversation: Conversation) -> None:
        self.engine = engine
        self.conversation = conversation
        self.id = str(conversation.id)
        self.shop = conversation.shop
        self.lock = asyncio.Lock()
        self.runners: dict[str, Runner] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.queued_mono: dict[str, float] = {}
        self.waits: deque[float] = deque(maxlen=1000)

    @property
    def language(self) -> str:
        return self.conversation.language

    # Storing: every change is a stored event before anyone hears of it

    async def change(self, mutate: Callable[[Conversation], T]) -> T:
        async with self.lock:
            result, frames = await self.engine.commits.submit(self, mutate)
        self.engine.feed.publish(self.id, frames)
        return result  # type: ignore[no-any-return]

    def reload(self) -> None:
        """Drop the copy in memory for the stored one (after a failed or refused change)."""
        fresh = self.engine.store.get(self.conversation.id, Conversation)
        if fresh is not None:
            self.conversation = fresh

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.engine.spawn(coroutine)

    # Listening and transcripts

    async def start_listening(self, stt: str, language: str | None = None) -> None:
        now = self.engine.clock.now()
        chosen = reply_language(language)
        await self.change(lambda c: c.start_listening(stt=stt, language=chosen, at=now))

    async def stop_listening(self) -> None:
        if self.conversation.listening is None:
            raise NotAllowedNow("not listening")
        now = self.engine.clock.now()
        await self.change(lambda c: c.stop_listening(now))

    def partial(self, text: str) -> None:
        frame = {
            "type": "transcript:partial",
            "text": text,
            "ts": self.engine.clock.now().isoformat(),
        }
        self.engine.feed.publish(self.id, [frame])

    async def receive_transcript(
        self,
        text: str,
        *,
        source: str = "client",
        confidence: float | None = None,
        language: str | None = None,
    ) -> list[str]:
        """Store the final transcript, its commands and their tasks in one save.

        `language` is the page's reply language; a new one is stored first (`LanguageChosen`),
        so this utterance's replies are already in it."""
        received = time.monotonic()
        now = self.engine.clock.now()
        commands = self.engine.parse(text, now)
        store = self.engine.store  # a database restart must not lose what was said
        if any(command.intent is Intent.RUN_ROUTINE for command in commands):
            # A routine run stands for its steps, so they meet the gate and scheduler as spoken.
            routines = Routines(store, self.engine.parse)
            expand = partial(routines.expand, self.shop, commands, self.conversation.focus, now)
            commands = await to_thread.run_sync(store.through_outage, expand)
        directory = await to_thread.run_sync(
            store.through_outage, lambda: self.engine.reports.directory(self.shop)
        )
        chosen = reply_language(language)

        def take(conversation: Conversation) -> tuple[list[str], list[str]]:
            if chosen and chosen != conversation.language:
                conversation.choose_language(chosen, now)
            return self._take_commands(
                conversation, text, commands, directory, source, confidence, now
            )

        outcome = await self.change(take)
        self.engine.queue_delays.append(time.monotonic() - received)
        task_ids, cancels = outcome
        self._drop_stale_timers()  # a spoken "haan" / "nahi" may have answered some
        for task_id in task_ids:
            self.queued_mono.setdefault(task_id, received)
            self._arm_clarify_timer(task_id)
        for task_id in cancels:
            self.request_cancel(task_id, cancel_reason("voice", self.language))
        self.schedule()
        return task_ids

    def _take_commands(
        self,
        conversation: Conversation,
        text: str,
        commands: list[Command],
        directory: list[dict[str, Any]],
        source: str,
        confidence: float | None,
        now: datetime,
    ) -> tuple[list[str], list[str]]:
        utterance_id = uuid.uuid4().hex[:12]
        conversation.receive_transcript(
            utterance_id=utterance_id,
            text=text,
            final=True,
            confidence=confidence,
            source=source,
            at=now,
        )
        task_ids: list[str] = []
        running_cancels: list[str] = []
        planned: list[Planned] = []
        previous: str | None = None
        for index, command in enumerate(commands):
            conversation.recognize_command(
                utterance_id=utterance_id,
                index=index,
                intent=command.intent.value,
                entities=command.entities,
            )
            task_id = f"{utterance_id}-{index}"
            depends_on = previous if command.after_previous else None
            if command.intent is Intent.CANCEL_TASK:
                running_cancels += self._cancel_by_voice(
                    conversation, task_id, utterance_id, command, now
                )
                queued = [task_id]
            elif command.intent is Intent.ANSWER:
                self._answer_by_voice(conversation, task_id, utterance_id, command, now)
                queued = [task_id]
            else:
                plans = self.engine.resolver.queue(
                    conversation,
                    self,
                    task_id,
                    utterance_id,
                    command,
                    depends_on,
                    directory,
                    now,
                    index=index,
                    text=text,
                )
                planned += plans
                queued = [plan.task_id for plan in plans]
            task_ids += queued
            previous = queued[-1]
        self.engine.resolver.confirm(conversation, utterance_id, planned, now)
        return task_ids, running_cancels

    def _cancel_by_voice(
        self,
        conversation: Conversation,
        task_id: str,
        utterance_id: str,
        command: Command,
        now: datetime,
    ) -> list[str]:
        """'ruko' is urgent: it is done at once, never waiting for a slot."""
        targets = self.targets_of(command.entities.get("task_ref", "all"), conversation)
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
        if not targets:  # "doosra wala cancel" with one task in the list: say so, do nothing
            message = f"no queued or running task matches {command.entities.get('task_ref')!r}"
            reply = reply_failed("nothing_to_cancel", message, self.language)
            conversation.fail_task(task_id, "nothing_to_cancel", message, reply, self.language, now)
            return []
        running = []
        reason = cancel_reason("voice", self.language)
        for target in targets:
            if conversation.task(target).status == QUEUED:
                conversation.cancel_task(target, reason, now)
            else:
                running.append(target)
        result = {"cancelled": targets, "count": len(targets)}
        reply = reply_done("CANCEL_TASK", result, self.language)
        conversation.complete_task(task_id, result, reply, self.language, now)
        return running

    def targets_of(self, reference: Any, conversation: Conversation | None = None) -> list[str]:
        """The tasks a cancel means, from the live list: queued and running tasks in the order
        they were queued, cancels themselves left out. "pehla wala" is the first of that list."""
        tasks = (conversation or self.conversation).tasks.values()
        live = [t for t in tasks if t.status not in FINISHED]
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

    # Scheduling

    def _slot(self, record: TaskRecord) -> TaskSlot:
        return TaskSlot(
            task_id=record.task_id,
            order=record.order,
            priority=Priority(record.priority),
            customer_key=record.customer_id or record.entities.get("customer_key"),
            depends_on=record.depends_on,
            queued_at=self.queued_mono.get(record.task_id, 0.0),
        )

    def schedule(self) -> None:
        """Start what may start now; called on every event, never on a timer."""
        decided = time.monotonic()
        tasks = self.conversation.tasks.values()
        launching = set(self.runners)
        queued = [
            self._slot(t)
            for t in tasks
            if t.status == QUEUED and not t.waiting and t.task_id not in launching
        ]
        running = [self._slot(t) for t in tasks if t.status == RUNNING or t.task_id in launching]
        finished: dict[str, Any] = {t.task_id: t.status for t in tasks if t.status in FINISHED}
        decision = select_startable(
            queued,
            running,
            finished,
            limit=self.engine.config.max_parallel,
            now=decided,
            aging_seconds=self.engine.config.aging_seconds,
        )
        for task_id, reason in decision.doomed:
            self._spawn(self._fail(task_id, reason, "the task it depended on did not complete"))
        grant = self.engine.fair.update(self.id, running=len(running), ready=decision.ready)
        for task_id in decision.start[: grant.start]:
            runner = Runner()
            self.runners[task_id] = runner
            runner.task = self.engine.spawn(self._run(task_id, runner, decided, resume=False))
        self.engine.wake(grant.wake)

    def resume_after_crash(self) -> None:
        for record in self.conversation.unfinished():
            self.queued_mono.setdefault(record.task_id, time.monotonic())
            if record.task_id not in self.timers:
                self._arm_clarify_timer(record.task_id)  # a question open at the crash
            if record.status == RUNNING and record.task_id not in self.runners:
                runner = Runner(phase="ledger")
                self.runners[record.task_id] = runner
                runner.task = self.engine.spawn(
                    self._run(record.task_id, runner, time.monotonic(), resume=True)
                )
        self.schedule()

    async def _run(self, task_id: str, runner: Runner, decided: float, *, resume: bool) -> None:
        try:
            if not resume:
                now = self.engine.clock.now()
                try:
                    await self.change(lambda c: c.begin_task(task_id, now))
                except InvalidTransition:
                    return  # cancelled or failed while it was being started

                self.engine.start_delays.append(time.monotonic() - decided)
                self.waits.append(time.monotonic() - self.queued_mono.get(task_id, decided))
                if runner.cancel_requested:
                    raise asyncio.CancelledError
                runner.phase = "waiting"
                if self.engine.work_delay is not None:
                    await self.engine.work_delay(self.conversation.task(task_id))
            runner.phase = "ledger"  # from here a stored effect is reported, never dropped
            await self._execute(task_id, runner)
        except asyncio.CancelledError:
            reason = runner.cancel_requested or cancel_reason("other", self.language)
            now = self.engine.clock.now()
            await self.change(lambda c: self._cancel_if_live(c, task_id, reason, now))
        finally:
            self.runners.pop(task_id, None)
            self.schedule()
            self.engine.release(self)

    async def _execute(self, task_id: str, runner: Runner) -> None:
        record = self.conversation.task(task_id)
        handler = HANDLERS.get(Intent(record.intent))
        if handler is None:
            await self._fail(task_id, "not_understood", "no command was understood")
            return
        if record.new_customer and record.new_customer_task:
            try:  # "Naya customer: X" was chosen: X is made first, once (idempotent by task id)
                await to_thread.run_sync(
                    self.engine.khata.register_customer,
                    self.shop,
                    record.new_customer,
                    record.new_customer_task,
                )
            except DomainError as error:
                await self._fail(task_id, error.code, str(error))
                return
        context = TaskContext(
            shop=self.shop,
            task_id=task_id,
            customer_id=record.customer_id,
            customer_name=record.customer_name,
            entities=record.entities,
            now=self.engine.clock.now(),
        )
        try:
            # Through a database outage the handler runs again: the ledger applies a task once.
            result = await to_thread.run_sync(
                self.engine.store.through_outage,
                lambda: handler(self.engine.khata, self.engine.reports, context),
            )
        except DomainError as error:
            await self._fail(task_id, error.code, str(error))
            return
        except Exception as error:  # a bug must fail the task, not the session
            await self._fail(task_id, "internal_error", f"{type(error).__name__}: {error}")
            return
        if runner.cancel_requested:
            result = result | {"late_cancel": True}
        reply = reply_done(record.intent, result, self.language, now=self.engine.clock.now())
        self.engine.alarm.task_finished(self.shop, record.intent, result)
        if record.intent == Intent.CREATE_CUSTOMER.value and "customer_id" in result:
            await self.change(lambda c: self._complete_and_focus(c, task_id, result, reply))
        else:
            now = self.engine.clock.now()
            await self.change(lambda c: c.complete_task(task_id, result, reply, self.language, now))

    def _complete_and_focus(
        self, conversation: Conversation, task_id: str, result: dict[str, Any], reply: str
    ) -> None:
        now = self.engine.clock.now()
        conversation.complete_task(task_id, result, reply, self.language, now)
        conversation.focus_customer(
            customer_id=str(result["customer_id"]),
            name=str(result["name"]),
            confidence=1.0,
            reason="created",
            at=now,
        )

    async def _fail(self, task_id: str, code: str, message: str) -> None:
        reply = reply_failed(code, message, self.language)
        now = self.engine.clock.now()

        def fail(conversation: Conversation) -> None:
            if conversation.task(task_id).status not in FINISHED:
                conversation.fail_task(task_id, code, message, reply, self.language, now)

        await self.change(fail)
        self.schedule()

    # Cancellation and clarification

    async def cancel(self, task_id: str | None = None, every: bool = False) -> list[str]:
        if every:
            targets = self.targets_of("all")
        else:
            record = self.conversation.task(task_id or "")  # raises TaskNotFound
            if record.status in FINISHED:
                raise NotAllowedNow(f"task {record.task_id} is already {record.status}")
            targets = [record.task_id]
        for target in targets:
            self.request_cancel(target, cancel_reason("user", self.language))
        return targets

    def request_cancel(self, task_id: str, reason: str) -> None:
        runner = self.runners.get(task_id)
        if runner is None:
            self._spawn(self._cancel_queued(task_id, reason))
            return
        if runner.cancel_requested:
            return  # asked already: a second cancel must not interrupt the first's bookkeeping
        runner.cancel_requested = reason
        if runner.phase == "waiting" and runner.task is not None:
            runner.task.cancel()

    @staticmethod
    def _cancel_if_live(
        conversation: Conversation, task_id: str, reason: str, now: datetime
    ) -> None:
        if conversation.task(task_id).status not in FINISHED:
            conversation.cancel_task(task_id, reason, now)

    async def _cancel_queued(self, task_id: str, reason: str) -> None:
        now = self.engine.clock.now()

        def cancel(conversation: Conversation) -> bool:
            if task_id in self.runners:
                return False  # it started meanwhile: cancel it as a running task
            self._cancel_if_live(conversation, task_id, reason, now)
            return True

        if not await self.change(cancel):
            self.request_cancel(task_id, reason)
        self.schedule()

    async def answer(
        self, utterance_id: str, customer_id: str | None = None, answer: str | None = None
    ) -> None:
        """A `clarify:answer`: yes/no to a confirm, or the customer chosen for a question."""
        now = self.engine.clock.now()
        if answer is not None:
            asked = [
                c
                for c in self.conversation.pending_confirmations()
                if c["utterance_id"] == utterance_id
            ]
            if not asked:
                raise NotAllowedNow(f"no confirmation waits about {utterance_id!r}")
            task_ids = list(asked[-1]["task_ids"])
            change: Callable[[Conversation], Any] = partial(
                self._confirm, task_ids=task_ids, answer=answer, now=now
            )
        else:
            chosen = customer_id or ""
            asked_ids = self._question_for(utterance_id, chosen)
            change = partial(self._choose, task_ids=asked_ids, customer_id=chosen, now=now)
        try:
            await self.change(change)
        except InvalidTransition as late:  # answered, timed out or cancelled meanwhile
            raise NotAllowedNow(str(late)) from None
        self._drop_stale_timers()
        self.schedule()

    def _question_for(self, utterance_id: str, customer_id: str) -> list[str]:
        """The tasks of the first open customer question of the utterance offering this option."""
        waiting = self.conversation.waiting_for_answer(utterance_id)
        offering = [
            r
            for r in waiting
            if any(o.get("customer_id") == customer_id for o in r.clarify_options)
        ]
        if not offering:
            raise NotAllowedNow(f"nothing about {utterance_id!r} offers {customer_id!r}")
        first = offering[0]
        return [r.task_id for r in offering if r.clarify_options == first.clarify_options]

    def _choose(
        self, conversation: Conversation, task_ids: list[str], customer_id: str, now: datetime
    ) -> None:
        if customer_id == NEW:
            # The spoken name becomes a customer when the first of these tasks runs, under an
            # id derived from it (as CREATE_CUSTOMER does), so a retry finds the same account.
            first = conversation.task(task_ids[0])
            name = str(first.entities.get("customer") or "").strip()
            creator = f"{first.task_id}:new"
            new_id = str(customer_id_for(self.shop, creator))
            conversation.choose_new_customer(task_ids, new_id, name, creator, now)
            conversation.focus_customer(
                customer_id=new_id, name=name, confidence=1.0, reason="created", at=now
            )
            return
        for task_id in task_ids:
            name = conversation.answer_clarification(task_id, customer_id, now)
        conversation.focus_customer(
            customer_id=customer_id, name=name, confidence=1.0, reason="clarified", at=now
        )

    def _confirm(
        self, conversation: Conversation, task_ids: list[str], answer: str, now: datetime
    ) -> int:
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
            reason = cancel_reason("declined", self.language)
            for task_id in waiting:
                conversation.cancel_task(task_id, reason, now)
        return len(waiting)

    def _answer_by_voice(
        self,
        conversation: Conversation,
        task_id: str,
        utterance_id: str,
        command: Command,
        now: datetime,
    ) -> None:
        """A spoken "haan" / "nahi" answers the latest open confirmation, done at once."""
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
        pending = conversation.pending_confirmations()
        answer = command.entities.get("answer")
        if not pending or answer not in (YES, NO):
            result: dict[str, Any] = {"answered": 0}
            reply = reply_answered("nothing", self.language)
        else:
            asked = pending[-1]
            count = self._confirm(conversation, list(asked["task_ids"]), str(answer), now)
            result = {"answer": answer, "answered": count, "question": asked["question"]}
            reply = reply_answered(str(answer), self.language)
        conversation.complete_task(task_id, result, reply, self.language, now)

    def _drop_stale_timers(self) -> None:
        for task_id in list(self.timers):
            record = self.conversation.tasks.get(task_id)
            if record is None or not record.waiting or record.status != QUEUED:
                self.timers.pop(task_id).cancel()

    def _arm_clarify_timer(self, task_id: str) -> None:
        record = self.conversation.tasks.get(task_id)
        if record is None or not record.waiting:
            return
        loop = asyncio.get_running_loop()
        self.timers[task_id] = loop.call_later(
            self.engine.config.clarify_timeout,
            lambda: self._spawn(self._expire(task_id)),
        )

    async def _expire(self, task_id: str) -> None:
        self.timers.pop(task_id, None)
        record = self.conversation.tasks.get(task_id)
        if record and record.awaiting_clarification and record.status == QUEUED:
            await self._fail(task_id, "clarification_timeout", "no answer to the question")
        elif record and record.awaiting_confirmation and record.status == QUEUED:
            await self._fail(task_id, "confirmation_timeout", "no yes or no to the read-back")

    # Views

    @staticmethod
    def task_view(record: TaskRecord) -> dict[str, Any]:
        return task_view(record, record.status)

    def queue_status(self, *, with_tasks: bool = True) -> dict[str, Any]:
        """The live queue: finished tasks leave it after the configured time."""
        now = self.engine.clock.now()
        ttl = self.engine.config.finished_ttl
        live = [
            t
            for t in self.conversation.tasks.values()
            if t.ended_at is None or (now - t.ended_at).total_seconds() < ttl
        ]
        counts = {
            s: sum(1 for t in live if t.status == s)
            for s in ("queued", "running", "completed", "failed", "cancelled")
        }
        waiting = [t for t in live if t.status == QUEUED]
        oldest = max(((now - t.queued_at).total_seconds() for t in waiting), default=0.0)
        status: dict[str, Any] = counts | {
            "max_parallel": self.engine.config.max_parallel,
            "oldest_waiting_seconds": round(oldest, 3),
            "wait_p50_ms": round(percentile(self.waits, 0.5) * 1000, 2),
            "wait_p95_ms": round(percentile(self.waits, 0.95) * 1000, 2),
        }
        if with_tasks:
            status["tasks"] = [self.task_view(t) for t in live]
        return status

    def replay(self, after_seq: int) -> list[Frame]:
        events = self.engine.store.events.get(self.conversation.id, gt=after_seq)
        return frames_of(events)

    def is_unused(self) -> bool:
        return not self.conversation.transcripts and not self.conversation.tasks

    async def end(self) -> None:
        now = self.engine.clock.now()
        await self.change(lambda c: c.end(now))
        self.engine.sessions.pop(self.id, None)
