"""WebSocket benchmark: typed commands over real WebSockets against a real `bolkhata serve`.

Modes (--mode, comma-separated; every figure is printed with the command that reproduces it):

- hotpath (default), on PostgreSQL and SQLite (issue 14's figures):
  * "many shops": 40 sessions of 40 different shops × 25 commands (4 balance checks : 1
    credit), each session saying its 25 at once; commands/s, transcript → `task:queued`
    p50/p99 ms;
  * "one busy shop": 40 sessions of one shop, 5 shared customers × 25 commands;
  * "alone": 1 session, 50 commands, each said after the previous one's task has ended;
  * on PostgreSQL the eventsourcing library's own save rate (8 threads saving trivial
    aggregates on the same server, fresh schema: bench/ceiling.py) in the same run, and the
    ratio of each workload's commands/s to it;
  * afterwards every credit is checked in the ledger: each customer's balance and entries equal
    the seed plus exactly the credits that were answered `task:completed`.
- paced: N sessions each saying one command every T seconds (Poisson arrivals), N ramped over
  --paced-steps until p99 transcript → `task:queued` exceeds --paced-limit-ms (or 2,000);
  and memory per idle session (the server's RSS delta over --idle idle sessions / their count).
- burst: the older size sweep (--sizes): N sessions each saying 3 commands at once.

The customer rate limit is raised on the server (BOLKHATA_CUSTOMER_RATE_PER_MINUTE) so that a
workload's repeated balance checks measure the path, not the limiter, and so is the frame rate
limit per connection (BOLKHATA_FRAMES_PER_SECOND: the lone session's commands follow each other
faster than its 50 a second); the rest is default.
Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.

    .venv/bin/python bench/ws.py                                   # hotpath, both stores
    .venv/bin/python bench/ws.py --mode paced --backends postgres
    .venv/bin/python bench/ws.py --mode hotpath --profile var/profile   # + py-spy (bench/README.md)

To measure another checkout of the code (e.g. a baseline worktree) with this bench:
    PYTHONPATH=/tmp/bolkhata-before .venv/bin/python bench/ws.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The code under test: the first PYTHONPATH entry when given (a baseline worktree), else here.
CODE = Path(os.environ.get("PYTHONPATH", "").split(":")[0] or HERE.parent).resolve()
sys.path.insert(0, str(CODE))
sys.path.insert(1, str(HERE))

import httpx  # noqa: E402
import psycopg  # noqa: E402
import websockets  # noqa: E402
from ceiling import save_rate  # noqa: E402
from websockets.asyncio.client import ClientConnection  # noqa: E402

from domain.money import to_paise  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from interfaces.bootstrap import bootstrap  # noqa: E402

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
ENDED = ("task:completed", "task:failed", "task:cancelled")
SEED_RUPEES = 500
CREDIT_RUPEES = 100
CUSTOMERS = ["Rahul Sharma", "Priya Patel", "Amit Singh", "Suresh Kumar", "Kavita Verma"]
RATE = 1_000_000  # customer_rate_per_minute on the server: see the module docstring
FRAME_RATE = 1_000_000  # frames_per_second on the server: see the module docstring
SHOWN = ("max_parallel", "global_max_running", "frames_per_second")
SHOWN += ("postgres_pool_size", "postgres_max_overflow")
BURST_COMMANDS = ["Rahul ka balance check karo", "100 credit add karo", "kul kitna baaki hai"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{percentile(values, 0.5) * 1000:.1f} / {percentile(values, 0.99) * 1000:.1f}"


def balance_check(customer: str) -> tuple[str, str | None]:
    return f"{customer.split()[0]} ka balance batao", None


def credit(customer: str) -> tuple[str, str | None]:
    return f"{customer.split()[0]} ko {CREDIT_RUPEES} rupay udhaar do", customer


def script(customers: list[str], count: int, offset: int) -> list[tuple[str, str | None]]:
    """`count` commands, 4 balance checks then 1 credit, over `customers` in turn."""
    said = []
    for j in range(count):
        customer = customers[(offset + j) % len(customers)]
        said.append(credit(customer) if j % 5 == 4 else balance_check(customer))
    return said


# --- the store, the seed, the server -----------------------------------------------------


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A fresh store: an SQLite file, or a PostgreSQL schema created and dropped here."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@dataclass
class Shop:
    slug: str
    token: str
    customers: dict[str, str]  # name → customer id


def seed(url: str, shops: int, customers: int, prefix: str) -> list[Shop]:
    services = bootstrap(Settings(database_url=url))
    try:
        made = []
        for i in range(shops):
            slug = f"{prefix}-{i}"
            services.khata.open_shop(slug, slug)
            ids = {}
            for name in CUSTOMERS[:customers]:
                ref = f"seed:{slug}:{name}"
                got = services.khata.register_customer(slug, name, ref)
                ids[name] = got["customer_id"]
                services.khata.give_credit(slug, ids[name], to_paise(SEED_RUPEES), ref + ":c")
            made.append(Shop(slug, services.access.issue(slug, "operator"), ids))
        return made
    finally:
        services.close()


def check_ledger(url: str, shops: list[Shop], credited: Counter[tuple[str, str]]) -> list[str]:
    """Every credit answered `task:completed` is in the ledger exactly once, no other one is."""
    services = bootstrap(Settings(database_url=url))
    wrong = []
    try:
        for shop in shops:
            for name, customer_id in shop.customers.items():
                account = services.khata.account(shop.slug, customer_id)
                entries = [e for e in account.entries if not e.reversed]
                done = credited[(shop.slug, name)]
                want = to_paise(SEED_RUPEES) + done * to_paise(CREDIT_RUPEES)
                if account.balance != want or len(entries) != 1 + done:
                    wrong.append(
                        f"{shop.slug}/{name}: balance {account.balance} (want {want}), "
                        f"{len(entries)} entries (want {1 + done})"
                    )
        return wrong
    finally:
        services.close()


@contextmanager
def server(url: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """A `bolkhata serve` on a free port (`env`: extra settings); yields its WebSocket URL, pid."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    code = "import sys; from interfaces.cli import main; sys.argv[0] = 'bolkhata'; main()"
    command = [sys.executable, "-c", code, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--database-url", url]
    # The server's log is kept (its path printed) for whatever a run finds wrong.
    path = Path(tempfile.gettempdir()) / f"bolkhata-bench-serve-{port}.log"
    print(f"  server log: {path}", flush=True)
    with path.open("w+b") as log:
        extra = env or {}
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOLKHATA_")}
        env |= {"PYTHONPATH": str(CODE), "BOLKHATA_CUSTOMER_RATE_PER_MINUTE": str(RATE)}
        env |= {"BOLKHATA_FRAMES_PER_SECOND": str(FRAME_RATE)}
        env |= extra
        # cwd: `python -c` puts it first on sys.path, so it must be the code under test.
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(CODE)
        )
        try:
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                log.seek(0)
                raise RuntimeError(f"server did not start: {log.read().decode()[-2000:]}")
            yield base.replace("http", "ws") + "/ws/voice", process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(ln for ln in status.splitlines() if ln.startswith("VmRSS:")).split()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- a session, as the client sees it ------------------------------------------------------


