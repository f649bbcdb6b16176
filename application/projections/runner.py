"""Catch-up driver: pages through the application's notification log into every projection.

The same code runs on SQLite (whose recorder cannot subscribe) and PostgreSQL. It catches up
when it starts, then sleeps until `poke()` says new events were saved. A projection's rows for
a page of events and its tracking record commit together, so a crash anywhere loses nothing
and applies nothing twice; the next run resumes from the tracked position.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError, Notification, Tracking

from application.projections.base import EventRecord, ReadModelProjection, record_of
from application.projections.marks import WriteMarks
from application.store import EventStore

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
READ_WAIT_SECONDS = 2.0  # how long a read waits for a running catch-up before it reads
# Writes from another process (a CLI command, a second server) poke nobody: look now and then.
IDLE_SECONDS = 5.0
RETRY_SECONDS = 1.0
# How often a read polls the tracked positions while projection workers catch up.
WAIT_POLL_SECONDS = 0.01


class Projections:
    def __init__(
        self,
        store: EventStore,
        projections: Sequence[ReadModelProjection],
        *,
        page_size: int = PAGE_SIZE,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.store = store
        self.projections = {projection.name: projection for projection in projections}
        self.page_size = page_size
        self.idle_seconds = idle_seconds
        self._topics = {p.name: frozenset(p.topics) for p in projections}
        self._wanted = frozenset().union(*self._topics.values())
        self._lock = threading.Lock()  # one catch-up at a time in this process
        self._start_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        # Set when projection workers (other processes) keep the read models: see external().
        self._marks: WriteMarks | None = None
        # The positions this runner last committed: a step starts from them without asking
        # the database. Each page's transaction checks its position anyway, so when another
        # runner or a rebuild moved it, that page rolls back and the positions are read again.
        self._known: dict[str, int] | None = None

    @property
    def application_name(self) -> str:
        return self.store.name

    def __getitem__(self, name: str) -> ReadModelProjection:
        return self.projections[name]

    def position(self, name: str) -> int:
        tracked = self.projections[name].view.max_tracking_id(self.application_name)
        return tracked or 0

    def positions(self) -> dict[str, int]:
        return {name: self.position(name) for name in self.projections}

    def only(self, names: Sequence[str]) -> Projections:
        """The named projections (same views), driven by a runner of their own."""
        unknown = set(names) - set(self.projections)
        if unknown:
            raise KeyError(f"no projection {', '.join(sorted(unknown))}")
        return Projections(
            self.store,
            [self.projections[name] for name in names],
            page_size=self.page_size,
            idle_seconds=self.idle_seconds,
        )

    def external(self, marks: WriteMarks) -> None:
        """Leave the catching up to projection workers: poke() does nothing and a reader's
        catch_up(wait=…) waits until the positions reach this process's writes (`marks`)."""
        self._marks = marks

    @property
    def is_external(self) -> bool:
        return self._marks is not None

    def await_writes(self, shop: str | None, wait: float) -> int:
        """Wait up to `wait` seconds for every projection to track this process's last write
        for `shop`; 0 when reached, -1 when the time ran out (the reader reads what is there)."""
        target = self._marks.target(shop) if self._marks is not None else 0
        deadline = time.monotonic() + wait
        while min(self.positions().values(), default=target) < target:
            if time.monotonic() >= deadline:
                return -1
            time.sleep(WAIT_POLL_SECONDS)
        return 0

    # Catching up

    def catch_up(
        self, *, interruptible: bool = False, wait: float | None = None, shop: str | None = None
    ) -> int:
        """Apply every event saved so far; returns how many notifications were read.

        The worker passes `interruptible` so that stop() need not wait for a long catch-up.
        Readers pass `wait`: if another catch-up (say, the first after a restart) holds on
        longer than that, they read what is there rather than keep a request waiting (-1).
        With external workers a reader applies nothing: it waits for them (await_writes)."""
        if wait is not None and self._marks is not None:
            return self.await_writes(shop, wait)
        if not self._lock.acquire(timeout=-1 if wait is None else wait):
            return -1
        try:
            if self._closed:
                return 0  # the store is closing: reading it now could crash the driver
            total = 0
            while True:
                read = self._step()
                total += read
                if read < self.page_size or (interruptible and self._stopping.is_set()):
                    return total
        finally:
            self._lock.release()

    def _step(self) -> int:
        positions = self._known if self._known is not None else self.positions()
        self._known = None  # until this page's transactions have committed
        start = min(positions.values(), default=0)
        page = self.store.recorder.select_notifications(
            start, self.page_size, inclusive_of_start=False
        )
        if not page:
            self._known = positions
            return 0
        records = self._decode(page)
        for name, projection in self.projections.items():
            todo = [n for n in page if n.id > positions[name]]
            if not todo:
                continue
            topics = self._topics[name]
            tracking = Tracking(self.application_name, todo[-1].id)
            try:
                with projection.view.transaction(tracking, after=positions[name]) as view:
                    for notification in todo:
                        if notification.topic in topics:
                            projection.apply(records[notification.id], view)
            except IntegrityError:
                # Another runner (a second process) tracked these events first, or a rebuild
                # reset the position: this transaction rolled back whole; go on from there.
                if self.position(name) == positions[name]:
                    raise  # nobody moved it: a real integrity problem
                return self.page_size
            positions[name] = todo[-1].id
        self._known = positions
        return len(page)

    def _decode(self, page: Sequence[Notification]) -> dict[int, EventRecord]:
        """Each wanted event decoded once, whichever projections read it."""
        mapper = self.store.mapper
        return {
            n.id: record_of(n.id, n.topic, mapper.to_domain_event(n))
            for n in page
            if n.topic in self._wanted
        }

    def rebuild(self, names: Sequence[str] = ()) -> int:
        """Empty the named projections (all by default) and apply every event again."""
        with self._lock:
            self._known = None
            for name in names or list(self.projections):
                self.projections[name].view.reset(self.application_name)
        return self.catch_up()

    # Running in the background

    def poke(self) -> None:
        """New events were saved: catch up soon (starts the worker on first use)."""
        if self._marks is not None:
            return  # the projection workers are woken by PostgreSQL's NOTIFY
        if self._thread is None and not self._stopping.is_set():
            self.start()
        self._wake.set()

    def start(self) -> None:
        with self._start_lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._run, name="bolkhata-projections", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.catch_up(interruptible=True)
            except Exception:  # a lost connection or a clash with a rebuild: try again
                log.exception("projection catch-up failed; retrying")
                self._stopping.wait(RETRY_SECONDS)
                continue
            self._wake.wait(self.idle_seconds)

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def close(self) -> None:
        """Before the store closes: no catch-up runs, or will run, on any thread."""
        self.stop()
        with self._lock:  # a reader's catch-up (the outbox, a route) finishes first
            self._closed = True
