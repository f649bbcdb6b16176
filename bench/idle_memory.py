"""What an idle session holds in a real `bolkhata serve`: tracemalloc inside the server.

Starts the server with a tracing hook (bench/tracehook), opens 20 sessions to warm it up,
starts tracing (snapshot), opens --idle more WebSocket sessions that say nothing, takes another, and
prints the Python memory per idle session, the lines that allocated it (grouped by the first
frame in the project's code, and by the allocating line) and the RSS delta per session.

    .venv/bin/python bench/idle_memory.py                      # SQLite, 500 idle sessions
    .venv/bin/python bench/idle_memory.py --backend postgres --idle 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ws  # noqa: E402  (bench/ws.py: the seed, the server, the WebSocket client)

OURS = ("domain", "application", "infrastructure", "interfaces")


def snapshot(pid: int, prefix: str, number: int) -> tracemalloc.Snapshot:
    os.kill(pid, signal.SIGUSR1)
    path = Path(f"{prefix}.{number}")
    deadline = time.monotonic() + 120
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the server wrote no snapshot (is bench/tracehook loaded?)")
        time.sleep(0.2)
    return tracemalloc.Snapshot.load(str(path))


# The server's entry point (uvicorn.run) is on every stack: a line under it alone is uvicorn's.
ENTRY = "interfaces/cli.py"


def where(trace: tracemalloc.Traceback) -> str:
    """The innermost frame in the project's code below the entry point, else the allocating one."""
    for frame in reversed(trace):  # a traceback runs from the oldest frame to the newest
        parts = Path(frame.filename).parts
        name = "/".join(parts[-2:])
        if any(p in OURS for p in parts[-3:-1]) and "site-packages" not in parts:
            if name == ENTRY:
                break
            return f"{name}:{frame.lineno}"
    frame = trace[-1]
    return f"{'/'.join(Path(frame.filename).parts[-2:])}:{frame.lineno}"


def report(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, n: int, top: int) -> None:
    diffs = after.compare_to(before, "traceback")
    total = sum(d.size_diff for d in diffs)
    print(f"  traced Python memory: {total / n / 1024:.1f} KB per idle session")
    ours: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    files: Counter[str] = Counter()
    for d in diffs:
        ours[where(d.traceback)] += d.size_diff
        frame = d.traceback[-1]
        lines[f"{'/'.join(Path(frame.filename).parts[-2:])}:{frame.lineno}"] += d.size_diff
        files["/".join(Path(frame.filename).parts[-2:])] += d.size_diff
    print("  by the innermost project line on the stack (bytes per session):")
    for name, size in ours.most_common(top):
        print(f"    {size / n:8.0f}  {name}")
    print("  by the allocating file (bytes per session):")
    for name, size in files.most_common(top):
        print(f"    {size / n:8.0f}  {name}")
    print("  by the allocating line (bytes per session):")
    for name, size in lines.most_common(top):
        print(f"    {size / n:8.0f}  {name}")


async def measure(url: str, pid: int, shops: list[ws.Shop], args: argparse.Namespace) -> None:
    prefix = args.prefix
    warm = await ws.open_many(url, [shops[i % len(shops)] for i in range(20)])
    await asyncio.sleep(1)
    first = snapshot(pid, prefix, 0)
    rss = ws.rss_kb(pid)
    idle = await ws.open_many(url, [shops[i % len(shops)] for i in range(args.idle)])
    await asyncio.sleep(2)
    second = snapshot(pid, prefix, 1)
    print(f"  RSS: {(ws.rss_kb(pid) - rss) / args.idle:.1f} KB per idle session (traced)")
    report(first, second, args.idle, args.top)
    await asyncio.gather(*(t.close() for t in idle + warm))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--idle", type=int, default=500)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--frames", type=int, default=12, help="frames kept per allocation")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/idle_memory.py", *sys.argv[1:]]))
    with tempfile.TemporaryDirectory() as folder, ws.database(args.backend) as url:
        args.prefix = f"{folder}/snapshot"
        shops = ws.seed(url, 40, 5, "idle")
        env = {
            "PYTHONPATH": f"{HERE / 'tracehook'}:{ws.CODE}",
            "BOLKHATA_TRACE_PREFIX": args.prefix,
            "BOLKHATA_TRACE_FRAMES": str(args.frames),
        }
        with ws.server(url, env) as (ws_url, pid):
            asyncio.run(measure(ws_url, pid, shops, args))


if __name__ == "__main__":
    main()