@dataclass
class Talker:
    """One open session: a reader task matching each transcript to its task's frames."""

    ws: ClientConnection
    shop: Shop
    sent: deque[tuple[float, str | None]] = field(default_factory=deque)
    utterances: dict[str, tuple[float, str | None]] = field(default_factory=dict)
    tasks: dict[str, str | None] = field(default_factory=dict)  # task id → credited customer
    queued: list[float] = field(default_factory=list)  # transcript → task:queued, seconds
    ended: int = 0
    failed: list[str] = field(default_factory=list)
    credited: Counter[tuple[str, str]] = field(default_factory=Counter)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    kinds: Counter[str] = field(default_factory=Counter)  # frames received, by type
    reader: asyncio.Task[None] | None = None
    closed: bool = False  # the server (or a proxy) closed the connection: nothing more comes

    async def say(self, text: str, customer: str | None) -> None:
        self.sent.append((time.perf_counter(), customer))
        await self.ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))

    async def read(self) -> None:
        try:
            await self._read()
        finally:
            self.closed = True
            self.changed.set()

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            now = time.perf_counter()
            kind = frame.get("type")
            self.kinds[str(kind)] += 1
            if kind == "transcript:final" and self.sent:
                self.utterances[frame["utterance_id"]] = self.sent.popleft()
            elif kind == "task:queued":
                task = frame["task"]
                said, customer = self.utterances.get(task.get("utterance_id"), (now, None))
                self.queued.append(now - said)
                self.tasks[task["task_id"]] = customer
            elif kind in ENDED:
                self.ended += 1
                customer = self.tasks.pop(frame.get("task_id", ""), None)
                if kind == "task:completed" and customer is not None:
                    self.credited[(self.shop.slug, customer)] += 1
                elif kind != "task:completed":
                    self.failed.append(str(frame.get("error", {}).get("code", kind)))
                self.changed.set()
            elif kind == "error":
                self.failed.append(f"error frame {frame.get('code')}")
                self.changed.set()

    async def until_ended(self, count: int, limit: float) -> None:
        async with asyncio.timeout(limit):
            while self.ended < count:
                if self.closed:  # say so now rather than wait out the limit
                    raise ConnectionError(
                        f"closed (code {self.ws.close_code}) with {self.ended} of {count} ended"
                    )
                if refused := [f for f in self.failed if f.startswith("error frame")]:
                    raise ConnectionError(f"{refused[0]} with {self.ended} of {count} ended")
                self.changed.clear()
                await self.changed.wait()

    async def close(self) -> None:
        await self.ws.close()
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 5)
            except (TimeoutError, websockets.ConnectionClosed):
                self.reader.cancel()


