"""Projection workers: the read models kept up to date outside the servers (PostgreSQL only).

One thread per projection. Each holds a dedicated connection (libpq keepalives on) and tries
`pg_try_advisory_lock` on it: the one that gets it leads, the others stand by and try again
every second. A leader LISTENs on that same connection to the channel the library NOTIFYs on
every insert and catches up with the existing page-per-transaction driver; NOTIFY is only a
hint, so it also looks every `poll_seconds`. When the leader's process dies its connection
closes, PostgreSQL frees the lock and a standby takes over from the tracked position. Any
error (a lost connection, a failing page) closes the connection and starts the loop again:
a worker thread never silently dies. Exactly-once does not rest on the lock: every page checks
the tracked position it started from (ReadModel.transaction(after=…)).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from application.projections import Projections
from infrastructure.schema import connect, lock_key, schema_of

log = logging.getLogger("bolkhata.workers")

POLL_SECONDS = 5.0  # the safety net when no NOTIFY arrives
STANDBY_SECONDS = 1.0  # how often a standby tries the lock
RETRY_SECONDS = 1.0  # pause after an error before the loop starts again
WAKE_SECONDS = 0.5  # how soon a waiting leader notices stop()
# After a NOTIFY, the ones that follow within this long share its catch-up: under load every
# save notifies, and one page read and tracking write per save cost the worker (and
# PostgreSQL) about as much CPU per task as the server (bench/processes.py).
GATHER_SECONDS = 0.05


@dataclass
class WorkerState:
    """What one projection's worker is doing, for metrics and tests."""

    leader: bool = False
    restarts: int = 0
    applied: int = 0
    last_error: str | None = None
    since: float = field(default_factory=time.monotonic)


class ProjectionWorker:
    """Leads (or stands by for) one projection until stop()."""

    def __init__(
        self,
        projections: Projections,
        name: str,
        database_url: str,
        *,
        poll_seconds: float = POLL_SECONDS,
        standby_seconds: float = STANDBY_SECONDS,
    ) -> None:
        self.name = name
        self.runner = projections.only([name])
        self.database_url = database_url
        self.poll_seconds = poll_seconds
        self.standby_seconds = standby_seconds
        self.state = WorkerState()
        recorder = cast(Any, projections.store.recorder)
        self.channel: str = recorder.channel_name
        self.key = lock_key("projection", schema_of(projections.store), name)
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._supervise, name=f"projection-{name}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def signal_stop(self) -> None:
        self._stopping.set()
        self.runner.stop()  # a long catch-up ends after its current page

    def join(self, timeout: float = 15) -> None:
        self._thread.join(timeout=timeout)

    def stop(self) -> None:
        self.signal_stop()
        self.join()

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            try:
                self._lead_or_stand_by()
            except Exception as error:  # supervised: log, pause, start again
                self.state.restarts += 1
                self.state.last_error = f"{type(error).__name__}: {error}"
                log.exception("projection=%s worker failed; restarting", self.name)
            finally:
                if self.state.leader:
                    log.info("projection=%s leader=no", self.name)
                self.state.leader = False
            self._stopping.wait(RETRY_SECONDS)

    def _lead_or_stand_by(self) -> None:
        # The pid in the name: an operator (or a test) can tell whose connection it is.
        name = f"bolkhata projection {self.name} {os.getpid()}"
        with connect(self.database_url, name) as connection:
            while not self._stopping.is_set():
                row = connection.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (self.key,)
                ).fetchone()
                if row is not None and row[0]:
                    break
                self._stopping.wait(self.standby_seconds)
            else:
                return
            self.state.leader, self.state.since = True, time.monotonic()
            log.info("projection=%s leader=yes", self.name)
            connection.execute(f'LISTEN "{self.channel}"')
            while not self._stopping.is_set():
                self.state.applied += self.runner.catch_up(interruptible=True)
                self._wait_for_notify(connection)
                connection.execute("SELECT 1")  # the lock's connection is still there

    def _wait_for_notify(self, connection: Any) -> None:
        """Until a NOTIFY (one catch-up reads any number of them), the poll, or stop().

        Waits in short slices so that stopping never waits out a whole poll; a lost
        connection raises here and the supervisor starts again.
        """
        deadline = time.monotonic() + self.poll_seconds
        while not self._stopping.is_set() and (left := deadline - time.monotonic()) > 0:
            if any(
                True for _ in connection.notifies(timeout=min(left, WAKE_SECONDS), stop_after=1)
            ):
                self._stopping.wait(GATHER_SECONDS)
                for _ in connection.notifies(timeout=0.001):  # those that came meanwhile
                    pass
                return


class Workers:
    """Every worker of this process; `lag()` for the metrics endpoint and the log."""

    def __init__(
        self,
        projections: Projections,
        database_url: str,
        names: Sequence[str] = (),
        **options: Any,
    ) -> None:
        self.projections = projections
        self.workers = [
            ProjectionWorker(projections, name, database_url, **options)
            for name in (names or list(projections.projections))
        ]

    def start(self) -> None:
        for worker in self.workers:
            worker.start()

    def stop(self) -> None:
        # Signal every worker first: stopped one by one, their waits would add up.
        for worker in self.workers:
            worker.signal_stop()
        for worker in self.workers:
            worker.join()

    def lag(self) -> dict[str, int]:
        last = self.projections.store.recorder.max_notification_id() or 0
        return {
            worker.name: max(0, last - self.projections.position(worker.name))
            for worker in self.workers
        }

    def leaders(self) -> dict[str, bool]:
        return {worker.name: worker.state.leader for worker in self.workers}
