"""Replay and projection catch-up benchmark, on SQLite and PostgreSQL.

1. Replay: one conversation of --events events (default 100,000) is stored, then loaded
   whole, every event decoded and applied in order: events/s; and what repository.get costs.
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
import os
import shlex
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# The code under test: the first PYTHONPATH entry when given (a baseline worktree), else here.
ROOT = Path(os.environ.get("PYTHONPATH", "").split(":")[0] or Path(__file__).parent.parent)
sys.path.insert(0, str(ROOT.resolve()))

import psycopg  # noqa: E402

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


def replay(store: EventStore, events: int) -> dict[str, float]:
    started = time.perf_counter()
    conversation_id = store_conversation(store, events)
    written = time.perf_counter() - started
    started = time.perf_counter()
    conversation = None
    for event in store.events.get(conversation_id):  # every event decoded and applied
        conversation = event.mutate(conversation)
    replayed = time.perf_counter() - started
    assert conversation is not None
    count = conversation.version
    started = time.perf_counter()
    store.repository.get(conversation_id)  # what a reader pays through the repository
    snapshot = time.perf_counter() - started
    return {
        "events": count,
        "write_s": written,
        "replay_s": replayed,
        "replay_eps": count / replayed,
        "get_ms": snapshot * 1000,
    }


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
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    print("command:", shlex.join([".venv/bin/python", "bench/replay.py", *sys.argv[1:]]))
    for backend in backends:
        with database(backend, args.postgres_url) as url:
            store = open_event_store(url)
            try:
                r = replay(store, args.events)
                print(
                    f"{backend:8} replay   {r['events']:>9,.0f} events in one conversation: "
                    f"replay {r['replay_s']:.2f} s = {r['replay_eps']:,.0f} events/s; "
                    f"repository.get {r['get_ms']:.1f} ms "
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
