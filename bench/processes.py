"""Scaling benchmark: commands/s with 1 and with 2 `bolkhata serve` processes on one PostgreSQL.

The read models are left to a projection worker outside the servers (`bolkhata projections
run`; the servers run with BOLKHATA_PROJECTIONS=external) on a migrated schema. Both servers
start once; the rounds alternate, so that a change in the machine's load falls on both:

- "1 process": --sessions sessions of as many shops (the shops `one-*`), all sent to server A
  (server B stays up, idle: its CPU is printed too);
- "2 processes": --sessions sessions of other shops (`two-*`), each shop routed to one server.

A shop is always routed to the same server, as `deploy/haproxy.cfg` does: through HAProxy when
it is installed (one HAProxy with only A behind it, one with A and B, both from
deploy/haproxy.cfg, `balance url_param shop`), else straight to the server its hash names
(--route direct). Each round is bench/ws.py's "many shops" burst: every session says its
--commands at once (4 balance checks : 1 credit), commands/s until every task has ended. One
warm-up round of each is discarded; the figures are the median of --rounds rounds, the ratio
2 processes / 1 process, and the servers' CPU seconds per task (from /proc of their pids).
Afterwards every credit answered `task:completed` is checked to be in the ledger exactly once.

    .venv/bin/python bench/processes.py                         # 3 rounds each, HAProxy if any
    .venv/bin/python bench/processes.py --rounds 5 --route direct
    .venv/bin/python bench/processes.py --profile var/processes  # + a py-spy round of each
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx  # noqa: E402
from ws import (  # the client, the seed, the server and the ledger check are bench/ws.py's
    CODE,
    RATE,
    Shop,
    alone,
    burst,
    check_ledger,
    cpu_seconds,
    database,
    ms,
    profiled,
    script,
    seed,
    server,
)

from infrastructure.schema import migrate  # noqa: E402
from infrastructure.settings import Settings  # noqa: E402
from interfaces.cluster import DEPLOY, free_port, haproxy_config  # noqa: E402

EXTERNAL = {"BOLKHATA_PROJECTIONS": "external"}
CLI = "import sys; from interfaces.cli import main; sys.argv[0] = 'bolkhata'; main()"


@contextmanager
def process(name: str, command: list[str]) -> Iterator[int]:
    """A child process (its log kept in the temp folder), stopped at the end; yields its pid."""
    path = Path(tempfile.gettempdir()) / f"bolkhata-bench-{name}-{os.getpid()}.log"
    print(f"  {name} log: {path}", flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOLKHATA_")}
    env |= {"PYTHONPATH": str(CODE), "BOLKHATA_CUSTOMER_RATE_PER_MINUTE": str(RATE)}
    with path.open("wb") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=CODE)
        try:
            yield child.pid
        finally:
            child.terminate()
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()


def worker(url: str) -> Any:
    return process(
        "worker", [sys.executable, "-c", CLI, "projections", "run", "--database-url", url]
    )


@contextmanager
def balancer(name: str, backends: list[int]) -> Iterator[tuple[str, int]]:
    """HAProxy with deploy/haproxy.cfg in front of `backends`; yields its WebSocket URL, pid."""
    port = free_port()
    config = Path(tempfile.gettempdir()) / f"bolkhata-bench-{name}-{os.getpid()}.cfg"
    config.write_text(haproxy_config(DEPLOY.read_text(), port, backends))
    haproxy = shutil.which("haproxy") or "haproxy"
    with process(name, [haproxy, "-db", "-f", str(config)]) as pid:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy {name} did not answer on {port}")
            time.sleep(0.1)
        yield f"ws://127.0.0.1:{port}/ws/voice?shop={{shop}}", pid


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of each running `postgres` process (every database: other work included)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                found[int(entry.name)] = cpu_seconds(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            pass  # it ended meanwhile
    return found


def cpu_now(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far: each child, this client, PostgreSQL, and the machine's busy total."""
    found = {name: cpu_seconds(pid) for name, pid in pids.items()}
    found["client"] = cpu_seconds(os.getpid())
    found["machine"] = machine_busy()[0] / os.sysconf("SC_CLK_TCK")
    return found


