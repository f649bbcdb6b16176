"""One live session: its conversation, its tasks' lifecycle, cancellation and clarification.

A session sees the process only through its `SessionHost` (host.py). Every change is a
mutation of the conversation that the host stores (group commit) before anyone hears of it;
the mutations are pure (intake.py and the aggregate's own methods), so one repeated after a
refused batch does nothing twice. Transitions that happen at one moment go in one save: a
task's completion and the start of the tasks it lets run; every task a slot opens for.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from anyio import to_thread

from application.replies import cancel_reason, reply_done, reply_failed, reply_language
from application.sessions.feed import PartialTranscript
from application.sessions.host import EngineConfig, NotAllowedNow, SessionHost
from application.sessions.intake import (
    Intake,
    Taken,
    Utterance,
    choose,
    confirm,
    question_for,
    targets_of,
)
from application.sessions.views import queue_status
from domain.conversation import (
    COMPLETED,
    FINISHED,
    QUEUED,
    RUNNING,
    Conversation,
    InvalidTransition,
    TaskRecord,
)
from domain.errors import DomainError, NotOwner
from domain.intents import CUSTOMER_INTENTS, Intent, Priority
from domain.scheduling import Decision, TaskSlot, select_startable

T = TypeVar("T")

log = logging.getLogger("bolkhata.sessions")
OUTCOME_RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0)


@dataclass
class Runner:
    task: asyncio.Task[None] | None = None
    phase: str = "starting"  # starting | waiting | ledger
    cancel_requested: str | None = None


class Session:
    """One conversation's live state: its aggregate, running tasks and timers."""

    def __init__(self, host: SessionHost, intake: Intake, conversation: Conversation) -> None:
        self.host = host
        self.intake = intake
        self.conversation = conversation
        self.id = str(conversation.id)
        self.shop = conversation.shop
        self.lock = asyncio.Lock()
        self.runners: dict[str, Runner] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.queued_mono: dict[str, float] = {}
        # Seconds from queued to started, for the queue's view: the deque (760 bytes) is made by
        # the first task that starts, so a session that says nothing keeps none.
        self.waits: Sequence[float] = ()
        self.taking = False  # a transcript's tasks are being stored (and maybe started)
        self.leaving = False  # the shop moves to another process: its tasks stay as stored

    @property
    def language(self) -> str:
        return self.conversation.language

    # Storing: every change is a stored event before anyone hears of it

    async def change(self, mutate: Callable[[Conversation], T]) -> T:
        with self.host.answering():
            async with self.lock:
                result, events = await self.host.commit(self, mutate)
            self.host.publish(self.id, events)
        return result

    def reload(self) -> None:
        """Drop the copy in memory for the stored one (after a failed or refused change)."""
        fresh = self.host.load(self.conversation.id)
        if fresh is not None:
            self.conversation = fresh

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.host.spawn(coroutine)

    # Listening and transcripts

    async def start_listening(self, stt: str, language: str | None = None) -> None:
        now = self.host.now()
        chosen = reply_language(language)
        await self.change(lambda c: c.start_listening(stt=stt, language=chosen, at=now))

    async def stop_listening(self) -> None:
        if self.conversation.listening is None:
            raise NotAllowedNow("not listening")
        now = self.host.now()
        await self.change(lambda c: c.stop_listening(now))

    def partial(self, text: str) -> None:
        self.host.publish(self.id, [PartialTranscript(text, self.host.now())])

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
        with self.host.answering():  # until its tasks' frames are out
            return await self._receive(text, source, confidence, language)

    async def _receive(
        self, text: str, source: str, confidence: float | None, language: str | None
    ) -> list[str]:
        received = time.monotonic()
        now = self.host.now()
        commands = self.host.parse(text, now)
        if any(command.intent is Intent.RUN_ROUTINE for command in commands):
            # A routine run stands for its steps, so they meet the gate and scheduler as spoken.
            focus = self.conversation.focus
            expand = partial(self.host.expand_routines, self.shop, commands, focus)
            commands = await to_thread.run_sync(expand, now)
        directory: list[dict[str, Any]] = []
        if any(command.intent in CUSTOMER_INTENTS for command in commands):
            # From the Shop aggregate (cached): a name is never held up by a read model.
            directory = await to_thread.run_sync(self.host.directory, self.shop)
        utterance = Utterance(
            utterance_id=uuid.uuid4().hex[:12],
            text=text,
            commands=commands,
            source=source,
            confidence=confidence,
            language=reply_language(language),
        )
        room = self.host.rate_room(received)
        take = partial(
            self.intake.take, utterance=utterance, directory=directory, room=room, now=now
        )
        taken, begun = await self._take(take, received, now, expected=len(commands))
        self.host.rate_used(taken.admitted, received)
        self.host.measured("queue", time.monotonic() - received)
        self._drop_stale_timers()  # a spoken "haan" / "nahi" may have answered some
        for task_id in taken.task_ids:
            self.queued_mono.setdefault(task_id, received)
            self._arm_clarify_timer(task_id)
        self._launch(begun, begun, received)
        for task_id in taken.running_cancels:
            self.request_cancel(task_id, cancel_reason("voice", self.language))
        self.schedule()
        return taken.task_ids

    async def _take(
        self, take: Callable[[Conversation], Taken], received: float, now: datetime, expected: int
    ) -> tuple[Taken, list[str]]:
        """Store the intake and start, in the same save, the tasks that slots are free for.

        The slots are reserved (fair share) before the save and the schedule that follows
        gives back what was not used; meanwhile no other start is chosen (`taking`)."""
        async with self.lock:
            launching = set(self.runners)
            tasks = self.conversation.tasks
            running = len({t for t, r in tasks.items() if r.status == RUNNING} | launching)
            grant = self.host.grant(self.id, running=running, ready=expected) if expected else None
            mutate = partial(
                _take_and_start,
                take=take,
                budget=grant.start if grant else 0,
                config=self.host.config,
                launching=launching,
                queued_mono=dict(self.queued_mono),
                received=received,
                now=now,
            )
            self.taking = True
            try:
                (taken, begun), events = await self.host.commit(self, mutate)
            except BaseException:
                self.taking = False
                self.schedule()  # gives back the slots reserved for it
                raise
            self.taking = False
        self.host.publish(self.id, events)
        for task_id in begun:
            self.runners[task_id] = Runner()
        if grant is not None:
            self.host.wake(grant.wake)
        return taken, begun

    def targets_of(self, reference: Any) -> list[str]:
        """The tasks a cancel means (intake.targets_of): "pehla wala" is the first of them."""
        return targets_of(self.conversation, reference)

    # Scheduling

    def _choose_starts(self, decided: float, finishing: str | None = None) -> list[str]:
        """The tasks that may start now, each given a runner; `finishing` is a running task
        about to complete in the same save as their start."""
        if self.taking:
            return []  # the transcript being taken starts what may start, then schedules
        launching = set(self.runners) - {finishing}
        decision, running = decide(
            self.conversation, self.host.config, launching, self.queued_mono, decided, finishing
        )
        for task_id, reason in decision.doomed:
            self._spawn(self._fail(task_id, reason, "the task it depended on did not complete"))
        grant = self.host.grant(self.id, running=running, ready=decision.ready)
        starting = list(decision.start[: grant.start])
        for task_id in starting:
            self.runners[task_id] = Runner()
        self.host.wake(grant.wake)
        return starting

    def schedule(self) -> None:
        """Start what may start now; called on every event, never on a timer."""
        decided = time.monotonic()
        starting = self._choose_starts(decided)
        if starting:
            self._spawn(self._start(starting, decided))

    async def _start(self, task_ids: list[str], decided: float) -> None:
        """Every task a slot opened for, started in one save."""
        now = self.host.now()
        try:
            begun = await self.change(partial(_begin_each, task_ids=task_ids, now=now))
        except BaseException:
            self._launch([], task_ids, decided)
            raise
        self._launch(begun, task_ids, decided)

    def _launch(self, begun: list[str], chosen: list[str], decided: float) -> None:
        """Runners for the tasks whose start is stored; the others' runners go."""
        for task_id in chosen:
            runner = self.runners.get(task_id)
            if runner is None:
                continue
            if task_id in begun:
                runner.task = self.host.spawn(self._run(task_id, runner, decided, resume=False))
            else:  # cancelled or failed while it was being started
                self.runners.pop(task_id, None)
        if len(begun) < len(chosen):
            self.schedule()
            self.host.release(self)

    def resume_after_crash(self) -> None:
        for record in self.conversation.unfinished():
            self.queued_mono.setdefault(record.task_id, time.monotonic())
            if record.task_id not in self.timers:
                self._arm_clarify_timer(record.task_id)  # a question open at the crash
            if record.status == RUNNING and record.task_id not in self.runners:
                runner = Runner(phase="ledger")
                self.runners[record.task_id] = runner
                runner.task = self.host.spawn(
                    self._run(record.task_id, runner, time.monotonic(), resume=True)
                )
        self.schedule()

    async def _run(self, task_id: str, runner: Runner, decided: float, *, resume: bool) -> None:
        try:
            if not resume:
                self.host.measured("start", time.monotonic() - decided)
                self._waited(time.monotonic() - self.queued_mono.get(task_id, decided))
                if runner.cancel_requested:
                    raise asyncio.CancelledError
                runner.phase = "waiting"
                if self.host.work_delay is not None:
                    await self.host.work_delay(self.conversation.task(task_id))
            runner.phase = "ledger"  # from here a stored effect is reported, never dropped
            await self._execute_until_stored(task_id, runner)
        except asyncio.CancelledError:
            if self.leaving:
                raise  # handed over: the task stays running and its new owner runs it
            reason = runner.cancel_requested or cancel_reason("other", self.language)
            now = self.host.now()
            await self.change(partial(_cancel_if_live, task_id=task_id, reason=reason, now=now))
        finally:
            self.runners.pop(task_id, None)
            self.schedule()
            self.host.release(self)

    def _waited(self, seconds: float) -> None:
        waits = self.waits if isinstance(self.waits, deque) else deque[float](maxlen=1000)
        waits.append(seconds)
        self.waits = waits

    async def _execute_until_stored(self, task_id: str, runner: Runner) -> None:
        """Run the task and store its outcome; when storing fails (the database away longer
        than a save's own retries), run it again: the ledger applies a task once, so the
        second run reports the first one's effect instead of leaving the task running."""
        for pause in (*OUTCOME_RETRY_SECONDS, None):
            try:
                await self._execute(task_id, runner)
                return
            except NotOwner:
                raise  # the shop moved: its new owner finishes the task
            except Exception:
                if pause is None:
                    log.exception("task %s: its outcome could not be stored", task_id)
                    raise
                log.warning("task %s: storing its outcome failed; again in %ss", task_id, pause)
                await asyncio.sleep(pause)
                async with self.lock:
                    self.reload()
                if self.conversation.task(task_id).status in FINISHED:
                    return  # the outcome was stored after all (its answer was lost)

    async def _execute(self, task_id: str, runner: Runner) -> None:
        record = self.conversation.task(task_id)
        try:
            # Through a database outage the work runs again: the ledger applies a task once.
            result = await to_thread.run_sync(self.host.execute, self.shop, record, self.host.now())
        except DomainError as error:
            await self._fail(task_id, error.code, str(error))
            return
        except Exception as error:  # a bug must fail the task, not the session
            await self._fail(task_id, "internal_error", f"{type(error).__name__}: {error}")
            return
        if runner.cancel_requested:
            result = result | {"late_cancel": True}
        now = self.host.now()
        reply = reply_done(record.intent, result, self.language, now=now)
        self.host.task_finished(self.shop, record.intent, result)
        decided = time.monotonic()
        starting = self._choose_starts(decided, finishing=task_id)
        complete = partial(
            _complete,
            task_id=task_id,
            result=result,
            reply=reply,
            focus=record.intent == Intent.CREATE_CUSTOMER.value and "customer_id" in result,
            starting=starting,
            now=now,
        )
        try:
            begun = await self.change(complete)
        except BaseException:
            self._launch([], starting, decided)
            raise
        self._launch(begun, starting, decided)

    async def _fail(self, task_id: str, code: str, message: str) -> None:
        reply = reply_failed(code, message, self.language)
        now = self.host.now()

        def fail(conversation: Conversation) -> None:
            if conversation.task(task_id).status not in FINISHED:
                conversation.fail_task(task_id, code, message, reply, conversation.language, now)

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

    async def _cancel_queued(self, task_id: str, reason: str) -> None:
        now = self.host.now()
        async with self.lock:  # no start is stored meanwhile: the runner set is settled here
            if task_id in self.runners:
                started = True  # it started meanwhile: cancel it as a running task
            else:
                started = False
                _, events = await self.host.commit(
                    self, partial(_cancel_if_live, task_id=task_id, reason=reason, now=now)
                )
        if started:
            self.request_cancel(task_id, reason)
        else:
            self.host.publish(self.id, events)
        self.schedule()

    async def answer(
        self, utterance_id: str, customer_id: str | None = None, answer: str | None = None
    ) -> None:
        """A `clarify:answer`: yes/no to a confirm, or the customer chosen for a question."""
        now = self.host.now()
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
                confirm, task_ids=task_ids, answer=answer, now=now
            )
        else:
            chosen = customer_id or ""
            asked_ids = question_for(self.conversation, utterance_id, chosen)
            change = partial(choose, task_ids=asked_ids, customer_id=chosen, now=now)
        try:
            await self.change(change)
        except InvalidTransition as late:  # answered, timed out or cancelled meanwhile
            raise NotAllowedNow(str(late)) from None
        self._drop_stale_timers()
        self.schedule()

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
            self.host.config.clarify_timeout,
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

    def queue_status(self, *, with_tasks: bool = True) -> dict[str, Any]:
        """The live queue: finished tasks leave it after the configured time."""
        config = self.host.config
        return queue_status(
            self.conversation,
            self.host.now(),
            ttl=config.finished_ttl,
            max_parallel=config.max_parallel,
            waits=self.waits,
            with_tasks=with_tasks,
        )

    def replay(self, after_seq: int) -> list[Conversation.Event]:
        """The stored events after `after_seq` (blocking: call it in a worker thread)."""
        return self.host.events_after(self.conversation.id, after_seq)

    def is_unused(self) -> bool:
        return not self.conversation.transcripts and not self.conversation.tasks

    async def end(self) -> None:
        now = self.host.now()
        await self.change(lambda c: c.end(now))
        self.host.forget(self.id)


