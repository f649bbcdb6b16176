"""The session engine: every live session of this process, their shared limits and recovery."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from anyio import to_thread

from application.commits import GroupCommit
from application.khata import Khata
from application.live import LiveFeed
from application.ports import Clock
from application.reminders import ReminderAlarm
from application.reports import Reports
from application.resolution import Resolver
from application.sessions import ConversationNotFound, Session, percentile
from application.store import EventStore
from domain.conversation import Conversation, TaskRecord
from domain.ids import conversation_id_for
from domain.intents import Command
from domain.scheduling import FairShare, RateLimiter

T = TypeVar("T")
Parser = Callable[[str, datetime], list[Command]]
WorkDelay = Callable[[TaskRecord], Awaitable[None]]


@dataclass
class EngineConfig:
    max_parallel: int = 3
    global_max_running: int = 64
    customer_rate_per_minute: int = 10
    clarify_timeout: float = 60.0
    confirm_above_rupees: int = 10_000  # a write this large waits for a yes
    finished_ttl: float = 300.0
    aging_seconds: float = 30.0


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
        self.resolver = Resolver(khata, self.config.confirm_above_rupees)
        self.commits = GroupCommit(store)
        self.tasks: set[asyncio.Task[Any]] = set()
        self.alarm = ReminderAlarm(khata, reports, clock)
        self.alarm.engine = self
        self.sessions: dict[str, Session] = {}
        self.fair = FairShare(
            global_limit=self.config.global_max_running, session_limit=self.config.max_parallel
        )
        self.limiter = RateLimiter(self.config.customer_rate_per_minute, 60.0)
        self.start_delays: deque[float] = deque(maxlen=10_000)
        self.queue_delays: deque[float] = deque(maxlen=10_000)

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
        session = Session(self, conversation)
        self.sessions[session.id] = session
        return session

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Start work that outlives its caller; kept here so none is lost or left running."""
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

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

    def release(self, session: Session) -> None:
        """Forget an idle session nobody watches; its events stay and `attach` reloads it."""
        watched = session.id in self.feed.subscribers
        if watched or session.runners or session.timers or session.conversation.unfinished():
            return
        self.sessions.pop(session.id, None)

    def wake(self, session_ids: Sequence[str]) -> None:
        for session_id in session_ids:
            if session_id in self.sessions:
                self.sessions[session_id].schedule()

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
        stats = [session.queue_status(with_tasks=False) for session in self.sessions.values()]
        keys = ("queued", "running", "completed", "failed", "cancelled")
        totals: dict[str, Any] = {key: sum(s[key] for s in stats) for key in keys}
        totals["sessions"] = len(self.sessions)
        totals["oldest_waiting_seconds"] = max(
            (s["oldest_waiting_seconds"] for s in stats), default=0.0
        )
        waits = [w for session in self.sessions.values() for w in session.waits]
        totals["wait_p50_ms"] = round(percentile(waits, 0.5) * 1000, 2)
        totals["wait_p95_ms"] = round(percentile(waits, 0.95) * 1000, 2)
        totals["start_delay_p50_ms"] = round(percentile(self.start_delays, 0.5) * 1000, 3)
        totals["start_delay_p99_ms"] = round(percentile(self.start_delays, 0.99) * 1000, 3)
        return totals


ENDINGS = frozenset(
    f"bolkhata:Conversation.{name}" for name in ("TaskCompleted", "TaskFailed", "TaskCancelled")
)
