"""Group commit: changes that many sessions make at the same moment are stored in one save.

Each change answers with its mutation's result and the events as stored; a change whose save
was refused or whose answer was lost is looked for in the store before it is applied again.

The saves are made by one writer thread of the group commit's own, handed each change as it
is submitted: a lone change goes straight to a thread already waiting for it, and its answer
comes back to the event loop in one call, with no task to schedule on the way in and no
worker pool to pass through (a command's answer waited on both).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from eventsourcing.persistence import IntegrityError

from application.sessions.host import Committable
from application.store import TRANSIENT
from domain.conversation import Conversation

T = TypeVar("T")
log = logging.getLogger("bolkhata.sessions")
Mutation = Callable[[Conversation], Any]
Events = list[Conversation.Event]


class ConversationStore(Protocol):
    """What group commit needs of the store: one save of many aggregates, and a look at the
    events one of them holds."""

    def save(self, *aggregates: Conversation) -> Sequence[Any]:
        """All or nothing; the recordings of the stored events."""
        ...

    def stored_events(self, conversation_id: Any, gt: int, lte: int) -> Events: ...

    def holding_notices(self) -> AbstractContextManager[list[Any]]:
        """The store's observers of the saves made inside are told later, by `tell`."""
        ...

    def tell(self, held: list[Any]) -> None: ...

    def through_outage(self, attempt: Callable[[], T]) -> T: ...


# One transaction per batch: large enough to amortise the commit, small enough to stay short.
MAX_BATCH = 64
RETRIES = 3
# The writer thread ends after this long with nothing to store (the next change starts one).
WRITER_IDLE_SECONDS = 30.0