async def open_talker(url: str, shop: Shop) -> Talker:
    url = url.replace("{shop}", shop.slug)  # a URL may route by shop (bench/processes.py)
    auth = {"Authorization": f"Bearer {shop.token}"}
    ws = await websockets.connect(url, additional_headers=auth, open_timeout=120, max_queue=None)
    await ws.recv()  # session:ready
    talker = Talker(ws, shop)
    talker.reader = asyncio.create_task(talker.read())
    return talker


async def open_many(url: str, shops: list[Shop], batch: int = 100) -> list[Talker]:
    talkers: list[Talker] = []
    for start in range(0, len(shops), batch):  # in batches: a storm of handshakes times out
        talkers += await asyncio.gather(
            *(open_talker(url, s) for s in shops[start : start + batch])
        )
    return talkers


def tally(talkers: list[Talker]) -> dict[str, Any]:
    credited: Counter[tuple[str, str]] = Counter()
    for t in talkers:
        credited.update(t.credited)
    return {
        "queued": [x for t in talkers for x in t.queued],
        "ended": sum(t.ended for t in talkers),
        "failed": [x for t in talkers for x in t.failed],
        "credited": credited,
    }


# --- hotpath: burst workloads, alone ------------------------------------------------------


async def burst(url: str, plan: list[tuple[Shop, list[tuple[str, str | None]]]], limit: float):
    """Every session opens first; then each says all its commands at once; until all ended."""
    talkers = await open_many(url, [shop for shop, _ in plan])
    started = time.perf_counter()

    async def run(talker: Talker, said: list[tuple[str, str | None]]) -> None:
        for text, customer in said:
            await talker.say(text, customer)
        await talker.until_ended(len(said), limit)

    outcome = await asyncio.gather(
        *(run(t, said) for t, (_, said) in zip(talkers, plan, strict=True)), return_exceptions=True
    )
    wall = time.perf_counter() - started
    await asyncio.gather(*(t.close() for t in talkers))
    got = tally(talkers)
    got["problems"] = [repr(e) for e in outcome if isinstance(e, BaseException)]
    for talker, (_, said), result in zip(talkers, plan, outcome, strict=True):
        if isinstance(result, BaseException):  # what a session that did not finish received
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(talker.kinds.items()))
            got["problems"].append(f"{talker.shop.slug}: said {len(said)}, received {kinds}")
    return got | {"wall": wall, "commands": sum(len(s) for _, s in plan)}


