"""A save whose answer is lost: the database committed, the caller heard an error.

It happens when a connection drops between COMMIT and its reply (a database restart). The
real thing cannot be timed from a test, so the store here commits for real and then raises,
as the driver would: an OperationalError, or the IntegrityError that the library's own retry
of the insert then reports. The group commit must find its events in the store and answer as
if the save had succeeded: nothing stored twice, no frame dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError

from application.demo import seed_demo
from application.store import EventStore
from domain.ledger import CustomerAccount
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.integration.test_sessions import until

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class LosesAnswers(EventStore):
    """Commits each save, then reports the errors queued in `lost` instead of the result."""

    lost: list[Exception]

    def _record(self, processing_event: Any) -> Any:
        recordings = super()._record(processing_event)
        if getattr(self, "lost", None):
            raise self.lost.pop(0)
        return recordings


@pytest.fixture
async def services(database_url: str) -> AsyncIterator[Services]:
    services = bootstrap(Settings(database_url=database_url))
    seed_demo(services.khata)
    services.store.__class__ = LosesAnswers  # the same store, with answers that can be lost
    yield services
    await until(services.engine.idle)
    services.close()


@pytest.mark.parametrize(
    "lost",
    [
        pytest.param(OperationalError("server closed the connection"), id="outage"),
        pytest.param(IntegrityError("duplicate key: the retried insert"), id="retried"),
    ],
)
async def test_a_committed_save_is_answered_once_with_its_frames(
    services: Services, lost: Exception
) -> None:
    engine = services.engine
    session = await engine.open("demo")
    watcher = engine.feed.subscribe(session.id)
    store: Any = services.store
    store.lost = [lost]  # the transcript and its task: committed, answer lost
    [task_id] = await session.receive_transcript("Rahul ko 250 rupay udhaar do")
    frames: list[dict[str, Any]] = []

    def completed() -> bool:
        while not watcher.queue.empty():
            frames.append(watcher.queue.get_nowait())
        return any(f["type"] == "task:completed" for f in frames)

    await until(completed)
    await until(engine.idle)
    completed()  # anything published after
    events = list(services.store.events.get(session.conversation.id))
    names = [type(e).__name__ for e in events]  # each stored once
    assert names.count("TranscriptReceived") == 1 and names.count("TaskQueued") == 1
    assert names.count("TaskCompleted") == 1

    kinds = [f["type"] for f in frames]
    assert kinds.count("transcript:final") == 1 and kinds.count("task:queued") == 1
    assert kinds.count("task:completed") == 1
    seqs = [f["seq"] for f in frames]
    assert seqs == sorted(set(seqs))  # every frame once, in order, none skipped by the loss

    customer = session.conversation.task(task_id).customer_id
    account = services.store.get(UUID(str(customer)), CustomerAccount)
    assert account is not None
    assert [e.effect for e in account.entries if e.task_id == task_id] == [25_000]
