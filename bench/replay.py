"""Replay and projection catch-up benchmark, on SQLite and PostgreSQL.

1. Replay: one conversation of --events events (default 100,000) is stored, then loaded
   whole through the product's paths, repository.get and the audit's state?at= (best of
   --repeats, with the median and the CPU time): events/s.
2. Catch-up: --catchup-events events (default 1,000,000) in sessions of 100 events are
   stored, then every projection is rebuilt from zero (the same catch-up driver the server
   runs, pages of 1,000 notifications): seconds and events/s.

Run from the repository root, e.g.:
    .venv/bin/python bench/replay.py                                  # full scale, both stores
    .venv/bin/python bench/replay.py --events 20000 --catchup-events 100000 --backend sqlite
    .venv/bin/python bench/replay.py --catchup-events 0               # replay only
PostgreSQL: --postgres-url (default postgresql://postgres@127.0.0.1:5432/test); the bench
works in a fresh schema and drops it afterwards.
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# The code under test: the first PYTHONPATH entry when given (a baseline worktree), else here.
ROOT = Path(os.environ.get("PYTHONPATH", "").split(":")[0] or Path(__file__).parent.parent)
sys.path.insert(0, str(ROOT.resolve()))

import psycopg  # noqa: E402

from application.audit import Audit  # noqa: E402
from application.store import EventStore  # noqa: E402
from domain.conversation import Conversation  # noqa: E402
from infrastructure.eventstore import open_event_store  # noqa: E402
from infrastructure.readmodels import open_projections  # noqa: E402

IST = ZoneInfo("Asia/Kolkata")
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=IST)
INTENTS = ("CHECK_BALANCE", "ADD_CREDIT", "RECORD_PAYMENT", "CREATE_INVOICE", "DAILY_SUMMARY")
SAVE_EVERY = 1000  # events per transaction while loading


def grow(conversation: Conversation, events: int, n: int = 0) -> Iterator[int]:
    """Add tasks (transcript, command, queued, started, completed: 5 events each) until the
    conversation holds `events` events; yields after each task so callers can save."""
    at = T0
    while conversation.version < events - 1:
        n += 1
        at += timedelta(milliseconds=200)
        u, t = f"u{n}", f"t{n}"
        conversation.receive_transcript(u, "Rahul ka balance check karo", True, 0.9, "client", at)
        conversation.recognize_command(u, 0, INTENTS[n % 5], {"customer": "Rahul"})
        conversation.queue_task(t, u, INTENTS[n % 5], {}, 5, None, "c1", "Rahul", at)
        conversation.begin_task(t, at + timedelta(milliseconds=10 + n % 40))
        conversation.complete_task(
            t, {}, "ok", "hinglish", at + timedelta(milliseconds=60 + n % 90)
        )
        yield n
    conversation.end(at + timedelta(seconds=1))


def store_conversation(store: EventStore, events: int, shop: str = "bench") -> uuid.UUID:
    conversation = Conversation.start(shop, T0, uuid.uuid4())
    pending = 1
    for _ in grow(conversation, events):
        pending += 5
        if pending >= SAVE_EVERY:
            store.save(conversation)
            pending = 0
    store.save(conversation)
    return conversation.id


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float, float]:
    """Best and median wall seconds, best CPU seconds of this process, over `repeats` calls.
    The best is the figure least disturbed by whatever else the machine runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()  # the previous call's garbage is not this call's cost
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), statistics.median(walls), min(cpus)


def replay(store: EventStore, events: int, repeats: int) -> dict[str, float]:
    """The product's replay paths: `repository.get` (a resume, the audit's state now) and
    `Audit.state(at=…)` (GET /api/conversations/{id}/state?at=…), the whole conversation."""
    started = time.perf_counter()
    conversation_id = store_conversation(store, events)
    written = time.perf_counter() - started
    conversation = store.repository.get(conversation_id)
    assert isinstance(conversation, Conversation)
    count = conversation.version
    audit = Audit(store, open_projections(store))
    get = timed(lambda: store.repository.get(conversation_id), repeats)
    at = timed(lambda: audit.state(str(conversation_id), at=count), repeats)
    return {"events": count, "write_s": written, "get": get, "at": at}  # type: ignore[dict-item]


def catch_up(store: EventStore, events: int, per_session: int = 100) -> dict[str, float]:
    started = time.perf_counter()
    batch: list[Conversation] = []
    stored = 0
    while stored < events:
        conversation = Conversation.start("bench", T0, uuid.uuid4())
        for _ in grow(conversation, per_session):
            pass
        stored += conversation.version
        batch.append(conversation)
        if len(batch) * per_session >= SAVE_EVERY * 5:
            store.save(*batch)  # group commit: many sessions in one transaction
            batch = []
    if batch:
        store.save(*batch)
    written = time.perf_counter() - started
    projections = open_projections(store)
    started = time.perf_counter()
    read = projections.rebuild()
    took = time.perf_counter() - started
    started = time.perf_counter()
    again = projections.catch_up()  # nothing new: one empty page
    idle = time.perf_counter() - started
    return {
        "events": read,
        "write_s": written,
        "catchup_s": took,
        "catchup_eps": read / took,
        "idle_catchup_ms": idle * 1000,
        "idle_read": again,
    }


@contextmanager
def database(backend: str, postgres_url: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.db"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{postgres_url}?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="replayed conversation")
    parser.add_argument("--catchup-events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="replays timed; best reported")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    print("command:", shlex.join([".venv/bin/python", "bench/replay.py", *sys.argv[1:]]))
    for backend in backends:
        with database(backend, args.postgres_url) as url:
            store = open_event_store(url)
            try:
                r = replay(store, args.events, args.repeats)
                n = r["events"]
                for label, (best, median, cpu) in (
                    ("repository.get", r["get"]),
                    ("state?at=", r["at"]),
                ):
                    print(
                        f"{backend:8} replay   {n:>9,.0f} events, {label:15} best "
                        f"{n / best:>9,.0f} events/s ({best:.2f} s), median {n / median:>9,.0f}, "
                        f"CPU {n / cpu:>9,.0f} events/s; load {os.getloadavg()[0]:.1f} "
                        f"(stored in {r['write_s']:.1f} s)",
                        flush=True,
                    )
                if args.catchup_events <= 0:
                    continue
                c = catch_up(store, args.catchup_events)
                print(
                    f"{backend:8} catch-up {c['events']:>9,.0f} events, 3 projections from zero: "
                    f"{c['catchup_s']:.1f} s = {c['catchup_eps']:,.0f} events/s "
                    f"(stored in {c['write_s']:.1f} s; an idle catch-up "
                    f"{c['idle_catchup_ms']:.1f} ms)",
                    flush=True,
                )
            finally:
                store.close()


if __name__ == "__main__":
    main()