async def alone(url: str, shop: Shop, count: int, limit: float) -> dict[str, Any]:
    """One session; each command said once the previous one's task has ended."""
    talker = await open_talker(url, shop)
    said = script(list(shop.customers), count, 0)
    started = time.perf_counter()
    try:
        for i, (text, customer) in enumerate(said):
            await talker.say(text, customer)
            await talker.until_ended(i + 1, limit)
    finally:
        wall = time.perf_counter() - started
        await talker.close()
    return tally([talker]) | {"wall": wall, "commands": count, "problems": []}


# --- py-spy --------------------------------------------------------------------------------


@contextmanager
def profiled(pid: int, path: Path | None, gil: bool = False) -> Iterator[None]:
    """py-spy record of the server while the block runs (raw collapsed stacks + a summary):
    every thread, waiting ones included, or with `gil` only the thread holding the GIL, which
    is where the server's one interpreter spends its CPU."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_suffix(".raw.txt")
    spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid)]
    spy.append("--gil" if gil else "--idle")
    # --nonblocking: without it py-spy stops the server 100 times a second, which cut the
    # many-shops throughput 3-6× in our runs; throughput is taken from runs without --profile.
    spy += ["--rate", "100", "--nonblocking", "--format", "raw", "-o", str(raw)]
    process = subprocess.Popen(spy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # attached before the load starts
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
        if raw.exists():
            summary = summarise(raw)
            path.with_suffix(".top.txt").write_text(summary)
            print(summary)
        else:
            print(
                f"py-spy wrote nothing: {process.stderr.read().decode()[-500:] if process.stderr else ''}"
            )


def summarise(raw: Path, top: int = 15) -> str:
    """Top functions by own samples (where threads are) and by total samples (what they do).

    Samples of threads parked with nothing to do (a thread pool's idle workers, psycopg's pool
    and scheduler threads waiting for work) are counted, then left out: with 40 idle workers
    they would be most samples and hide what the busy threads wait on; so are a projection
    runner's samples waiting for its next wake-up."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = parked = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = [short(f) for f in stack.split(";")]
        idle_runner = len(frames) > 2 and frames[-3].startswith("Projections._run ")
        if idle_runner or (not any(is_ours(f) for f in frames) and any(p in stack for p in PARKED)):
            parked += n
            continue
        own[frames[-1]] += n
        for name in set(frames):
            total[name] += n
    busy = max(1, samples - parked)
    lines = [
        f"py-spy: {samples:,} samples of all threads (idle included); {parked:,} of threads "
        f"parked waiting for work left out; % of the other {busy:,}:",
        "own %  function (where the busy threads are)",
    ]
    lines += [f"{100 * n / busy:5.1f}  {name}" for name, n in own.most_common(top)]
    lines += ["total %  function (the project's own code)"]
    ours = [(k, v) for k, v in total.most_common() if is_ours(k)][:top]
    lines += [f"{100 * n / busy:5.1f}  {name}" for name, n in ours]
    return "\n".join(lines) + f"\nraw stacks: {raw}"


PARKED = ("Queue.get (queue.py", "Scheduler.run (psycopg_pool", "_worker (concurrent/futures")


def short(frame: str) -> str:
    """'func (path/to/file.py:12)' → 'func (file.py)'."""
    name, _, where = frame.partition(" (")
    file = where.rstrip(")").rsplit(":", 1)[0]
    parts = Path(file).parts
    return f"{name} ({'/'.join(parts[-2:])})"


def is_ours(name: str) -> bool:
    return any(f"({p}/" in name for p in ("domain", "application", "infrastructure", "interfaces"))


# --- paced ---------------------------------------------------------------------------------