def merge(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Concurrent bursts (one per server, --route direct) as one round: the longest wall."""
    credited: Counter[tuple[str, str]] = Counter()
    for got in results:
        credited.update(got["credited"])
    return {
        "commands": sum(g["commands"] for g in results),
        "wall": max(g["wall"] for g in results),
        "ended": sum(g["ended"] for g in results),
        "queued": [x for g in results for x in g["queued"]],
        "failed": [x for g in results for x in g["failed"]],
        "problems": [x for g in results for x in g["problems"]],
        "credited": credited,
    }


async def one_round(routes: dict[str, list[Shop]], commands: int, limit: float) -> dict[str, Any]:
    plans = {
        url: [(s, script(list(s.customers), commands, 0)) for s in shops]
        for url, shops in routes.items()
        if shops
    }
    return merge(await asyncio.gather(*(burst(url, plan, limit) for url, plan in plans.items())))


def measured(
    routes: dict[str, list[Shop]], pids: dict[str, int], args: argparse.Namespace
) -> dict[str, Any]:
    """One round, with each process's CPU seconds and the machine's busy share over it."""
    cpu, postgres = cpu_now(pids), postgres_cpu()
    busy, total = machine_busy()
    got = asyncio.run(one_round(routes, args.commands, args.timeout))
    busy2, total2 = machine_busy()
    after, postgres_after = cpu_now(pids), postgres_cpu()
    used = {name: max(0.0, after[name] - cpu[name]) for name in cpu}
    # Backends that ended during the round are left out (their CPU is in "other").
    used["postgres"] = sum(s - postgres.get(pid, 0.0) for pid, s in postgres_after.items())
    # What none of ours used: other processes on the machine (other people's runs, the OS).
    used["other"] = max(0.0, used.pop("machine") - sum(used.values()))
    got["cpu"] = used
    got["machine"] = (busy2 - busy) / max(1, total2 - total)
    got["rate"] = got["commands"] / got["wall"]
    return got


def line(label: str, got: dict[str, Any], servers: list[str]) -> str:
    per_task = sum(got["cpu"][s] for s in servers) / max(1, got["ended"]) * 1000
    cpus = budget(got)
    text = (
        f"  {label}: {got['commands']:,} commands in {got['wall']:.1f} s = {got['rate']:,.0f}/s; "
        f"transcript→queued p50/p99 {ms(got['queued'])} ms; ended {got['ended']:,}, failed "
        f"{len(got['failed'])}; server CPU {per_task:.1f} ms/task; CPU {cpus}; machine "
        f"{100 * got['machine']:.0f}% busy; load {os.getloadavg()[0]:.1f}"
    )
    for problem in sorted(set(got["problems"] + got["failed"]))[:5]:
        text += f"\n     problem: {problem}"
    return text


def budget(got: dict[str, Any]) -> str:
    """Where the machine's CPU went over a round, in ms per task."""
    tasks = max(1, got["ended"])
    parts = [f"{name} {1000 * seconds / tasks:.1f}" for name, seconds in got["cpu"].items()]
    return "ms/task: " + ", ".join(parts)


def split(shops: list[Shop], urls: list[str]) -> dict[str, list[Shop]]:
    """--route direct: each shop to the server its (stable) hash names."""
    out: dict[str, list[Shop]] = {url: [] for url in urls}
    for shop in shops:
        out[urls[zlib.crc32(shop.slug.encode()) % len(urls)]].append(shop)
    return out


def port_of(ws_url: str) -> int:
    return int(ws_url.split(":")[2].split("/")[0])


def run(args: argparse.Namespace, command: str) -> list[str]:
    out: list[str] = []
    with database("postgres") as url, ExitStack() as stack:
        migrate(Settings(database_url=url))
        one = seed(url, args.sessions, 1, "one")
        two = seed(url, args.sessions, 1, "two")
        warm = seed(url, 2, 1, "warm")
        pids = {"worker": stack.enter_context(worker(url))}
        a_url, pids["A"] = stack.enter_context(server(url, EXTERNAL))
        b_url, pids["B"] = stack.enter_context(server(url, EXTERNAL))
        if args.route == "haproxy":
            solo, pids["haproxy1"] = stack.enter_context(balancer("haproxy1", [port_of(a_url)]))
            pair, pids["haproxy2"] = stack.enter_context(
                balancer("haproxy2", [port_of(a_url), port_of(b_url)])
            )
            routes = {1: {solo: one}, 2: {pair: two}}
        else:
            routes = {1: {a_url: one}, 2: split(two, [a_url, b_url])}
        print(f"  server A pid {pids['A']}, server B pid {pids['B']}, worker {pids['worker']}")
        credited: Counter[tuple[str, str]] = Counter()
        for shop, ws_url in zip(warm, (a_url, b_url), strict=True):  # each server's first tasks
            credited.update(asyncio.run(alone(ws_url, shop, 5, args.timeout))["credited"])
        servers = {1: ["A"], 2: ["A", "B"]}
        rates: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        for round_ in range(args.rounds + 1):  # round 0: warm-up, not counted
            for n in (1, 2):
                got = measured(routes[n], pids, args)
                credited.update(got["credited"])
                label = f"round {round_}{' (warm-up)' if not round_ else ''}, {n} process"
                print(line(label + ("es" if n == 2 else ""), got, servers[n]), flush=True)
                if round_:
                    rates[n].append(got)
        if args.route == "direct":
            sizes = [len(shops) for shops in routes[2].values()]
            out.append(f"  2 processes: shops split {' / '.join(map(str, sizes))} by hash")
        for n in (1, 2):
            median = statistics.median(g["rate"] for g in rates[n])
            per_task = statistics.median(
                sum(g["cpu"][s] for s in servers[n]) / max(1, g["ended"]) for g in rates[n]
            )
            parts = {
                name: statistics.median(g["cpu"][name] / max(1, g["ended"]) for g in rates[n])
                for name in rates[n][0]["cpu"]
            }
            listed = ", ".join(f"{g['rate']:,.0f}" for g in rates[n])
            busy = statistics.median(g["machine"] for g in rates[n])
            out.append(
                f"  {n} process{'es' if n == 2 else ''}: median {median:,.0f} commands/s "
                f"(rounds: {listed}); server CPU {1000 * per_task:.1f} ms/task; machine "
                f"{100 * busy:.0f}% busy; CPU ms/task, medians: "
                + ", ".join(f"{name} {1000 * v:.1f}" for name, v in parts.items())
            )
        ratio = statistics.median(g["rate"] for g in rates[2]) / statistics.median(
            g["rate"] for g in rates[1]
        )
        out.append(f"  ratio 2 / 1 processes: {ratio:.2f}× (target ≥ 1.2 on 2 cores)")
        if args.profile:
            prefix = Path(args.profile)
            with (
                profiled(pids["A"], prefix.with_name(prefix.name + "-1proc-A")),
                profiled(pids["worker"], prefix.with_name(prefix.name + "-1proc-worker")),
            ):
                asyncio.run(one_round(routes[1], args.commands, args.timeout))
            with (
                profiled(pids["A"], prefix.with_name(prefix.name + "-2proc-A")),
                profiled(pids["B"], prefix.with_name(prefix.name + "-2proc-B")),
            ):
                asyncio.run(one_round(routes[2], args.commands, args.timeout))
            out.append(f"  py-spy rounds (not counted above): {prefix}-*.top.txt")
            # Their credits are not tallied: the ledger is checked for the counted ones only.
            return [f"reproduce: {command}", *out]
        wrong = check_ledger(url, one + two + warm, credited)
        out.append(
            f"  ledger: {sum(credited.values()):,} credits answered completed, "
            + ("each in the ledger exactly once" if not wrong else f"{len(wrong)} accounts WRONG")
        )
        out += [f"     {w}" for w in wrong[:10]]
    return [f"reproduce: {command}", *out]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=40, help="sessions (= shops) a round")
    parser.add_argument("--commands", type=int, default=25, help="per session")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds of each")
    haproxy = shutil.which("haproxy")
    parser.add_argument(
        "--route", choices=("haproxy", "direct"), default="haproxy" if haproxy else "direct"
    )
    parser.add_argument("--profile", default=None, help="path prefix: py-spy rounds afterwards")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per round")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    command = " ".join([".venv/bin/python bench/processes.py", *sys.argv[1:]])
    if os.environ.get("PYTHONPATH"):
        command = f"PYTHONPATH={os.environ['PYTHONPATH']} {command}"
    print(f"code under test: {CODE}")
    print(
        f"machine: {os.cpu_count()} CPUs, shared by the server processes, the projection worker, "
        f"{'HAProxy, ' if args.route == 'haproxy' else ''}this client and PostgreSQL (and "
        f"whatever else runs); load average {os.getloadavg()[0]:.1f} at the start"
    )
    lines = run(args, command)
    print("\n=== summary ===")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
