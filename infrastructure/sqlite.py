"""The SQLite store's datastore: one writer at a time in this process, queued here.

The library's connection pool already lets one writer connection out at a time, but a writer
waits for that turn while holding the pool's fairness semaphore, so every reader that asks
for a connection meanwhile (a command's directory or aggregate read) queues behind it until
the write in progress commits. On a commit whose fsync stalls (tens to hundreds of ms on a
busy disk) that held up reads that SQLite's WAL would have served at once. Here a writer
waits for its turn before it asks the pool: readers only ever wait for a free connection.

Every write transaction on the file from this process (event saves, the read models'
commits and tracking records, table creation) goes through `get_connection(commit=True)`,
and every store opened on the same file shares its lock, so they never meet at SQLite's own
lock, whose busy handler sleeps (1, 2, 5 … 100 ms) instead of waking when it is free.
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

_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def write_lock(db_name: str) -> threading.RLock:
    """The one write lock of a database file in this process, whichever store opened it.
    Re-entrant: a writer holding it across a read and its save (`exclusively`) saves inside."""
    key = os.path.realpath(db_name)
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


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
        self.write_lock = write_lock(db_name)

    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[SQLiteConnection]:
        if not commit:
            with super().get_connection(commit=False) as connection:
                yield connection
            return
        with self.exclusively(), super().get_connection(commit=True) as connection:
            yield connection

    @contextmanager
    def exclusively(self) -> Iterator[None]:
        """This file's write turn, held across whatever runs inside: a writer that keeps
        losing to others reads and saves with no other writer in between, so none starves."""
        # Bounded like the pool's own wait for its writer: a stuck writer fails the next one.
        if not self.write_lock.acquire(timeout=self.pool.pool_timeout):
            raise ConnectionUnavailableError("timed out waiting for this file's write lock")
        try:
            yield
        finally:
            self.write_lock.release()


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
