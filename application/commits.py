"""Group commit: changes that many sessions make at the same moment are stored in one save."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from eventsourcing.persistence import IntegrityError

from application.live import Frame, frames_of
from application.store import TRANSIENT, EventStore
from domain.conversation import Conversation

if TYPE_CHECKING:
    from application.sessions import Session

Mutation = Callable[[Conversation], Any]
# One transaction per batch: large enough to amortise the commit, small enough to stay short.
MAX_BATCH = 64
RETRIES = 3


@dataclass
class Change:
    session: Session
    mutate: Mutation
    done: asyncio.Future[tuple[Any, list[Frame]]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommit:
    """While one batch is being stored, the next one gathers; a lone change goes at once.

    Each session submits one change at a time (its lock), so a batch holds each conversation
    at most once. When the batch's save fails (another process wrote one of them), nothing of
    it was stored: each change is applied again on a fresh copy and saved on its own.
    """

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.waiting: list[Change] = []
        self.flusher: asyncio.Task[None] | None = None

    async def submit(self, session: Session, mutate: Mutation) -> tuple[Any, list[Frame]]:
        change = Change(session, mutate)
        self.waiting.append(change)
        if self.flusher is None or self.flusher.done():
            self.flusher = asyncio.ensure_future(self._flush())
        try:
            return await asyncio.shield(change.done)
        except asyncio.CancelledError:
            # Like a thread call: the change is stored or not, and the caller learns which.
            await asyncio.wait({change.done})
            raise

    async def _flush(self) -> None:
        batch: list[Change] = []
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
                outcomes = await to_thread.run_sync(self._store, batch)
                for change, outcome in zip(batch, outcomes, strict=True):
                    if isinstance(outcome, BaseException):
                        change.done.set_exception(outcome)
                    else:
                        change.done.set_result(outcome)
        finally:
            # Cancelled (the loop is shutting down): nobody may wait for an answer forever.
            for change in [*batch, *self.waiting]:
                if not change.done.done():
                    change.done.cancel()

    def _store(self, batch: list[Change]) -> list[Any]:
        """Through a database outage the batch is tried again: a failed save stored nothing,
        so every session reloads and every change is applied again to the fresh copy."""
        tried = False

        def attempt() -> list[Any]:
            nonlocal tried
            if tried:
                for change in batch:
                    change.session.reload()
            tried = True
            return self._store_batch(batch)

        try:
            return self.store.through_outage(attempt)
        except TRANSIENT as error:  # away too long: each caller hears it, nothing was stored
            with contextlib.suppress(*TRANSIENT):
                for change in batch:
                    change.session.reload()
            return [error for _ in batch]

    def _store_batch(self, batch: list[Change]) -> list[Any]:
        outcomes: list[Any] = []
        applied: list[tuple[Change, Any]] = []
        for change in batch:
            try:
                applied.append((change, change.mutate(change.session.conversation)))
                outcomes.append(None)
            except Exception as error:
                change.session.reload()  # the copy may hold events that were never stored
                outcomes.append(error)
        try:
            recordings = self.store.save(*(c.session.conversation for c, _ in applied))
        except TRANSIENT:
            raise  # nothing stored: _store reloads and tries the whole batch again
        except Exception:
            for change, _ in applied:
                change.session.reload()
            return [
                outcome if isinstance(outcome, Exception) else self._store_one(change)
                for change, outcome in zip(batch, outcomes, strict=True)
            ]
        by_conversation: dict[Any, list[Any]] = {}
        for recording in recordings:
            event = recording.domain_event
            by_conversation.setdefault(event.originator_id, []).append(event)
        results = iter(result for _, result in applied)
        return [
            outcome
            if isinstance(outcome, Exception)
            else (next(results), frames_of(by_conversation.get(change.session.conversation.id, [])))
            for change, outcome in zip(batch, outcomes, strict=True)
        ]

    def _store_one(self, change: Change) -> Any:
        for attempt in range(RETRIES):
            try:
                result, recordings = self.store.through_outage(self._saving(change))
            except IntegrityError as error:
                change.session.reload()
                if attempt == RETRIES - 1:
                    return error
                continue
            except Exception as error:
                with contextlib.suppress(*TRANSIENT):  # saved or not, this change is answered
                    change.session.reload()
                return error
            return result, frames_of(r.domain_event for r in recordings)
        raise AssertionError("unreachable")

    def _saving(self, change: Change) -> Callable[[], tuple[Any, Any]]:
        """Apply and save one change; tried again after an outage, from a fresh copy."""
        tried = False

        def attempt() -> tuple[Any, Any]:
            nonlocal tried
            if tried:
                change.session.reload()
            tried = True
            result = change.mutate(change.session.conversation)
            return result, self.store.save(change.session.conversation)

        return attempt
