"""The session engine: the registry of live sessions, their shared limits, and recovery.

It is the `SessionHost` (host.py) of every session of this process: it stores their changes
(group commit), shares the running slots fairly, reads the store for them and runs their
tasks' work through the handlers.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any, TypeVar, cast

from anyio import to_thread

from application.handlers import HANDLERS, TaskContext
from application.khata import Khata, UnknownShop
from application.notices import Notices
from application.ports import Clock
from application.reports import Reports
from application.routines import Routines
from application.sessions.commit import Events, GroupCommit, Mutation
from application.sessions.feed import LiveFeed
from application.sessions.gate import Thresholds
from application.sessions.host import (
    Committable,
    ConversationNotFound,
    EngineConfig,
    NotUnderstood,
    Parser,
    Result,
    WorkDelay,
)
from application.sessions.intake import Intake
from application.sessions.reminders import ReminderAlarm
from application.sessions.session import Session
from application.sessions.views import process_totals
from application.store import EventStore
from domain.conversation import Conversation, TaskRecord
from domain.ids import conversation_id_for
from domain.intents import Command, Intent
from domain.money import to_paise
from domain.scheduling import FairShare, Grant, RateLimiter

T = TypeVar("T")
RATE_WINDOW = 60.0


class _Conversations:
    """The store as group commit sees it (commit.ConversationStore)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def save(self, *aggregates: Conversation) -> Sequence[Any]:
        return self.store.save(*aggregates)

    def stored_events(self, conversation_id: Any, gt: int, lte: int) -> Events:
        return cast(Events, list(self.store.events.get(conversation_id, gt=gt, lte=lte)))

    def through_outage(self, attempt: Callable[[], T]) -> T:
        return self.store.through_outage(attempt)


