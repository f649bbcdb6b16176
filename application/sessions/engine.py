"""The session engine: the registry of live sessions, their shared limits, and recovery.

It is the `SessionHost` (host.py) of every session of this process: it stores their changes
(group commit), shares the running slots fairly, reads the store for them and runs their
tasks' work through the handlers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from functools import partial
from typing import Any, TypeVar, cast

from anyio import to_thread
from eventsourcing.persistence import IntegrityError

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
from application.sessions.ownership import LocalOwnership, ShopOwnership
from application.sessions.reminders import ReminderAlarm
from application.sessions.session import Session
from application.sessions.views import process_totals
from application.store import EventStore
from domain.conversation import Conversation, TaskRecord
from domain.errors import NotOwner
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

    def holding_notices(self) -> AbstractContextManager[list[Any]]:
        return self.store.holding_notices()

    def tell(self, held: list[Any]) -> None:
        self.store.tell(held)


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
        ownership: ShopOwnership | None = None,
        unfinished_of: Callable[[str], list[Any]] | None = None,
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
        # Shop ownership (several processes on PostgreSQL): application/sessions/ownership.py.
        self.ownership: ShopOwnership = ownership or LocalOwnership()
        self.unfinished_of = unfinished_of  # blocking: the shop's conversations with open tasks
        self.claims: dict[str, int] = {}  # session id → the epoch this process claimed
        self.leaving: set[str] = set()  # shops being handed over
        self.shop_locks: dict[str, asyncio.Lock] = {}
        self.moved: list[Callable[[str], Awaitable[None]]] = []  # close a shop's sockets (4409)
        self.handovers = 0
        self.fenced_writes = 0
        self.loop: asyncio.AbstractEventLoop | None = None

    # The registry

    async def open(self, shop: str, language: str = "hinglish") -> Session:
        await self.own(shop)
        conversation_id = conversation_id_for(shop, uuid.uuid4().hex)
        conversation = Conversation.start(shop, self.clock.now(), conversation_id, language)
        if self.ownership.fenced:
            conversation.claim(self.ownership.name, self.clock.now())  # stored with its start
        await to_thread.run_sync(self.store.save, conversation)
        session = self._register(conversation)
        await self.alarm.watch(shop)
        return session

    async def attach(self, shop: str, conversation_id: str) -> Session:
        """The live session of an earlier conversation of the same shop."""
        await self.own(shop)
        session = self.sessions.get(str(conversation_id))
        if session is None:
            try:
                key = uuid.UUID(str(conversation_id))
            except ValueError:
                raise ConversationNotFound(f"no conversation {conversation_id!r}") from None
            async with self._shop_lock(shop):  # one activation (claim) per conversation
                session = self.sessions.get(str(conversation_id))
                if session is None:
                    conversation = await to_thread.run_sync(self._activate, key, shop, False)
                    if conversation is None:
                        raise ConversationNotFound(
                            f"no conversation {conversation_id!r} in this shop"
                        )
                    session = self._register(conversation)
                    if self.ownership.fenced:
                        session.resume_after_crash()  # its tasks were another process's
        if session.shop != shop:
            raise ConversationNotFound(f"no conversation {conversation_id!r} in this shop")
        await self.alarm.watch(shop)
        return session

    def _register(self, conversation: Conversation) -> Session:
        session = Session(self, self.intake, conversation)
        self.sessions[session.id] = session
        if self.ownership.fenced:
            self.claims[session.id] = conversation.epoch
        return session

    def release(self, session: Any) -> None:
        """Forget an idle session nobody watches; its events stay and `attach` reloads it."""
        watched = session.id in self.feed.subscribers
        if watched or session.runners or session.timers or session.conversation.unfinished():
            return
        self.sessions.pop(session.id, None)

    def forget(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)

    # Shop ownership: one process changes a shop's conversations at a time

    def start(self) -> None:
        """Listen for hand-over requests and lost locks (call from the event loop)."""
        self.loop = asyncio.get_running_loop()
        self.ownership.start(self)

    def _shop_lock(self, shop: str) -> asyncio.Lock:
        return self.shop_locks.setdefault(shop, asyncio.Lock())

    async def own(self, shop: str) -> None:
        """Own the shop before serving it: acquired (its owner asked to hand over), its
        unfinished tasks recovered and its reminders armed. NotOwner while it leaves."""
        if not self.ownership.fenced:
            return
        if shop in self.leaving:
            raise NotOwner(f"shop {shop} is being handed over")
        if self.ownership.owns(shop):
            return
        async with self._shop_lock(shop):
            if not await to_thread.run_sync(self.ownership.acquire, shop):
                return
            # Its last owner wrote its ledger: what this process cached of it may be older.
            self.store.forget_cached()
            await self._recover_shop(shop)
            # Its reminders are armed afresh by the caller's watch, once the session that
            # claimed the shop is registered (a timer due at once finds it there).
            self.alarm.watched.discard(shop)

    async def _still_owned(self, shop: str) -> bool:
        if self.ownership.owns(shop):
            return True
        return await to_thread.run_sync(self.ownership.confirm, shop)

    def _fenced(self, shop: str) -> None:
        """A write refused for want of ownership: the shop's sessions go, sockets closed."""
        self.fenced_writes += 1
        if any(s.shop == shop for s in self.sessions.values()):
            self.spawn(self.drop_shop(shop))

    def _activate(self, conversation_id: Any, shop: str, only_unfinished: bool) -> Any:
        """The conversation, claimed by this process (blocking); None if it is not the shop's
        (or, with `only_unfinished`, has nothing left to do)."""
        for attempt in range(3):
            conversation = self.store.get(conversation_id, Conversation)
            if conversation is None or conversation.shop != shop:
                return None
            if only_unfinished and not conversation.unfinished():
                return None
            if not self.ownership.fenced:
                return conversation
            conversation.claim(self.ownership.name, self.clock.now())
            try:
                self.store.through_outage(partial(self.store.save, conversation))
            except IntegrityError:
                if attempt == 2:
                    raise
                continue  # a stale owner wrote meanwhile: claim the newer copy
            return conversation
        return None

    async def _recover_shop(self, shop: str) -> None:
        """Finish the tasks the shop's previous owner left queued or running."""
        if self.unfinished_of is None:
            return
        for conversation_id in await to_thread.run_sync(self.unfinished_of, shop):
            if str(conversation_id) in self.sessions:
                continue
            conversation = await to_thread.run_sync(self._activate, conversation_id, shop, True)
            if conversation is not None:
                self._register(conversation).resume_after_crash()

    def hand_over_requested(self, shop: str) -> None:
        """OwnershipEvents, from the ownership's thread."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._hand_over_soon, shop)

    def _hand_over_soon(self, shop: str) -> None:
        self.spawn(self.hand_over(shop))

    def shops_lost(self, shops: Sequence[str]) -> None:
        """OwnershipEvents, from the ownership's thread."""
        if self.loop is not None:
            for shop in shops:
                self.loop.call_soon_threadsafe(self._drop_soon, shop)

    def _drop_soon(self, shop: str) -> None:
        self.spawn(self.drop_shop(shop))

    async def hand_over(self, shop: str, wait: float = 2.0) -> None:
        """Another process asked for the shop: start nothing more, let begun work finish
        (up to `wait` seconds, within the asker's deadline), flush, close its sockets with
        4409, then unlock. A task still running stays `running` for the new owner."""
        if shop in self.leaving or shop not in self.ownership.owned():
            return
        self.leaving.add(shop)
        self.handovers += 1
        try:
            sessions = [s for s in self.sessions.values() if s.shop == shop]
            begun = {r.task for s in sessions for r in s.runners.values() if r.task is not None}
            if begun:
                await asyncio.wait(begun, timeout=wait)
            for session in sessions:
                session.leaving = True
            for session in sessions:
                async with session.lock:  # no change of it is being stored
                    for runner in list(session.runners.values()):
                        if runner.task is not None:
                            runner.task.cancel()
            await self.drop_shop(shop)
        finally:
            with contextlib.suppress(Exception):
                await to_thread.run_sync(self.ownership.release, shop)
            self.leaving.discard(shop)

    async def drop_shop(self, shop: str) -> None:
        """Forget the shop's sessions (their events stay) and close its sockets (4409)."""
        for session in [s for s in self.sessions.values() if s.shop == shop]:
            session.leaving = True  # its tasks stay as stored, for the new owner to run
            self.sessions.pop(session.id, None)
            self.claims.pop(session.id, None)
            for runner in list(session.runners.values()):
                if runner.task is not None:
                    runner.task.cancel()
            for timer in session.timers.values():
                timer.cancel()
            session.timers.clear()
        self.alarm.watched.discard(shop)  # armed again if the shop comes back
        for close in self.moved:
            await close(shop)

    # SessionHost: what a session asks of the process

    def now(self) -> datetime:
        return self.clock.now()

    async def commit(self, session: Committable, mutate: Mutation) -> tuple[Any, Events]:
        if not self.ownership.fenced:
            return await self.commits.submit(session, mutate)
        shop = session.conversation.shop
        epoch = self.claims.get(str(session.conversation.id))
        if epoch is None or not await self._still_owned(shop):
            self._fenced(shop)
            raise NotOwner(f"shop {shop} is no longer owned by this process")
        # Checked before the batch and again on every reloaded copy the change is applied to.
        guarded = partial(fenced, mutate=mutate, owner=self.ownership.name, epoch=epoch)
        try:
            return await self.commits.submit(session, guarded)
        except NotOwner:
            self._fenced(shop)
            raise

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        live = self.store.live.pending()
        live.__enter__()
        try:
            yield
        finally:
            # Ended once the loop has run what the answer made ready: the connections' senders
            # that its publish woke send its frames before the read models are let in.
            try:
                asyncio.get_running_loop().call_soon(live.__exit__, None, None, None)
            except RuntimeError:  # no loop runs it any more
                live.__exit__(None, None, None)

    def publish(self, conversation_id: str, events: Sequence[object]) -> None:
        self.feed.publish(conversation_id, events)

    def grant(self, session_id: str, *, running: int, ready: int) -> Grant:
        session = self.sessions.get(session_id)
        if self.ownership.fenced and (session is None or session.shop in self.leaving):
            ready = 0  # the shop is leaving (or left) this process: no task starts here
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
        task.add_done_callback(_fenced_quietly)
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
        if not (self.ownership.owns(shop) or self.ownership.confirm(shop)):
            raise NotOwner(f"shop {shop} is no longer owned by this process")
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
        """Finish the tasks a previous process left queued or running (one process: on
        PostgreSQL each shop is recovered when it is acquired, `own`)."""
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


def fenced(conversation: Conversation, *, mutate: Mutation, owner: str, epoch: int) -> Any:
    """The change, on a copy still claimed by this process (else NotOwner, nothing applied)."""
    conversation.check_owner(owner, epoch)
    return mutate(conversation)


def _fenced_quietly(task: asyncio.Task[Any]) -> None:
    # Work of a shop that moved ends in NotOwner: expected, and already counted.
    if not task.cancelled() and isinstance(task.exception(), NotOwner):
        return


ENDINGS = frozenset(
    f"bolkhata:Conversation.{name}" for name in ("TaskCompleted", "TaskFailed", "TaskCancelled")
)