async def paced_step(talkers: list[Talker], period: float, seconds: float, seed: int):
    """Each session says one command at Poisson times (mean gap `period`) for `seconds`."""
    for t in talkers:
        t.queued.clear()
        t.failed.clear()
    before = sum(t.ended for t in talkers)
    rng = random.Random(seed)
    sent = [0]

    async def pace(talker: Talker, gaps: list[float]) -> None:
        customers = list(talker.shop.customers)
        for gap in gaps:
            await asyncio.sleep(gap)
            who = rng.choice(customers)  # 4 balance checks : 1 credit, at random
            text, customer = credit(who) if rng.random() < 0.2 else balance_check(who)
            await talker.say(text, customer)
            sent[0] += 1

    plans = []
    for talker in talkers:
        gaps, at = [], rng.expovariate(1 / period)
        while at < seconds:
            gaps.append(at - sum(gaps))
            at += rng.expovariate(1 / period)
        plans.append(pace(talker, gaps))
    await asyncio.gather(*plans)
    deadline = time.monotonic() + 30  # bounded: the last commands' frames

    def settled() -> bool:
        queued = sum(len(t.queued) for t in talkers) >= sent[0]
        ended = sum(t.ended for t in talkers) - before >= sent[0]
        return (queued and ended) or time.monotonic() > deadline

    while not settled():  # noqa: ASYNC110 (a poll of the client's own counters)
        await asyncio.sleep(0.1)
    got = tally(talkers)
    return got | {"sent": sent[0], "ended_now": sum(t.ended for t in talkers) - before}


async def paced(url: str, pid: int, shops: list[Shop], args: argparse.Namespace) -> dict[str, Any]:
    # Memory per idle session: the server's RSS over --idle idle sessions, after a warm-up.
    warm = await open_many(url, [shops[i % len(shops)] for i in range(20)])
    await asyncio.sleep(1)
    before = rss_kb(pid)
    idle = await open_many(url, [shops[i % len(shops)] for i in range(args.idle)])
    await asyncio.sleep(2)
    per_idle = (rss_kb(pid) - before) / len(idle)
    await asyncio.gather(*(t.close() for t in idle + warm))
    print(f"  memory per idle session: {per_idle:.1f} KB ({args.idle} idle sessions)", flush=True)
    steps = [int(n) for n in args.paced_steps.split(",")]
    talkers: list[Talker] = []
    best, rows, credited = 0, [], Counter[tuple[str, str]]()
    began = time.monotonic()
    try:
        for n in steps:
            if time.monotonic() - began > args.paced_budget:
                rows.append(f"  stopped: the paced budget of {args.paced_budget:.0f} s is spent")
                break
            talkers += await open_many(url, [shops[i % len(shops)] for i in range(len(talkers), n)])
            cpu = cpu_seconds(pid)
            got = await paced_step(talkers, args.period, args.paced_seconds, n)
            used = cpu_seconds(pid) - cpu
            p99 = percentile(got["queued"], 0.99) * 1000
            answered = len(got["queued"]) >= got["sent"] and got["ended_now"] >= got["sent"]
            ok = answered and not got["failed"] and p99 <= args.paced_limit_ms
            rows.append(
                f"  N={n:>5}: {got['sent']:>6,} commands in {args.paced_seconds:.0f} s "
                f"({got['sent'] / args.paced_seconds:6.1f}/s), transcript→queued p50/p99 "
                f"{ms(got['queued'])} ms, queued {len(got['queued']):,}, ended "
                f"{got['ended_now']:,}, failed {len(got['failed'])}, server CPU {used:.1f} s, "
                f"load {os.getloadavg()[0]:.1f} → {'ok' if ok else 'FAIL'}"
            )
            print(rows[-1], flush=True)
            if not ok:
                break
            best = n
    finally:
        await asyncio.gather(*(t.close() for t in talkers))
        for t in talkers:
            credited.update(t.credited)
    return {"best": best, "rows": rows, "per_idle_kb": per_idle, "credited": credited}


# --- the runs ------------------------------------------------------------------------------


