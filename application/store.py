"""The event store: one eventsourcing Application holding every aggregate of the service."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import fields
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
    Transcoder,
    Transcoding,
)
from eventsourcing.utils import strtobool

from application.own_writes import OwnWritesRepository
from application.ports import ExclusiveWriter
from application.transcoder import FastJSONTranscoder
from domain.conversation import Conversation
from domain.ledger import CustomerAccount, Entry, Message, Reminder
from domain.shop import Listing, Shop
from domain.stock import Product

T = TypeVar("T")
A = TypeVar("A")

# Two sessions of one shop can write the same customer at once; a stale write is retried
# from a fresh read. Measured: 8 threads x 50 credits on one account needs far fewer than this.
MAX_ATTEMPTS = 50
RETRY_SECONDS = 30.0
# After this many lost races a writer takes the store's write turn across its read and save
# where the store has one (SQLite): reads do not wait for writers, so without it a writer
# could keep reading a version that another commits before its own turn comes.
OPTIMISTIC_ATTEMPTS = 5
# The database went away (a restart, a dropped connection, SQLite busy past its timeout): the
# same call is worth trying again. Not IntegrityError: that one needs a fresh read first.
TRANSIENT = (OperationalError, InterfaceError)
# How long a call keeps trying through an outage; a database restart takes a few seconds.
OUTAGE_SECONDS = 30.0


# Derived work waits at most this long for the live answers in progress before it goes on.
GIVE_WAY_SECONDS = 0.02
# A wake-up of derived work is put off at most this long by live answers that keep coming.
DEFER_SECONDS = 0.1


class LiveWrites:
    """The live answers in progress: a command's save until its frame is out. Derived work
    (the read models' catch-up) waits for them, so a command does not share the database's
    write turn or the interpreter with it; both waits are bounded, so under a steady stream
    of commands the read models still catch up."""

    def __init__(self) -> None:
        self._quiet = threading.Condition(threading.Lock())
        self._count = 0
        self._deferred: list[Callable[[], None]] = []
        self._since = 0.0  # when the oldest deferred call was put off
        self._here = threading.local()  # whether this thread's work gives way (giving_way)

    @contextmanager
    def pending(self) -> Iterator[None]:
        with self._quiet:
            self._count += 1
        try:
            yield
        finally:
            with self._quiet:
                self._count -= 1
                due: list[Callable[[], None]] = []
                if not self._count:
                    self._quiet.notify_all()
                    due, self._deferred = self._deferred, []
            for call in due:
                call()

    def when_quiet(self, call: Callable[[], None]) -> None:
        """Call now if no live answer is in progress (or one was put off too long), else
        when the last one ends; a call already waiting is not added twice."""
        with self._quiet:
            if self._count and not (
                self._deferred and time.monotonic() - self._since > DEFER_SECONDS
            ):
                if not self._deferred:
                    self._since = time.monotonic()
                if call not in self._deferred:
                    self._deferred.append(call)
                return
            due, self._deferred = [*self._deferred, call], []
        for waiting in dict.fromkeys(due):
            waiting()

    @contextmanager
    def giving_way(self) -> Iterator[None]:
        """This thread's work inside is derived and nobody waits for it (the read models'
        catch-up in the background, not a reader's own): it gives way (`gives_way`)."""
        self._here.giving = True
        try:
            yield
        finally:
            self._here.giving = False

    def gives_way(self) -> bool:
        return bool(getattr(self._here, "giving", False))

    def wait_quiet(self, seconds: float = GIVE_WAY_SECONDS) -> None:
        """Until no live answer is in progress, or `seconds` have passed."""
        with self._quiet:
            if self._count:
                self._quiet.wait_for(lambda: not self._count, timeout=seconds)


class DataclassAsDict(Transcoding):
    """Snapshots hold the aggregates' small dataclasses; store them as plain dicts."""

    def __init__(self, kind: type[Any]) -> None:
        self.type = kind
        self.name = f"bolkhata:{kind.__name__}"

    def encode(self, obj: Any) -> dict[str, Any]:
        return {field.name: getattr(obj, field.name) for field in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


class EventStore(Application[UUID]):
    name = "Bolkhata"
    # A snapshot every 100 events keeps any aggregate load under a few milliseconds.
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        CustomerAccount: 100,
        Product: 100,
        Shop: 100,
        # Not Conversation: its snapshot would hold every task of the session, so each one
        # costs more as the session grows; live sessions stay in memory and replay is cheap.
    }

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # Looked up once: an isinstance per save through the library's generic classes costs.
        repository = self.repository
        self._own_writes = repository if isinstance(repository, OwnWritesRepository) else None
        # Called after every save, e.g. to wake the projections (see application/projections).
        self.on_saved: list[Callable[[], None]] = []
        # Called with the recordings of every save: observers (metrics, task log lines).
        self.on_recorded: list[Callable[[Sequence[Any]], None]] = []
        # Called each time a call is tried again because the database was away (metrics).
        self.on_outage: list[Callable[[BaseException], None]] = []
        # The live answers in progress, which derived work gives way to.
        self.live = LiveWrites()
        self._holding = threading.local()  # saves whose notices wait (holding_notices)
        datastore = getattr(self.factory, "datastore", None)
        self.exclusively: Callable[[], AbstractContextManager[None]] = (
            datastore.exclusively if isinstance(datastore, ExclusiveWriter) else nullcontext
        )

    def _notify(self, recordings: Any) -> None:
        held: list[Any] | None = getattr(self._holding, "notices", None)
        if held is not None:
            held.append(recordings)  # told once its answer is out (`holding_notices`)
            return
        for observer in self.on_recorded:
            observer(recordings)
        for listener in self.on_saved:
            listener()

    @contextmanager
    def holding_notices(self) -> Iterator[list[Any]]:
        """The observers and listeners of the saves made inside, in this thread, are told
        afterwards, by `tell` of what is yielded: a caller answers first (a command's frame
        needs none of them), then tells them."""
        held: list[Any] = []
        self._holding.notices = held
        try:
            yield held
        finally:
            self._holding.notices = None

    def tell(self, held: list[Any]) -> None:
        for recordings in held:
            self._notify(recordings)

    def construct_transcoder(self) -> Transcoder:
        # Writes what the library's JSONTranscoder writes; reads it faster.
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def construct_repository(self) -> Repository[UUID]:
        # The library's construct_repository, with our Repository class.
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        repository = OwnWritesRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            deepcopy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )
        # A session's conversation lives in its session; other readers (audit, a resume) read
        # it once. Caching it would keep every task of every session loaded, deep-copied on
        # each get.
        repository.uncached = (Conversation,)
        return repository

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for kind in (Entry, Reminder, Message, Listing):
            transcoder.register(DataclassAsDict(kind))

    def get(self, aggregate_id: Any, kind: type[A]) -> A | None:
        """The aggregate, or None when there is none of that kind under that id."""
        return self._of_kind(lambda key: self.repository.get(key), aggregate_id, kind)

    def known(self, aggregate_id: Any, kind: type[A]) -> A | None:
        """As `get`, but the cached copy (what this process last read or saved) without asking
        the store for newer events. Only for aggregates no other process writes (a shop's
        owner reading it)."""
        if self._own_writes is None:
            return self.get(aggregate_id, kind)
        return self._of_kind(self._own_writes.known, aggregate_id, kind)

    def forget_cached(self) -> None:
        """Other processes may have written the cached aggregates (a shop taken over)."""
        if self._own_writes is not None:
            self._own_writes.forget()

    def _of_kind(self, read: Callable[[Any], object], aggregate_id: Any, kind: type[A]) -> A | None:
        try:
            aggregate = read(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def _record(self, processing_event: Any) -> Any:
        recordings = super()._record(processing_event)
        if self._own_writes is not None:
            # Before the save returns: a read that follows it must see what it wrote.
            self._own_writes.saved(processing_event.aggregates.values())
        return recordings

    def through_outage(self, attempt: Callable[[], T], seconds: float = OUTAGE_SECONDS) -> T:
        """Call again, after growing pauses, while the database is away; then give up.

        Only for calls that are safe to repeat: reads, and writes keyed by their task id (the
        ledger applies a task once), or a save whose caller reloads before trying again."""
        deadline = time.monotonic() + seconds
        pause = 0.1
        while True:
            try:
                return attempt()
            except TRANSIENT as error:
                if time.monotonic() + pause > deadline:
                    raise
                for observer in self.on_outage:
                    observer(error)
                time.sleep(pause * random.uniform(0.8, 1.2))
                pause = min(pause * 2, 2.0)

    def retrying(self, attempt: Callable[[], T]) -> T:
        """Run load-decide-save again from a fresh read when another writer got there first.

        A writer gives up only after MAX_ATTEMPTS and RETRY_SECONDS both: on PostgreSQL, where
        no write turn can be held across processes, eight writers on one account could make
        one lose fifty races in a row under load; the others finish, and then it wins."""
        started = time.monotonic()
        for number in itertools.count(1):
            try:
                if number <= OPTIMISTIC_ATTEMPTS:
                    return attempt()
                with self.exclusively():
                    return attempt()
            except IntegrityError:
                if number >= MAX_ATTEMPTS and time.monotonic() - started > RETRY_SECONDS:
                    raise
                # Random, growing pauses: writers that keep colliding spread out, none starves.
                time.sleep(random.uniform(0, min(0.1, 0.0005 * 2**number)))
        raise AssertionError("unreachable")
