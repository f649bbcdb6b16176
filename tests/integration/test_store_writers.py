"""Writers in one process: a command's save and the read models' commits at once both land,
with no "database is locked"; on SQLite a read never queues behind a writer, and a read-model
commit leaves the connection's durability setting as it found it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from uuid import NAMESPACE_URL, uuid5

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from application.projections import CUSTOMERS
from application.store import DEFER_SECONDS, OPTIMISTIC_ATTEMPTS, LiveWrites
from infrastructure.eventstore import open_event_store
from infrastructure.settings import Settings
from infrastructure.sqlite import SQLiteStore
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock

CREDITS = 60
GUARD_SECONDS = 60  # only so that a broken build fails instead of hanging


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    opened = bootstrap(Settings(database_url=database_url), clock=FixedClock())
    opened.projections.stop()  # the test drives the read models' commits itself
    yield opened
    opened.close()


def run_together(*work: Callable[[], None]) -> list[BaseException]:
    """Each callable in its own thread, released at the same moment; the errors raised."""
    start = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as error:  # reported to the test, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD_SECONDS)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_a_save_and_the_read_models_commits_at_once_both_land(services: Services) -> None:
    khata, projections = services.khata, services.projections
    khata.open_shop("s1", "Shop")
    rahul = str(khata.register_customer("s1", "Rahul", "c1")["customer_id"])
    saving = threading.Event()

    def save() -> None:
        try:
            for number in range(CREDITS):
                khata.give_credit("s1", rahul, 100, f"t{number}")
        finally:
            saving.set()

    def commit_read_models() -> None:
        while not saving.is_set():  # each catch-up commits every projection's new rows
            projections.catch_up()

    errors = run_together(save, commit_read_models)

    assert errors == []
    projections.catch_up()
    assert khata.account("s1", rahul).balance == CREDITS * 100
    rows = projections["customer_balances"].view.select(CUSTOMERS, {"customer_id": rahul})
    assert [row["balance"] for row in rows] == [CREDITS * 100]


def test_two_stores_on_one_sqlite_file_write_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    first, second = open_event_store(url), open_event_store(url)
    try:
        datastores = [cast(Any, store.recorder).datastore for store in (first, second)]
        assert datastores[0].write_lock is datastores[1].write_lock

        def write(store: Any, prefix: str) -> Callable[[], None]:
            def job() -> None:
                for number in range(CREDITS):
                    store.recorder.insert_events([stored_event(f"{prefix}{number}")])

            return job

        errors = run_together(write(first, "a"), write(second, "b"))

        assert errors == []
        assert len(first.recorder.select_notifications(0, 10 * CREDITS)) == 2 * CREDITS
    finally:
        first.close()
        second.close()


def held_elsewhere(lock: Any) -> bool:
    """Whether another thread holds a (re-entrant) lock: this thread cannot take it now."""
    taken: list[bool] = []

    def probe() -> None:
        taken.append(lock.acquire(blocking=False))
        if taken[0]:
            lock.release()  # an RLock is released by the thread that took it

    prober = threading.Thread(target=probe)
    prober.start()
    prober.join(GUARD_SECONDS)
    return not taken[0]


def test_a_read_goes_past_writers_waiting_for_their_turn(tmp_path: Path) -> None:
    store = open_event_store(f"sqlite:///{tmp_path / 'one.db'}")
    datastore = cast(SQLiteStore, cast(Any, store.recorder).datastore)
    writing, release, waiting = threading.Event(), threading.Event(), threading.Event()

    def hold_the_write() -> None:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute("SELECT 1")
            writing.set()
            release.wait(GUARD_SECONDS)

    def wait_for_a_turn() -> None:
        waiting.set()
        store.recorder.insert_events([stored_event("queued")])

    holder = threading.Thread(target=hold_the_write)
    holder.start()
    writing.wait(GUARD_SECONDS)
    queued = threading.Thread(target=wait_for_a_turn)
    queued.start()
    waiting.wait(GUARD_SECONDS)
    try:
        # Both writers are out (one writing, one waiting): a read is answered all the same.
        assert store.recorder.select_notifications(0, 10) == []
        assert held_elsewhere(datastore.write_lock)
    finally:
        release.set()
        holder.join(GUARD_SECONDS)
        queued.join(GUARD_SECONDS)
    assert len(store.recorder.select_notifications(0, 10)) == 1
    store.close()


def test_a_read_model_commit_leaves_saves_fully_synced(tmp_path: Path) -> None:
    services = bootstrap(
        Settings(database_url=f"sqlite:///{tmp_path / 'one.db'}"), clock=FixedClock()
    )
    services.projections.stop()
    try:
        services.khata.open_shop("s1", "Shop")
        assert services.projections.catch_up() > 0
        pooled = cast(Any, services.store.recorder).datastore.pool._pool
        assert pooled
        for connection in pooled:  # whichever one the read models' commits used
            cursor = connection.cursor()
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL: an event save is on disk when it returns
    finally:
        services.close()


def stored_event(key: str) -> StoredEvent:
    return StoredEvent(
        originator_id=uuid5(NAMESPACE_URL, key),
        originator_version=1,
        topic="test:Written",
        state=b"{}",
    )


def test_a_writer_that_keeps_losing_takes_the_write_turn(tmp_path: Path) -> None:
    # Reads never wait for writers, so only the write turn held across a read and its save
    # guarantees that a writer which lost its race several times wins the next one.
    store = open_event_store(f"sqlite:///{tmp_path / 'one.db'}")
    datastore = cast(SQLiteStore, cast(Any, store.recorder).datastore)
    held: list[bool] = []

    def attempt() -> int:
        held.append(held_elsewhere(datastore.write_lock))
        if len(held) <= OPTIMISTIC_ATTEMPTS:
            raise IntegrityError("another writer got there first")
        return len(held)

    assert store.retrying(attempt) == OPTIMISTIC_ATTEMPTS + 1
    assert held == [False] * OPTIMISTIC_ATTEMPTS + [True]
    store.close()


def test_an_event_save_waiting_for_the_turn_goes_before_a_read_model(tmp_path: Path) -> None:
    # A read model's commit (derived, caught up later as well) starts only when no event save
    # waits for the file's write turn: a command's save waits for the one commit in progress.
    store = open_event_store(f"sqlite:///{tmp_path / 'one.db'}")
    datastore = cast(SQLiteStore, cast(Any, store.recorder).datastore)
    order: list[str] = []
    saving, read_model_asked = threading.Event(), threading.Event()

    def save() -> None:
        saving.set()
        with datastore.exclusively():  # an event save's turn
            order.append("save")

    def read_model() -> None:
        read_model_asked.set()
        with datastore.deferred_connection():
            order.append("read model")

    with datastore.exclusively():  # the turn is taken: both have to wait for it
        saver = threading.Thread(target=save)
        saver.start()
        saving.wait(GUARD_SECONDS)
        while not datastore.write_turn.saves_waiting:
            threading.Event().wait(0.001)
        deriver = threading.Thread(target=read_model)
        deriver.start()
        read_model_asked.wait(GUARD_SECONDS)
    saver.join(GUARD_SECONDS)
    deriver.join(GUARD_SECONDS)
    assert order == ["save", "read model"]
    store.close()


def test_read_models_wake_once_the_live_answer_is_out_or_put_off_too_long() -> None:
    live = LiveWrites()
    woken: list[str] = []
    with live.pending():
        live.when_quiet(lambda: woken.append("late"))
        assert woken == []  # a command's answer is in progress: the read models wait
    assert woken == ["late"]
    live.when_quiet(lambda: woken.append("now"))
    assert woken == ["late", "now"]  # nothing in progress: at once
    with live.pending():
        first = lambda: woken.append("first")  # noqa: E731
        live.when_quiet(first)
        threading.Event().wait(DEFER_SECONDS * 1.5)  # answers keep coming: not put off for ever
        live.when_quiet(first)
        assert woken[2:] == ["first"]
    assert woken[2:] == ["first"]


def test_only_the_background_catch_up_gives_way(tmp_path: Path) -> None:
    services = bootstrap(
        Settings(database_url=f"sqlite:///{tmp_path / 'one.db'}"), clock=FixedClock()
    )
    services.projections.stop()
    live = services.store.live
    seen: list[bool] = []
    live.wait_quiet = lambda seconds=0.0: seen.append(live.gives_way())  # type: ignore[method-assign]
    try:
        services.khata.open_shop("s1", "Shop")
        with live.pending():  # a command is being answered
            assert services.projections.catch_up() > 0  # a reader's own: it goes in turn
            assert seen == []
            services.khata.register_customer("s1", "Rahul", "c1")
            assert services.projections.catch_up(interruptible=True) > 0  # the background's
            assert seen and all(seen)
    finally:
        services.close()
