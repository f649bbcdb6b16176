"""Live session engine benchmark: transcript→TaskQueued, slot free→start, memory per session."""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import sys
import tempfile
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from application.demo import DEMO_SHOP, seed_demo  # noqa: E402
from application.sessions import Session, SessionEngine, percentile  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from interfaces.bootstrap import bootstrap  # noqa: E402

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
COMMANDS = ["kul kitna baaki hai", "Rahul ka balance batao", "Priya ka balance batao"]
COMMANDS += ["Suresh ka kitna baaki hai", "kaun kaun se reminder hain"]
WORK_DELAY = 0.005  # each task holds its slot this long, so slots are contended


def rss_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(ln for ln in status.splitlines() if ln.startswith("VmRSS:")).split()[1])


async def drained(sessions: list[Session], limit: float = 120.0) -> None:
    """Until every task has ended; polling here is only the benchmark's, never the engine's."""

    def busy() -> bool:
        unfinished = any(s.conversation.unfinished() for s in sessions)
        return unfinished or not all(s.host.idle() for s in sessions)  # type: ignore[attr-defined]

    async with asyncio.timeout(limit):
        while busy():  # noqa: ASYNC110
            await asyncio.sleep(0.005)


async def talk(session: Session, count: int, offset: int = 0, wait: bool = False) -> None:
    for j in range(count):
        await session.receive_transcript(COMMANDS[(offset + j) % len(COMMANDS)])
        if wait:  # isolated: nothing else of this session runs while the next one is stored
            await drained([session])


async def talking(
    engine: SessionEngine, sessions: int, count: int, wait: bool, hold: asyncio.Event | None = None
) -> list[Any]:
    """p50/p99 ms of (transcript→TaskQueued, decision→TaskStarted) for this conversation load.

    With hold, the first tasks keep their slots until every transcript is stored, so each start
    counted afterwards is one a freed slot triggered, with every other slot busy."""
    opened = [await engine.open(DEMO_SHOP) for _ in range(sessions)]
    engine.queue_delays.clear()
    if hold is not None:
        hold.clear()
    await asyncio.gather(*(talk(s, count, i, wait) for i, s in enumerate(opened)))
    engine.start_delays.clear()
    if hold is not None:
        hold.set()
    await drained(opened)
    delays = (engine.queue_delays, engine.start_delays)
    return [(percentile(d, 0.5) * 1000, percentile(d, 0.99) * 1000) for d in delays]


async def memory_per_session(engine: SessionEngine, count: int) -> float:
    for _ in range(10):  # warm up whatever the first sessions allocate once
        await engine.open(DEMO_SHOP)
    gc.collect()
    before = rss_kb()
    for _ in range(count):
        await engine.open(DEMO_SHOP)
    gc.collect()
    return (rss_kb() - before) / count


async def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings(database_url=url, customer_rate_per_minute=1_000_000)
    go = asyncio.Event()
    go.set()

    async def work(_: object) -> None:
        await go.wait()
        await asyncio.sleep(WORK_DELAY)

    services = bootstrap(settings, work_delay=work)
    try:
        seed_demo(services.khata)
        engine = services.engine
        memory = (await memory_per_session(engine, args.idle),)
        alone, _ = await talking(engine, 1, min(200, args.utterances), wait=True)
        queued, _ = await talking(engine, args.sessions, args.utterances // args.sessions, False)
        _, start = await talking(engine, args.contended, args.commands, False, hold=go)
        _, start_alone = await talking(engine, 1, args.commands, False, hold=go)
        results = {"queued": queued, "alone": alone, "start": start, "start_alone": start_alone}
        return results | {"memory": memory}
    finally:
        services.close()


def measure_now(url: str, args: argparse.Namespace) -> dict[str, Any]:
    return asyncio.run(measure(url, args))


def run_backend(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Each backend in a fresh process, so one backend's freed memory does not hide another's."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure_now, url, args).result()


def postgres(args: argparse.Namespace) -> dict[str, Any] | None:
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        print(f"note: PostgreSQL not reachable at {POSTGRES_URL}, skipped: {error}".strip())
        return None
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            return run_backend(f"{POSTGRES_URL}?schema={schema}", args)
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


ROWS = [  # label, figure, the system we replace: task add ~1 ms, queue polled every 100 ms
    ("transcript→TaskQueued p50/p99 ms", "queued", "~1"),
    ("  same, 1 session alone", "alone", "~1"),
    ("slot free→task started p50/p99 ms", "start", "≤100 (~50 mean)"),
    ("  same, 1 session alone", "start_alone", "≤100 (~50 mean)"),
    ("memory per idle session KB", "memory", "~50"),
]


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"\n{args.utterances} utterances on {args.sessions} sessions; {args.idle} idle sessions;")
    print(f"{args.contended}×{args.commands} commands holding slots {WORK_DELAY * 1e3:.0f} ms.\n")
    print(f"{'metric':<34}" + "".join(f" {n:>15}" for n in results) + f" {'replaced':>16}")
    for label, key, old in ROWS:
        cells = [" / ".join(f"{v:.1f}" for v in r[key]) for r in results.values()]
        print(f"{label:<34}" + "".join(f" {c:>15}" for c in cells) + f" {old:>16}")
    print("\nreproduce:", " ".join([".venv/bin/python bench/sessions.py", *sys.argv[1:]]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--utterances", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=5, help="sessions the utterances go to")
    parser.add_argument("--contended", type=int, default=20, help="sessions contending for slots")
    parser.add_argument("--commands", type=int, default=20, help="commands per contending session")
    parser.add_argument("--idle", type=int, default=1000, help="idle sessions for memory")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                results[backend] = run_backend(f"sqlite:///{folder}/bench.db", args)
        elif backend == "postgres":
            if (found := postgres(args)) is None:
                continue
            results[backend] = found
        else:
            parser.error(f"unknown backend {backend!r}")
    report(results, args)


if __name__ == "__main__":
    main()
