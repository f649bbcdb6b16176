"""WebSocket benchmark: N concurrent sessions against a real `bolkhata serve`, p50/p99 latencies."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import websockets
from websockets.asyncio.client import ClientConnection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from application.sessions import percentile  # noqa: E402
from domain.money import to_paise  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from interfaces.bootstrap import bootstrap  # noqa: E402

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BIN = Path(sys.executable).parent
COMMANDS = ["Rahul ka balance check karo", "100 credit add karo", "kul kitna baaki hai"]
ENDED = ("task:completed", "task:failed", "task:cancelled")
KEYS = ("queue", "work", "failed", "problems")
SHOWN = {"max_parallel", "global_max_running", "customer_rate_per_minute", "frames_per_second"}
SHOWN |= {"postgres_pool_size", "postgres_max_overflow"}


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


def seed(url: str, shops: int) -> list[str]:
    """A shop per session, so the per-customer rate limit (a shop's customer) is not hit."""
    services = bootstrap(Settings(database_url=url))
    try:
        tokens = []
        for i in range(shops):
            shop = f"bench-{i}"
            services.khata.open_shop(shop, shop)
            rahul = services.khata.register_customer(shop, "Rahul Sharma", f"seed:{shop}")
            services.khata.give_credit(shop, rahul["customer_id"], to_paise(500), f"seed:{shop}:c")
            tokens.append(services.access.issue(shop, "operator"))
        return tokens
    finally:
        services.close()


@contextmanager
def server(url: str) -> Iterator[tuple[str, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", url]
    with tempfile.TemporaryFile() as log:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOLKHATA_")}
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            while process.poll() is None:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                log.seek(0)
                raise RuntimeError(f"server died: {log.read().decode()[-2000:]}")
            yield base.replace("http", "ws") + "/ws/voice", process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


async def open_session(url: str, token: str) -> ClientConnection:
    auth = {"Authorization": f"Bearer {token}"}
    ws = await websockets.connect(url, additional_headers=auth, open_timeout=120)
    await ws.recv()  # session:ready
    return ws


async def talk(ws: ClientConnection) -> dict[str, list[Any]]:
    """One shopkeeper: says every command at once, times each task until all have ended."""
    sent = []
    for text in COMMANDS:
        await ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))
        sent.append(time.perf_counter())
    spoken: dict[str, float] = {}
    queued: dict[str, float] = {}
    out: dict[str, list[Any]] = {"queue": [], "work": [], "failed": []}
    while len(out["work"]) + len(out["failed"]) < len(COMMANDS):
        frame = json.loads(await ws.recv())
        now = time.perf_counter()
        kind = frame["type"]
        if kind == "transcript:final":
            spoken[frame["utterance_id"]] = sent[len(spoken)]
        elif kind == "task:queued":
            queued[frame["task"]["task_id"]] = now
            out["queue"].append(now - spoken[frame["task"]["utterance_id"]])
        elif kind == "task:completed":
            out["work"].append(now - queued[frame["task_id"]])
        elif kind in ENDED:
            out["failed"].append(frame.get("error", {}).get("code", kind))
        elif kind == "error":  # not a task's end, but worth reporting
            out["failed"].append(f"error frame {frame['code']}")
    return out


async def round_of(url: str, tokens: list[str], limit: float) -> dict[str, Any]:
    """Every session opens first; then all talk at once."""
    opened = await asyncio.gather(*(open_session(url, t) for t in tokens), return_exceptions=True)
    sockets = [ws for ws in opened if isinstance(ws, ClientConnection)]
    started = time.perf_counter()
    runs = [asyncio.create_task(talk(ws)) for ws in sockets]
    done, pending = await asyncio.wait(runs, timeout=limit) if runs else (set(), set())
    wall = time.perf_counter() - started
    for run in pending:
        run.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets))
    results = [run.result() for run in done if run.exception() is None]
    got: dict[str, Any] = {k: [x for r in results for x in r[k]] for k in KEYS[:3]}
    got["problems"] = [repr(e) for e in opened if isinstance(e, BaseException)]
    got["problems"] += [repr(run.exception()) for run in done if run.exception() is not None]
    got["problems"] += ["timed out"] * len(pending)
    return got | {"wall": wall, "ok": len(results)}


async def measure(url: str, tokens: list[str], n: int, limit: float) -> dict[str, Any]:
    """Small N runs several rounds on other shops, so that its p99 means something."""
    groups = [tokens[r * n : (r + 1) * n] for r in range(max(1, 10 // n))]
    rounds = [await round_of(url, group, limit) for group in groups]
    got = {k: [x for one in rounds for x in one[k]] for k in KEYS} | {"rounds": len(rounds)}
    return got | {k: sum(one[k] for one in rounds) for k in ("ok", "wall")}


def ms(values: list[float]) -> str:
    p50, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.99))
    return f"{p50:.1f} / {p99:.1f}" if values else "-"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per round")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    print(f"client open files: {soft} → {hard}; {os.cpu_count()} CPUs, shared with the server")
    defaults = {name: Settings.model_fields[name].default for name in sorted(SHOWN)}
    print(f"server: default settings (no BOLKHATA_* passed on): {defaults}")
    print(f"each session: {len(COMMANDS)} commands at once: {', '.join(COMMANDS)}")
    head = "| backend | N | sessions ok | tasks done / failed | transcript→queued p50 / p99 ms"
    head += " | queued→completed p50 / p99 ms | wall s | CPU s server / client |"
    rows = [head, "|---" * 8 + "|"]
    for backend in args.backends.split(","):
        with database(backend) as url:
            began = time.perf_counter()
            tokens = seed(url, max(*sizes, 10) + 1)
            print(f"{backend}: seeded {len(tokens)} shops in {time.perf_counter() - began:.0f} s")
            with server(url) as (ws_url, pid):
                limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
                files = next(line for line in limits if line.startswith("Max open files"))
                print(f"{backend}: server open files (soft, hard): {files.split()[3:5]}")
                asyncio.run(round_of(ws_url, tokens[-1:], args.timeout))  # warm-up, discarded
                for n in sizes:
                    cpu = cpu_seconds(pid), time.process_time()
                    got = asyncio.run(measure(ws_url, tokens, n, args.timeout))
                    used = cpu_seconds(pid) - cpu[0], time.process_time() - cpu[1]
                    size = f"{n:,}" + (f" ×{got['rounds']}" if got["rounds"] > 1 else "")
                    rows.append(
                        f"| {backend} | {size} | {got['ok']:,} | {len(got['work']):,} / "
                        f"{len(got['failed']):,} | {ms(got['queue'])} | {ms(got['work'])} | "
                        f"{got['wall']:.1f} | {used[0]:.1f} / {used[1]:.1f} |"
                    )
                    print(rows[-1], flush=True)
                    for problem in sorted(set(got["problems"] + got["failed"]))[:5]:
                        print(f"   {n}: {problem}", flush=True)
    print("\n".join(rows))
    print(f"command: .venv/bin/python bench/ws.py --sizes {args.sizes} --backends {args.backends}")


if __name__ == "__main__":
    main()