def measured(pid: int, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A workload's figures and the server's CPU seconds while it ran."""
    before = cpu_seconds(pid)
    got = run()
    return got | {"server_cpu": cpu_seconds(pid) - before}


def show(name: str, got: dict[str, Any], ceiling: float | None) -> str:
    rate = got["commands"] / got["wall"] if got["wall"] else 0.0
    ratio = f", {rate / ceiling:.2f}× the ceiling" if ceiling else ""
    cpu = got.get("server_cpu")
    busy = (
        f"; server CPU {1000 * cpu / max(1, got['commands']):.1f} ms a command"
        f" ({cpu / got['wall']:.0%} of a core)"
        if cpu is not None and got["wall"]
        else ""
    )
    line = (
        f"  {name}: {got['commands']:,} commands in {got['wall']:.1f} s = {rate:,.0f} commands/s"
        f"{ratio}; transcript→queued p50/p99 {ms(got['queued'])} ms; ended {got['ended']:,}, "
        f"failed {len(got['failed'])}{busy}; load average {os.getloadavg()[0]:.1f}"
    )
    for problem in sorted(set(got["problems"] + got["failed"]))[:8]:
        line += f"\n     problem: {problem}"
    return line


def hotpath(backend: str, args: argparse.Namespace, command: str) -> list[str]:
    out = []
    with database(backend) as url:
        began = time.perf_counter()
        many = seed(url, args.sessions, 1, "many")
        busy = seed(url, 1, 5, "busy")
        lone = seed(url, 1, 5, "alone")
        print(f"{backend}: seeded in {time.perf_counter() - began:.0f} s", flush=True)
        ceiling = None
        if backend == "postgres":
            found = save_rate(8, args.ceiling_seconds)
            ceiling = found["saves_per_s"]
            out.append(
                f"  ceiling: eventsourcing 8-thread save rate, same PostgreSQL, same run: "
                f"{ceiling:,.0f} saves/s (p50 {found['p50_ms']:.1f} ms, p99 {found['p99_ms']:.1f}"
                " ms per save)"
            )
            print(out[-1], flush=True)
        credited: Counter[tuple[str, str]] = Counter()
        with server(url) as (ws_url, pid):
            warm = asyncio.run(alone(ws_url, lone[0], 5, args.timeout))  # warm-up: not shown
            credited.update(warm["credited"])  # but its credit is in the ledger
            plan = [(s, script(list(s.customers), args.commands, 0)) for s in many]
            with profiled(pid, args.profile and Path(f"{args.profile}-{backend}"), args.gil):
                got = measured(pid, lambda: asyncio.run(burst(ws_url, plan, args.timeout)))
            credited.update(got["credited"])
            out.append(
                show(f"many shops ({args.sessions} sessions × {args.commands})", got, ceiling)
            )
            print(out[-1], flush=True)
            shared = list(busy[0].customers)
            plan = [(busy[0], script(shared, args.commands, i)) for i in range(args.sessions)]
            got = measured(pid, lambda: asyncio.run(burst(ws_url, plan, args.timeout)))
            credited.update(got["credited"])
            out.append(show(f"one busy shop ({args.sessions} sessions, 5 customers)", got, ceiling))
            print(out[-1], flush=True)
            with profiled(pid, args.profile and Path(f"{args.profile}-{backend}-alone"), args.gil):
                got = measured(
                    pid, lambda: asyncio.run(alone(ws_url, lone[0], args.alone, args.timeout))
                )
            credited.update(got["credited"])
            out.append(show(f"1 session alone × {args.alone}, one at a time", got, None))
            print(out[-1], flush=True)
        wrong = check_ledger(url, many + busy + lone, credited)
        out.append(
            f"  ledger: {sum(credited.values()):,} credits answered completed, "
            + ("each in the ledger exactly once" if not wrong else f"{len(wrong)} accounts WRONG")
        )
        out += [f"     {w}" for w in wrong[:10]]
        print(out[-1], flush=True)
    return [f"{backend} — reproduce: {command}", *out]


def paced_run(backend: str, args: argparse.Namespace, command: str) -> list[str]:
    with database(backend) as url:
        shops = seed(url, args.paced_shops, 5, "paced")
        with server(url) as (ws_url, pid):
            got = asyncio.run(paced(ws_url, pid, shops, args))
        wrong = check_ledger(url, shops, got["credited"])
    out = [f"{backend} paced, one command every {args.period:g} s each — reproduce: {command}"]
    out += got["rows"]
    out.append(
        f"  largest N with p99 transcript→queued ≤ {args.paced_limit_ms:g} ms: {got['best']:,}"
        f"; memory per idle session {got['per_idle_kb']:.1f} KB ({args.idle} idle)"
    )
    out.append(
        f"  ledger: {sum(got['credited'].values()):,} credits completed, "
        + ("each exactly once" if not wrong else f"{len(wrong)} accounts WRONG: {wrong[:3]}")
    )
    return out


async def sweep_round(url: str, shops: list[Shop], limit: float) -> dict[str, Any]:
    plan = [(s, [(text, None) for text in BURST_COMMANDS]) for s in shops]
    return await burst(url, plan, limit)


def sweep(backend: str, args: argparse.Namespace, command: str) -> list[str]:
    """The older burst mode: N sessions × 3 commands at once, N over --sizes."""
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = [f"{backend} burst — reproduce: {command}"]
    with database(backend) as url:
        shops = seed(url, max(*sizes, 10) + 1, 1, "bench")
        with server(url) as (ws_url, pid):
            asyncio.run(sweep_round(ws_url, shops[-1:], args.timeout))  # warm-up, discarded
            for n in sizes:
                cpu = cpu_seconds(pid)
                got = asyncio.run(sweep_round(ws_url, shops[:n], args.timeout))
                rows.append(
                    f"  N={n:,}: ended {got['ended']:,}, failed {len(got['failed'])}, "
                    f"transcript→queued p50/p99 {ms(got['queued'])} ms, wall {got['wall']:.1f} s, "
                    f"server CPU {cpu_seconds(pid) - cpu:.1f} s"
                )
                print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", default="hotpath", help="hotpath,paced,burst")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--commands", type=int, default=25, help="per session (hotpath)")
    parser.add_argument("--alone", type=int, default=50, help="commands of the lone session")
    parser.add_argument("--ceiling-seconds", type=float, default=3.0)
    parser.add_argument("--profile", default=None, help="path prefix for py-spy output")
    parser.add_argument(
        "--gil", action="store_true", help="--profile samples only the thread holding the GIL"
    )
    parser.add_argument("--period", type=float, default=5.0, help="paced: mean seconds between")
    parser.add_argument("--paced-steps", default="10,25,50,100,200,400,700,1000,1500,2000")
    parser.add_argument("--paced-seconds", type=float, default=15.0, help="per step")
    parser.add_argument("--paced-budget", type=float, default=600.0, help="seconds, per store")
    parser.add_argument("--paced-limit-ms", type=float, default=50.0)
    parser.add_argument("--paced-shops", type=int, default=40)
    parser.add_argument("--idle", type=int, default=1000, help="idle sessions for memory")
    parser.add_argument("--sizes", default="1,100,1000", help="burst mode")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per round")
    parser.add_argument("--summarise", type=Path, help="print a py-spy raw file's top, exit")
    args = parser.parse_args()
    if args.summarise:
        print(summarise(args.summarise))
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    command = " ".join([".venv/bin/python bench/ws.py", *sys.argv[1:]])
    if os.environ.get("PYTHONPATH"):
        command = f"PYTHONPATH={os.environ['PYTHONPATH']} {command}"
    print(f"code under test: {CODE}")
    print(
        f"machine: {os.cpu_count()} CPUs shared by the server, this client, PostgreSQL (and "
        f"whatever else runs); load average {os.getloadavg()[0]:.1f} at the start"
    )
    defaults = {name: Settings.model_fields[name].default for name in SHOWN}
    print(f"server settings: defaults {defaults}; customer_rate_per_minute={RATE:,}")
    lines: list[str] = []
    for mode in args.mode.split(","):
        for backend in args.backends.split(","):
            run = {"hotpath": hotpath, "paced": paced_run, "burst": sweep}[mode]
            lines += run(backend, args, command)
    print("\n=== summary ===")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