class SessionEngine:
    """Every live session of this process, sharing one global budget of running tasks."""

    def __init__(
        self,
        store: EventStore,
        khata: Khata,
        reports: Reports,
        clock: Clock,
        parse: Parser,
        config: EngineConfig | None = None,
        feed: LiveFeed | None = None,
        work_delay: WorkDelay | None = None,
    ) -> None:
        self.store, self.khata, self.reports, self.clock = store, khata, reports, clock
        self.parse = parse
        self.config = config or EngineConfig()
        self.feed = feed or LiveFeed()
        self.work_delay = work_delay
        thresholds = Thresholds(
            confirm_above_paise=to_paise(self.config.confirm_above_rupees),
            max_amount_paise=khata.limits.max_amount_paise,
        )
        self.intake = Intake(thresholds, self.config.customer_rate_per_minute)
        self.commits = GroupCommit(_Conversations(store))
        self.tasks: set[asyncio.Task[Any]] = set()
        self.alarm = ReminderAlarm(
            clock,
            due_reminders=reports.reminders,
            mark_sent=khata.mark_reminder_sent,
            sessions_of=lambda shop: [s for s in self.sessions.values() if s.shop == shop],
            spawn=self.spawn,
            notices=Notices(khata, reports.projections),
        )
        self.sessions: dict[str, Session] = {}
        self.fair = FairShare(
            global_limit=self.config.global_max_running, session_limit=self.config.max_parallel
        )
        self.limiter = RateLimiter(self.config.customer_rate_per_minute, RATE_WINDOW)
        self.start_delays: deque[float] = deque(maxlen=10_000)
        self.queue_delays: deque[float] = deque(maxlen=10_000)

    # The registry

    async def open(self, shop: str, language: str = "hinglish") -> Session:
        conversation_id = conversation_id_for(shop, uuid.uuid4().hex)
        conversation = Conversation.start(shop, self.clock.now(), conversation_id, language)
        await to_thread.run_sync(self.store.save, conversation)
        session = self._register(conversation)
        await self.alarm.watch(shop)
        return session

    async def attach(self, shop: str, conversation_id: str) -> Session:
        """The live session of an earlier conversation of the same shop."""
        session = self.sessions.get(str(conversation_id))
        if session is None:
            try:
                key = uuid.UUID(str(conversation_id))
            except ValueError:
                raise ConversationNotFound(f"no conversation {conversation_id!r}") from None
            conversation = await to_thread.run_sync(self.store.get, key, Conversation)
            if conversation is None or conversation.shop != shop:
                raise ConversationNotFound(f"no conversation {conversation_id!r} in this shop")
            session = self.sessions.get(str(conversation_id)) or self._register(conversation)
        if session.shop != shop:
            raise ConversationNotFound(f"no conversation {conversation_id!r} in this shop")
        await self.alarm.watch(shop)
        return session

    def _register(self, conversation: Conversation) -> Session:
        session = Session(self, self.intake, conversation)
        self.sessions[session.id] = session
        return session

    def release(self, session: Any) -> None:
        """Forget an idle session nobody watches; its events stay and `attach` reloads it."""
        watched = session.id in self.feed.subscribers
        if watched or session.runners or session.timers or session.conversation.unfinished():
            return
        self.sessions.pop(session.id, None)

    def forget(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)

    # SessionHost: what a session asks of the process

    def now(self) -> datetime:
        return self.clock.now()

    async def commit(self, session: Committable, mutate: Mutation) -> tuple[Any, Events]:
        return await self.commits.submit(session, mutate)

    def publish(self, conversation_id: str, events: Sequence[object]) -> None:
        self.feed.publish(conversation_id, events)

    def grant(self, session_id: str, *, running: int, ready: int) -> Grant:
        return self.fair.update(session_id, running=running, ready=ready)

    def wake(self, session_ids: Sequence[str]) -> None:
        for session_id in session_ids:
            if session_id in self.sessions:
                self.sessions[session_id].schedule()

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Start work that outlives its caller; kept here so none is lost or left running."""
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def rate_room(self, now: float) -> dict[str, int]:
        return self.limiter.room(now)

    def rate_used(self, customer_ids: Sequence[str], now: float) -> None:
        for customer_id in customer_ids:
            self.limiter.admit(customer_id, now)

    def load(self, conversation_id: Any) -> Conversation | None:
        return self.store.get(conversation_id, Conversation)

    def events_after(self, conversation_id: Any, seq: int) -> list[Conversation.Event]:
        return cast(Events, list(self.store.events.get(conversation_id, gt=seq)))

    def directory(self, shop: str) -> list[Result]:
        # A database restart must not lose what was said: the read is tried again.
        try:
            rows = self.store.through_outage(lambda: self.khata.directory(shop))
        except UnknownShop:
            return []
        return sorted(rows, key=lambda row: str(row["name"]))

    def expand_routines(
        self, shop: str, commands: list[Command], focus: dict[str, Any] | None, now: datetime
    ) -> list[Command]:
        routines = Routines(self.store, self.parse)
        return self.store.through_outage(lambda: routines.expand(shop, commands, focus, now))

    def execute(self, shop: str, record: TaskRecord, now: datetime) -> Result:
        handler = HANDLERS.get(Intent(record.intent))
        if handler is None:
            raise NotUnderstood("no command was understood")
        if record.new_customer and record.new_customer_task:
            # "Naya customer: X" was chosen: X is made first, once (idempotent by task id).
            self.khata.register_customer(shop, record.new_customer, record.new_customer_task)
        context = TaskContext(
            shop=shop,
            task_id=record.task_id,
            customer_id=record.customer_id,
            customer_name=record.customer_name,
            entities=record.entities,
            now=now,
        )
        # Through a database outage the handler runs again: the ledger applies a task once.
        return self.store.through_outage(lambda: handler(self.khata, self.reports, context))

    def task_finished(self, shop: str, intent: str, result: Result) -> None:
        self.alarm.task_finished(shop, intent, result)

    def measured(self, kind: str, seconds: float) -> None:
        (self.queue_delays if kind == "queue" else self.start_delays).append(seconds)

    # The process

    def idle(self) -> bool:
        """Nothing of the engine runs: no task, no batch being stored."""
        flusher = self.commits.flusher
        return not self.tasks and (flusher is None or flusher.done())

    async def drain(self, limit: float = 10.0) -> bool:
        """Let running work finish before the process stops; True when it all did."""
        deadline = time.monotonic() + limit
        while not self.idle() and (left := deadline - time.monotonic()) > 0:
            pending = {*self.tasks, *([self.commits.flusher] if self.commits.flusher else [])}
            await asyncio.wait(pending, timeout=left)
        return self.idle()

    async def recover(self) -> int:
        """Finish the tasks a previous process left queued or running."""
        pending = await to_thread.run_sync(self._unfinished_conversations)
        for conversation_id in pending:
            conversation = await to_thread.run_sync(self.store.get, conversation_id, Conversation)
            if conversation is None:
                continue
            session = self.sessions.get(str(conversation.id)) or self._register(conversation)
            session.resume_after_crash()
        return len(pending)

    def _unfinished_conversations(self) -> list[Any]:
        balance: dict[Any, int] = {}
        start = 0
        while True:
            page = self.store.recorder.select_notifications(start, 1000, inclusive_of_start=False)
            for record in page:
                if record.topic == "bolkhata:Conversation.TaskQueued":
                    balance[record.originator_id] = balance.get(record.originator_id, 0) + 1
                elif record.topic in ENDINGS:
                    balance[record.originator_id] = balance.get(record.originator_id, 0) - 1
            if len(page) < 1000:
                break
            start = page[-1].id
        return [key for key, open_tasks in balance.items() if open_tasks > 0]

    def process_stats(self) -> dict[str, Any]:
        sessions = list(self.sessions.values())
        stats = [session.queue_status(with_tasks=False) for session in sessions]
        waits = [w for session in sessions for w in session.waits]
        return process_totals(stats, waits, self.start_delays)


ENDINGS = frozenset(
    f"bolkhata:Conversation.{name}" for name in ("TaskCompleted", "TaskFailed", "TaskCancelled")
)
