"""A Session on a fake SessionHost: no store, no engine. It shows what the narrow protocol
buys, and that transitions of one moment are stored together (one commit)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Coroutine, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import uuid4

import pytest

from application.sessions import EngineConfig, Session
from application.sessions.gate import Thresholds
from application.sessions.host import Committable, Mutation, Result, WorkDelay
from application.sessions.intake import Intake
from domain.conversation import Conversation, TaskRecord
from domain.intents import Command, Intent
from domain.scheduling import Grant

T = TypeVar("T")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
DIRECTORY = [{"customer_id": "c-rahul", "name": "Rahul Sharma"}]


class FakeHost:
    """Applies each change at once and keeps, per commit, the names of the events it stored."""

    def __init__(self, commands: list[Command]) -> None:
        self.config = EngineConfig()
        self.work_delay: WorkDelay | None = None
        self.commands = commands
        self.commits: list[list[str]] = []
        self.published: list[object] = []
        self.tasks: set[asyncio.Task[Any]] = set()
        self.used: list[str] = []

    def now(self) -> datetime:
        return NOW

    async def commit(
        self, session: Committable, mutate: Mutation[T]
    ) -> tuple[T, Sequence[Conversation.Event]]:
        result = mutate(session.conversation)
        events = list(session.conversation.collect_events())
        self.commits.append([type(e).__name__ for e in events])
        return result, events  # type: ignore[return-value]

    def answering(self) -> AbstractContextManager[None]:
        return nullcontext()

    def publish(self, conversation_id: str, events: Sequence[object]) -> None:
        self.published += events

    def grant(self, session_id: str, *, running: int, ready: int) -> Grant:
        return Grant(start=max(0, min(ready, 3 - running)), wake=())

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def parse(self, text: str, now: datetime) -> list[Command]:
        return self.commands

    def rate_room(self, now: float) -> dict[str, int]:
        return {}

    def rate_used(self, customer_ids: Sequence[str], now: float) -> None:
        self.used += customer_ids

    def load(self, conversation_id: Any) -> Conversation | None:
        raise AssertionError("nothing fails here: nothing is reloaded")

    def events_after(self, conversation_id: Any, seq: int) -> list[Conversation.Event]:
        return []

    def expand_routines(
        self, shop: str, commands: list[Command], focus: dict[str, Any] | None, now: datetime
    ) -> list[Command]:
        return commands

    def directory(self, shop: str) -> list[Result]:
        return DIRECTORY

    def execute(self, shop: str, record: TaskRecord, now: datetime) -> Result:
        return {"customer_id": record.customer_id, "name": "Rahul Sharma", "balance": 100}

    def task_finished(self, shop: str, intent: str, result: Result) -> None:
        pass

    def measured(self, kind: str, seconds: float) -> None:
        pass

    def release(self, session: Any) -> None:
        pass

    def forget(self, session_id: str) -> None:
        pass

    def wake(self, session_ids: Sequence[str]) -> None:
        pass


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_transitions_of_one_moment_share_one_commit() -> None:
    """Two checks on one customer: the first starts in the save that queues it, the second in
    the save that completes the first."""
    check = Command(Intent.CHECK_BALANCE, {"customer": "Rahul"})
    host = FakeHost([check, check])
    conversation = Conversation.start("demo", NOW, uuid4())
    conversation.collect_events()
    intake = Intake(Thresholds(10_000_00, 10**9), rate_limit=10)
    session = Session(host, intake, conversation)
    assert len(await session.receive_transcript("Rahul ka balance, Rahul ka balance")) == 2
    async with asyncio.timeout(5):
        while host.tasks:  # every task the session started, and those they started
            await asyncio.wait(set(host.tasks))
    assert not session.runners
    assert [t.status for t in session.conversation.tasks.values()] == ["completed"] * 2
    assert host.used == ["c-rahul", "c-rahul"]
    assert host.commits == [
        ["TranscriptReceived", "CommandRecognized", "CustomerFocused", "TaskQueued"]
        + ["CommandRecognized", "TaskQueued", "TaskStarted"],  # one customer at a time
        ["TaskCompleted", "TaskStarted"],  # the first's end is the second's start
        ["TaskCompleted"],
    ]
    assert len(host.published) == sum(map(len, host.commits))


class FlakyHost(FakeHost):
    """Refuses the first save that completes a task, as a database gone away would."""

    def __init__(self, commands: list[Command]) -> None:
        super().__init__(commands)
        self.refused = False
        self.executed = 0
        self.stored: Conversation | None = None

    async def commit(
        self, session: Committable, mutate: Mutation[T]
    ) -> tuple[T, Sequence[Conversation.Event]]:
        snapshot = copy.deepcopy(session.conversation)  # what the store holds before
        result, events = await super().commit(session, mutate)
        if not self.refused and "TaskCompleted" in self.commits[-1]:
            self.refused = True
            self.commits.pop()
            self.stored = snapshot
            raise ConnectionError("the database went away")
        return result, events

    def load(self, conversation_id: Any) -> Conversation | None:
        return self.stored

    def execute(self, shop: str, record: TaskRecord, now: datetime) -> Result:
        self.executed += 1
        return super().execute(shop, record, now)


@pytest.mark.anyio
async def test_an_outcome_whose_save_failed_is_stored_on_a_later_try(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("application.sessions.session.OUTCOME_RETRY_SECONDS", (0.01,))
    check = Command(Intent.CHECK_BALANCE, {"customer": "Rahul"})
    host = FlakyHost([check])
    conversation = Conversation.start("demo", NOW, uuid4())
    conversation.collect_events()
    session = Session(host, Intake(Thresholds(10_000_00, 10**9), rate_limit=10), conversation)
    await session.receive_transcript("Rahul ka balance")
    async with asyncio.timeout(5):
        while host.tasks:
            await asyncio.wait(set(host.tasks))
    assert host.refused and host.executed == 2  # run again: the ledger applies a task once
    assert [t.status for t in session.conversation.tasks.values()] == ["completed"]
    assert host.commits[-1] == ["TaskCompleted"]
    assert not session.runners