@dataclass
class Change:
    session: Committable
    mutate: Mutation
    done: asyncio.Future[tuple[Any, Events]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommit:
    """While one batch is being stored, the next one gathers; a lone change goes at once.

    Each session submits one change at a time (its lock), so a batch holds each conversation
    at most once. When the batch's save fails (another process wrote one of them), nothing of
    it was stored: each change is applied again on a fresh copy and saved on its own.
    """

    def __init__(self, store: ConversationStore) -> None:
        self.store = store
        self.waiting: deque[Change] = deque()  # guarded by `arrived`
        self.arrived = threading.Condition(threading.Lock())
        self.writer: threading.Thread | None = None  # guarded by `arrived`
        # Done when every change submitted so far is answered (the engine's idle and drain).
        self.flusher: asyncio.Future[None] | None = None
        self.unanswered = 0  # changes submitted and not yet answered (event loop only)
        self.gathering: list[Change] = []  # submitted in this turn of the loop
        self.handing: asyncio.AbstractEventLoop | None = None  # where _hand_over is due

    async def submit(self, session: Committable, mutate: Mutation) -> tuple[Any, Events]:
        change = Change(session, mutate)
        loop = asyncio.get_running_loop()
        if self.flusher is None or self.flusher.done() or self.flusher.get_loop() is not loop:
            if self.flusher is not None and self.flusher.get_loop() is not loop:
                self.unanswered = 0  # an earlier loop's changes: nobody waits for them now
            self.flusher = loop.create_future()
        self.unanswered += 1
        # Handed to the writer once the loop has run what is ready now: the changes that
        # sessions submit at the same moment go in one batch.
        if self.handing is not loop:
            self.handing = loop
            loop.call_soon(self._hand_over)
        self.gathering.append(change)
        try:
            return await asyncio.shield(change.done)
        except asyncio.CancelledError:
            # Like a thread call: the change is stored or not, and the caller learns which.
            await asyncio.wait({change.done})
            raise

    def _hand_over(self) -> None:
        gathered, self.gathering, self.handing = self.gathering, [], None
        with self.arrived:
            self.waiting.extend(gathered)
            if self.writer is None:
                self.writer = threading.Thread(
                    target=self._write, name="bolkhata-group-commit", daemon=True
                )
                self.writer.start()
            else:
                self.arrived.notify()

    def _write(self) -> None:
        """The writer thread: each batch stored, then answered on its event loop."""
        while True:
            with self.arrived:
                if not self.waiting:
                    self.arrived.wait(WRITER_IDLE_SECONDS)
                if not self.waiting:
                    self.writer = None
                    return
                batch = [self.waiting.popleft() for _ in range(min(MAX_BATCH, len(self.waiting)))]
            # The store's observers (metrics, task log, read models' wake-up) are told once
            # the answers are on their way: no frame waits for them.
            with self.store.holding_notices() as held:
                try:
                    outcomes: list[Any] = self._store(batch)
                except BaseException as error:  # a bug must answer the batch, not end the writer
                    outcomes = [error for _ in batch]
            for loop, answers in _by_loop(batch, outcomes).items():
                with contextlib.suppress(RuntimeError):  # its loop has closed: nobody waits
                    loop.call_soon_threadsafe(self._answer, answers)
            try:
                self.store.tell(held)
            except Exception:  # an observer's bug must not end the writer
                log.exception("a store observer failed")

    def _answer(self, answers: list[tuple[Change, Any]]) -> None:
        for change, outcome in answers:
            if change.done.done():
                continue
            if isinstance(outcome, BaseException):
                change.done.set_exception(outcome)
            else:
                change.done.set_result(outcome)
        self.unanswered -= len(answers)
        if self.unanswered <= 0 and self.flusher is not None and not self.flusher.done():
            self.flusher.set_result(None)

    def _store(self, batch: list[Change]) -> list[Any]:
        """Through a database outage the batch is tried again: each session reloads, and
        the batch is done if its save had in fact committed, else applied again."""
        applied: list[Applied] = []

        def attempt() -> list[Any]:
            if applied:  # an earlier attempt's save failed: did it commit?
                for change in batch:
                    change.session.reload()
                if (done := self._if_committed(applied)) is not None:
                    return done
                applied.clear()
            return self._store_batch(batch, applied)

        try:
            return self.store.through_outage(attempt)
        except TRANSIENT as error:  # away too long: each caller hears it
            with contextlib.suppress(*TRANSIENT):
                for change in batch:
                    change.session.reload()
            return [error for _ in batch]

    def _store_batch(self, batch: list[Change], applied: list[Applied]) -> list[Any]:
        for change in batch:
            conversation = change.session.conversation
            before = conversation.version
            try:
                result = change.mutate(conversation)
            except TRANSIENT:
                raise
            except Exception as error:
                change.session.reload()  # the copy may hold events that were never stored
                applied.append(Applied(change, before, before, None, error))
                continue
            applied.append(
                Applied(
                    change, before, conversation.version, result, None, fingerprint(conversation)
                )
            )
        saving = [a.change.session.conversation for a in applied if a.error is None]
        try:
            recordings = self.store.save(*saving)
        except TRANSIENT:
            raise  # _store reloads, then finds it committed or tries the whole batch again
        except Exception:
            # Refused (another writer got there first), or committed with the answer lost and
            # the library's own retry then refused as a duplicate: look before trying again.
            for a in applied:
                a.change.session.reload()
            if (done := self._if_committed(applied)) is not None:
                return done
            return [a.error if a.error is not None else self._store_one(a.change) for a in applied]
        by_conversation: dict[Any, Events] = {}
        for recording in recordings:
            event = recording.domain_event
            by_conversation.setdefault(event.originator_id, []).append(event)
        return [
            a.error
            if a.error is not None
            else (a.result, by_conversation.get(a.change.session.conversation.id, []))
            for a in applied
        ]

    def _if_committed(self, applied: list[Applied]) -> list[Any] | None:
        """The outcomes of a batch whose failed save had in fact committed, else None: its
        events are in the store, the same ones (names and times) it tried to save."""
        answers: list[Any] = []
        for a in applied:
            if a.error is not None:
                answers.append(a.error)
                continue
            events = self._stored(a)
            if events is None:
                return None
            answers.append((a.result, events))
        return answers

    def _stored(self, a: Applied) -> list[Any] | None:
        """The events of `a` as stored, if its save committed; else None."""
        conversation = a.change.session.conversation
        if conversation.version != a.after:
            return None
        events = self.store.stored_events(conversation.id, a.before, a.after)
        return events if fingerprint_of(events) == a.fingerprint else None

    def _store_one(self, change: Change) -> Any:
        """One change on its own: again after a stale write (from a fresh read) or through an
        outage, unless the failed save had in fact committed."""
        pending: list[Applied] = []

        def attempt() -> tuple[Any, list[Any]]:
            if pending:
                change.session.reload()
                done = pending.pop()
                if (events := self._stored(done)) is not None:
                    return done.result, events
            conversation = change.session.conversation
            before = conversation.version
            result = change.mutate(conversation)
            pending.append(
                Applied(
                    change, before, conversation.version, result, None, fingerprint(conversation)
                )
            )
            recordings = self.store.save(conversation)
            pending.clear()
            return result, [r.domain_event for r in recordings]

        for number in range(RETRIES):
            try:
                result, events = self.store.through_outage(attempt)
            except IntegrityError as error:
                if number < RETRIES - 1:
                    continue  # attempt() reloads and looks first
                with contextlib.suppress(*TRANSIENT):
                    change.session.reload()
                return error
            except Exception as error:
                with contextlib.suppress(*TRANSIENT):  # saved or not, this change is answered
                    change.session.reload()
                return error
            return result, events
        raise AssertionError("unreachable")


def _by_loop(
    batch: list[Change], outcomes: list[Any]
) -> dict[asyncio.AbstractEventLoop, list[tuple[Change, Any]]]:
    answers: dict[asyncio.AbstractEventLoop, list[tuple[Change, Any]]] = {}
    for change, outcome in zip(batch, outcomes, strict=True):
        answers.setdefault(change.done.get_loop(), []).append((change, outcome))
    return answers


def fingerprint(conversation: Conversation) -> list[tuple[str, Any]]:
    """What a save is about to store, to recognise it in the store if its answer is lost."""
    return fingerprint_of(conversation.pending_events)


def fingerprint_of(events: Iterable[Any]) -> list[tuple[str, Any]]:
    return [(type(e).__name__, getattr(e, "timestamp", None)) for e in events]


@dataclass
class Applied:
    """A change applied to its session's copy: versions before and after, its result (or the
    error it raised), and the events it is saving."""

    change: Change
    before: int
    after: int
    result: Any
    error: Exception | None = None
    fingerprint: list[tuple[str, Any]] = field(default_factory=list)