# The mutations: pure functions of the conversation and their arguments.


def _begin_each(conversation: Conversation, *, task_ids: list[str], now: datetime) -> list[str]:
    """Start the tasks that still may start; the rest were cancelled or answered meanwhile."""
    begun = []
    for task_id in task_ids:
        record = conversation.tasks.get(task_id)
        if record is not None and record.status == QUEUED and not record.waiting:
            conversation.begin_task(task_id, now)
            begun.append(task_id)
    return begun


def _complete(
    conversation: Conversation,
    *,
    task_id: str,
    result: dict[str, Any],
    reply: str,
    focus: bool,
    starting: list[str],
    now: datetime,
) -> list[str]:
    """A task's completion, with the start of the tasks it lets run: one moment, one save."""
    conversation.complete_task(task_id, result, reply, conversation.language, now)
    if focus:  # a customer just created is the one spoken about next
        conversation.focus_customer(
            customer_id=str(result["customer_id"]),
            name=str(result["name"]),
            confidence=1.0,
            reason="created",
            at=now,
        )
    return _begin_each(conversation, task_ids=starting, now=now)


def _cancel_if_live(
    conversation: Conversation, *, task_id: str, reason: str, now: datetime
) -> None:
    if conversation.task(task_id).status not in FINISHED:
        conversation.cancel_task(task_id, reason, now)


