"""The SQLite store's datastore: one writer at a time in this process, queued here.

The library's connection pool already lets one writer connection out at a time, but a writer
waits for that turn while holding the pool's fairness semaphore, so every reader that asks
for a connection meanwhile (a command's directory or aggregate read) queues behind it until
the write in progress commits. On a commit whose fsync stalls (tens to hundreds of ms on a
busy disk) that held up reads that SQLite's WAL would have served at once. Here a writer
waits for its turn before it asks the pool: readers only ever wait for a free connection.

Every write transaction on the file from this process (event saves and table creation through
`get_connection(commit=True)`, the read models' commits and tracking records through
`deferred_connection`) takes that turn, and every store opened on the same file shares it, so
they never meet at SQLite's own lock, whose busy handler sleeps (1, 2, 5 … 100 ms) instead of
waking when it is free. Event saves go first: a read model's commit starts only while no event
save waits (`WriteTurn`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from eventsourcing.persistence import ConnectionUnavailableError
from eventsourcing.sqlite import SQLiteConnection, SQLiteDatastore, SQLiteFactory
from eventsourcing.utils import Environment, EnvType, get_topic

_WRITE_TURNS: dict[str, WriteTurn] = {}
_WRITE_TURNS_GUARD = threading.Lock()


class WriteTurn:
    """A database file's one write turn in this process: event saves before read models.

    A read model's transaction (derived data, caught up later just as well) starts only while
    no event save waits for the turn: a command's save then waits for at most the one read-model
    transaction in progress, not for every one queued behind it. Re-entrant: a writer holding
    the turn across a read and its save (`exclusively`) saves inside."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(threading.Lock())
        self.saves_waiting = 0
        self.held = threading.local()  # how deep this thread holds the turn

    @contextmanager
    def taken(self, timeout: float, *, deferrable: bool = False) -> Iterator[None]:
        depth = getattr(self.held, "depth", 0)
        if deferrable and not depth:
            with self.changed:  # bounded like the wait for the turn itself
                self.changed.wait_for(lambda: self.saves_waiting == 0, timeout=timeout)
        waiting = not deferrable and not depth
        if waiting:
            with self.changed:
                self.saves_waiting += 1
        try:
            acquired = self.lock.acquire(timeout=timeout)
        finally:
            if waiting:
                with self.changed:
                    self.saves_waiting -= 1
                    if not self.saves_waiting:
                        self.changed.notify_all()
        # Bounded like the pool's own wait for its writer: a stuck writer fails the next one.
        if not acquired:
            raise ConnectionUnavailableError("timed out waiting for this file's write lock")
        self.held.depth = depth + 1
        try:
            yield
        finally:
            self.held.depth = depth
            self.lock.release()


def write_turn(db_name: str) -> WriteTurn:
    """The one write turn of a database file in this process, whichever store opened it."""
    key = os.path.realpath(db_name)
    with _WRITE_TURNS_GUARD:
        return _WRITE_TURNS.setdefault(key, WriteTurn())


class SQLiteStore(SQLiteDatastore):
    """A datastore whose writers take a process-wide lock before they take a connection."""

    def __init__(
        self,
        db_name: str,
        *,
        lock_timeout: int | None,
        single_row_tracking: bool,
        originator_id_type: Literal["uuid", "text"],
    ) -> None:
        super().__init__(
            db_name,
            lock_timeout=lock_timeout,
            single_row_tracking=single_row_tracking,
            originator_id_type=originator_id_type,
        )
        self.write_turn = write_turn(db_name)
        self.write_lock = self.write_turn.lock

    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[SQLiteConnection]:
        if not commit:
            with super().get_connection(commit=False) as connection:
                yield connection
            return
        with self.exclusively(), super().get_connection(commit=True) as connection:
            yield connection

    @contextmanager
    def deferred_connection(self) -> Iterator[SQLiteConnection]:
        """A writer connection for a read model: its turn comes after any event save waiting."""
        with (
            self.write_turn.taken(self.pool.pool_timeout, deferrable=True),
            super().get_connection(commit=True) as connection,
        ):
            yield connection

    @contextmanager
    def exclusively(self) -> Iterator[None]:
        """This file's write turn, held across whatever runs inside: a writer that keeps
        losing to others reads and saves with no other writer in between, so none starves."""
        with self.write_turn.taken(self.pool.pool_timeout):
            yield


class SQLiteStoreFactory(SQLiteFactory):
    """The library's SQLite factory with an SQLiteStore for a datastore."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        made = self.datastore
        self.datastore = SQLiteStore(
            made.pool.db_name,
            lock_timeout=made.pool.lock_timeout,
            single_row_tracking=made.single_row_tracking,
            originator_id_type=made.originator_id_type,
        )
        made.close()  # it opened no connection yet: connections are made on first use


SQLITE_FACTORY_TOPIC = get_topic(SQLiteStoreFactory)
