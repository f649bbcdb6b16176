"""What one session needs of its surroundings, as a narrow protocol, and the engine's settings.

A `Session` knows nothing of the engine: it gets a `SessionHost` (the engine in production, a
fake in a unit test) that commits its changes, grants it running slots, tells the time, feeds
the watching clients, reads the store and runs a task's work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from domain.conversation import Conversation, TaskRecord
from domain.errors import DomainError
from domain.intents import Command
from domain.scheduling import Grant

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
Mutation = Callable[[Conversation], T]
Parser = Callable[[str, datetime], list[Command]]
WorkDelay = Callable[[TaskRecord], Awaitable[None]]
Result = dict[str, Any]


@dataclass
class EngineConfig:
    max_parallel: int = 3
    global_max_running: int = 64
    customer_rate_per_minute: int = 10
    clarify_timeout: float = 60.0
    confirm_above_rupees: int = 10_000  # a write this large waits for a yes
    finished_ttl: float = 300.0
    aging_seconds: float = 30.0


class ConversationNotFound(LookupError):
    code = "unknown_conversation"


class NotAllowedNow(ValueError):
    code = "not_allowed"


class NotUnderstood(DomainError):
    """A task whose intent has no handler: nothing was understood that the ledger could do."""

    code = "not_understood"


class Committable(Protocol):
    """What group commit needs of a session: its copy of the conversation, and a way back to
    the stored one after a change that was not (or may not have been) stored."""

    conversation: Conversation

    def reload(self) -> None: ...


class SessionHost(Protocol):
    """The session's window on the process: each member is one thing it asks for."""

    config: EngineConfig

    def now(self) -> datetime:
        """The clock."""
        ...

    async def commit(
        self, session: Committable, mutate: Mutation[T]
    ) -> tuple[T, Sequence[Conversation.Event]]:
        """Apply `mutate` and store its events (with other sessions' of the same moment);
        returns its result and the events as stored."""
        ...

    def answering(self) -> AbstractContextManager[None]:
        """While a change a client waits to hear of is stored and published: derived work
        (the read models) gives way."""
        ...

    def publish(self, conversation_id: str, events: Sequence[object]) -> None:
        """Hand stored events (and live notices) to the clients watching the conversation."""
        ...

    def grant(self, session_id: str, *, running: int, ready: int) -> Grant:
        """How many of its ready tasks the session may start now (the fair share), and which
        other sessions to wake once it has started them."""
        ...

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Start work that outlives its caller, kept so none is lost at shutdown."""
        ...

    def parse(self, text: str, now: datetime) -> list[Command]:
        """The commands of one utterance (domain.language)."""
        ...

    def rate_room(self, now: float) -> dict[str, int]:
        """How many more tasks each customer may have in the rate window (absent: the limit)."""
        ...

    def rate_used(self, customer_ids: Sequence[str], now: float) -> None:
        """Count tasks the session has stored as admitted."""
        ...

    # Blocking reads and work: the session calls these in a worker thread.

    def load(self, conversation_id: Any) -> Conversation | None: ...

    def events_after(self, conversation_id: Any, seq: int) -> list[Conversation.Event]: ...

    def directory(self, shop: str) -> list[Result]:
        """Who can be named in the shop, from the Shop aggregate: never waits for a read model."""
        ...

    def expand_routines(
        self, shop: str, commands: list[Command], focus: dict[str, Any] | None, now: datetime
    ) -> list[Command]:
        """Each routine run replaced by the routine's commands (application/routines.py)."""
        ...

    def execute(self, shop: str, record: TaskRecord, now: datetime) -> Result:
        """Run one task's ledger work; raises DomainError for a refusal the customer hears."""
        ...

    # Observers and life

    work_delay: WorkDelay | None

    def task_finished(self, shop: str, intent: str, result: Result) -> None: ...

    def measured(self, kind: str, seconds: float) -> None:
        """A latency sample: "queue" (transcript → queued), "start" (decided → started)."""
        ...

    def release(self, session: Any) -> None: ...

    def forget(self, session_id: str) -> None: ...

    def wake(self, session_ids: Sequence[str]) -> None: ...


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