def decide(
    conversation: Conversation,
    config: EngineConfig,
    launching: set[str],
    queued_mono: Mapping[str, float],
    decided: float,
    finishing: str | None = None,
    default_mono: float = 0.0,
) -> tuple[Decision, int]:
    """The scheduling decision on the conversation as it stands (pure: its inputs are copies),
    and how many tasks run (or are being launched) without `finishing`."""

    def slot(record: TaskRecord) -> TaskSlot:
        return TaskSlot(
            task_id=record.task_id,
            order=record.order,
            priority=Priority(record.priority),
            customer_key=record.customer_id or record.entities.get("customer_key"),
            depends_on=record.depends_on,
            queued_at=queued_mono.get(record.task_id, default_mono),
        )

    tasks = conversation.tasks.values()
    queued = [
        slot(t)
        for t in tasks
        if t.status == QUEUED and not t.waiting and t.task_id not in launching
    ]
    running = [
        slot(t)
        for t in tasks
        if (t.status == RUNNING or t.task_id in launching) and t.task_id != finishing
    ]
    finished: dict[str, Any] = {t.task_id: t.status for t in tasks if t.status in FINISHED}
    if finishing is not None:
        finished[finishing] = COMPLETED
    decision = select_startable(
        queued,
        running,
        finished,
        limit=config.max_parallel,
        now=decided,
        aging_seconds=config.aging_seconds,
    )
    return decision, len(running)


def _take_and_start(
    conversation: Conversation,
    *,
    take: Callable[[Conversation], Taken],
    budget: int,
    config: EngineConfig,
    launching: set[str],
    queued_mono: Mapping[str, float],
    received: float,
    now: datetime,
) -> tuple[Taken, list[str]]:
    """A transcript's tasks, and the start of those a free slot lets run: one save."""
    taken = take(conversation)
    if budget <= 0:
        return taken, []
    decision, _ = decide(
        conversation, config, launching, queued_mono, received, default_mono=received
    )
    return taken, _begin_each(conversation, task_ids=list(decision.start[:budget]), now=now)
