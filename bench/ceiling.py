"""The storage ceiling: the eventsourcing library's own save rate on the same PostgreSQL.

A trivial Application and Aggregate (one event per save, nothing of Bolkhata's), in a fresh
schema, with --threads threads each saving new aggregates for --seconds: saves/s. This is the
figure the hot path is measured against (issue 14: end to end ≥ 0.5× this rate); bench/ws.py
runs it in the same run as its workloads.

    .venv/bin/python bench/ceiling.py                      # 8 threads × 3 s
    .venv/bin/python bench/ceiling.py --threads 1 --seconds 5
"""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


class Thing(Aggregate):
    """The least an aggregate can be: one creation event, no state."""


class Ceiling(Application):
    pass


@contextmanager
def fresh_schema(url: str = POSTGRES_URL) -> Iterator[str]:
    schema = f"ceiling_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield schema
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def save_rate(threads: int = 8, seconds: float = 3.0) -> dict[str, float]:
    """Saves/s of `threads` threads saving one-event aggregates for `seconds` (plus a warm-up)."""
    with fresh_schema() as schema:
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": "test",
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": "5432",
            "POSTGRES_USER": "postgres",
            "POSTGRES_PASSWORD": "",
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_POOL_SIZE": str(threads),
            "POSTGRES_MAX_OVERFLOW": "0",
        }
        app = Ceiling(env=env)
        try:
            for _ in range(50):  # warm-up: the pool's connections, the table's first pages
                app.save(Thing())
            counts = [0] * threads
            latencies: list[float] = []
            start = threading.Barrier(threads + 1)
            deadline = [0.0]

            def saver(i: int) -> None:
                start.wait()
                mine = []
                while (now := time.perf_counter()) < deadline[0]:
                    app.save(Thing())
                    mine.append(time.perf_counter() - now)
                counts[i] = len(mine)
                latencies.extend(mine)

            workers = [threading.Thread(target=saver, args=(i,)) for i in range(threads)]
            for worker in workers:
                worker.start()
            began = time.perf_counter()
            deadline[0] = began + seconds
            start.wait()
            for worker in workers:
                worker.join(seconds + 60)
            wall = time.perf_counter() - began
            latencies.sort()
            return {
                "saves_per_s": sum(counts) / wall,
                "saves": sum(counts),
                "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else 0.0,
                "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0,
            }
        finally:
            app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    got = save_rate(args.threads, args.seconds)
    print(
        f"eventsourcing {args.threads}-thread save rate on PostgreSQL: "
        f"{got['saves_per_s']:,.0f} saves/s ({got['saves']:,.0f} saves; per save p50 "
        f"{got['p50_ms']:.2f} ms, p99 {got['p99_ms']:.2f} ms)"
    )
    print(f"command: .venv/bin/python bench/ceiling.py --threads {args.threads}")


if __name__ == "__main__":
    main()
